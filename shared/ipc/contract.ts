import { z } from 'zod';
import { MAX_INCIDENTS_PAGE } from '../incidents/pageIncidents';
import { Incident } from '../domain/incident';
import { IncidentDrift } from '../incidents/incidentDrift';
import { SourceHealth } from '../domain/sourceHealth';
import { incidentEvents, incidentRequests, NotifierHealth } from './incidentContract';
import { insightsRequests } from './insightsContract';
import { runbookEvents, runbookRequests } from './runbookContract';
import { postmortemEvents, postmortemRequests } from './postmortemContract';
import { preferencesRequests } from './preferencesContract';
import { classificationRequests } from './classificationContract';
import { workspaceEvents, workspaceRequests } from './workspaceContract';

/**
 * THE contract between the main process (or browser host) and the renderer.
 * Every request and push event is listed here with its zod schemas; the preload, the IPC
 * binding, the host's WebSocket bridge and the renderer's client are all derived from it.
 * Adding a message = one entry here + one handler in electron/services.
 */

const HttpUrl = z
  .url({ protocol: /^https?$/, error: 'must be an http(s) URL, such as http://127.0.0.1:9090' })
  .trim()
  .max(2048)
  .refine((s) => !/^https?:\/\/[^/?#]*@/i.test(s), 'put credentials in the source settings, not in the URL');

export const SourceId = z.string().regex(/^[a-z0-9-]{1,64}$/);

/*
 * Sources. Secrets (bearer token, basic-auth password, PagerDuty token) are WRITE-ONLY: they
 * travel renderer -> main in add / update / test requests and go straight to the secret store;
 * no response or event ever carries one back, views only say `{ set: boolean }`.
 */

/**
 * A secret as typed by the user. Its value is never echoed in an error message. It goes into an
 * HTTP header, where a control character would make the request fail (and the HTTP library
 * quote the header, secret included, in its error), so those are refused here.
 */
const SourceSecret = z
  .string()
  .min(1, 'must not be empty')
  .max(8192, 'is too long (8192 characters at most)')
  .refine((v) => [...v].every((c) => c >= ' ' && c !== '\u007f'), 'must be one line without control characters');
/** In an update: a string replaces the secret, null clears it, absent keeps the stored one. */
const SecretChange = SourceSecret.nullable().optional();
/** What a view says about a secret: only whether one is stored. */
export const SecretState = z.strictObject({ set: z.boolean() });
export type SecretState = z.infer<typeof SecretState>;

const SourceName = z.string().trim().min(1).max(80);
const intervalSeconds = (min: number, fallback: number) => z.number().int().min(min).max(3600).default(fallback);

/** Mounted under a sub-path (Thanos, Cortex, Mimir, a reverse proxy): e.g. /prometheus. */
const PathPrefix = z
  .string()
  .trim()
  .max(200)
  .regex(/^$|^(\/[A-Za-z0-9._~%!$&'()*+,;=:@-]+)+\/?$/, 'must start with / such as /prometheus, or be empty')
  .transform((s) => s.replace(/\/+$/, ''))
  .default('');

// Credentials belong in the secret fields: kept in the secret store, never shown again.
const CREDENTIAL_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie']);
// Set by the HTTP client itself; overriding them would break the request.
const TRANSPORT_HEADERS = new Set(['host', 'content-length', 'connection', 'transfer-encoding']);
const HeaderName = z
  .string()
  .regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}$/, 'is not a valid header name')
  .refine((n) => !CREDENTIAL_HEADERS.has(n.toLowerCase()), 'carries credentials: use the token or password fields')
  .refine((n) => !TRANSPORT_HEADERS.has(n.toLowerCase()), 'is set by Vigil itself');
/**
 * Extra request headers such as X-Scope-OrgID (the tenant for Cortex / Mimir) or a gateway's API
 * key. Treated as secrets: kept in the secret store, sent only to the source's own origin, never
 * shown again (the view lists their names only).
 */
const ExtraHeadersBase = z
  .record(
    HeaderName,
    z
      .string()
      .max(1024)
      .regex(/^[\t\x20-\x7e\x80-\xff]*$/, 'must be one line of text'),
  )
  .refine((h) => Object.keys(h).length <= 20, 'at most 20 extra headers');
const ExtraHeaders = ExtraHeadersBase.default({});
/** In an edit or a test: absent keeps the stored headers, an object replaces them all ({} removes them). */
const ExtraHeadersChange = ExtraHeadersBase.optional();

/** Basic-auth user; a colon cannot be part of it (RFC 7617). Null or absent = no basic auth. */
const BasicAuthUser = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .refine((u) => [...u].every((c) => c !== ':' && c >= ' '), 'must not contain a colon or control characters')
  .nullable()
  .default(null);

/** PEM certificate(s) of a private CA to trust for this source, besides the system's. Not secret. */
const CaPem = z
  .string()
  .trim()
  .max(65536)
  // The body cannot contain '-', so this cannot backtrack badly on a long bundle.
  .regex(
    /^(-----BEGIN CERTIFICATE-----[A-Za-z0-9+/=\s]+-----END CERTIFICATE-----\s*)+$/,
    'must be PEM certificates (-----BEGIN CERTIFICATE----- ...)',
  )
  .nullable()
  .default(null);

/**
 * The other members of an HA set behind one source: the rest of an Alertmanager cluster, or the
 * second Prometheus of a pair. Same path prefix, credentials and CA as `url`. Absent in older files.
 */
const MemberUrls = z
  .array(HttpUrl)
  .max(8, 'at most 8 other members')
  .refine((list) => new Set(list).size === list.length, 'lists the same member twice')
  .default([]);
/** The labels that only say which replica of an HA pair sent an alert; one alert whatever their value. */
export const DEFAULT_REPLICA_LABELS = ['replica', 'prometheus_replica'];
const ReplicaLabels = z
  .array(z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]{0,99}$/, 'is not a Prometheus label name'))
  .max(10)
  .default(() => [...DEFAULT_REPLICA_LABELS]);

/** Settings shared by Prometheus (and Thanos, Cortex, Mimir) and Alertmanager sources. */
const httpSourceSettings = {
  name: SourceName,
  url: HttpUrl,
  intervalSeconds: intervalSeconds(2, 15),
  pathPrefix: PathPrefix,
  headers: ExtraHeaders,
  basicAuthUser: BasicAuthUser,
  caPem: CaPem,
  members: MemberUrls,
  replicaLabels: ReplicaLabels,
};
const httpSourceSecrets = { bearerToken: SourceSecret.optional(), basicAuthPassword: SourceSecret.optional() };
const httpSourceSecretChanges = { bearerToken: SecretChange, basicAuthPassword: SecretChange };

export const PrometheusSourceSettings = z.strictObject({ kind: z.literal('prometheus'), ...httpSourceSettings });
export const AlertmanagerSourceSettings = z.strictObject({
  kind: z.literal('alertmanager'),
  ...httpSourceSettings,
  /**
   * Acknowledging an Alertmanager-only incident also sets a short "ack" silence naming the person,
   * so teammates' Vigils show who has it. Null: on for a cluster (members set), off otherwise.
   */
  shareAcks: z.boolean().nullable().default(null),
});
export const PagerDutySourceSettings = z.strictObject({
  kind: z.literal('pagerduty'),
  name: SourceName,
  /** https://api.pagerduty.com, or https://api.eu.pagerduty.com for EU accounts. */
  url: HttpUrl.default('https://api.pagerduty.com'),
  // PagerDuty allows about 960 requests a minute per token, shared by every tool using it.
  intervalSeconds: intervalSeconds(10, 30),
  /** The `From` header for ack / resolve; default: the token owner's email. */
  fromEmail: z.email('must be an email address').max(254).nullable().default(null),
});

/** A Prometheus source to add (the name predates the other kinds; every kind is in SourceInput). */
export const PrometheusSourceInput = PrometheusSourceSettings.extend(httpSourceSecrets);
export type PrometheusSourceInput = z.input<typeof PrometheusSourceInput>;
export const AlertmanagerSourceInput = AlertmanagerSourceSettings.extend(httpSourceSecrets);
export const PagerDutySourceInput = PagerDutySourceSettings.extend({ token: SourceSecret });

export const SourceInput = z.discriminatedUnion('kind', [
  PrometheusSourceInput,
  AlertmanagerSourceInput,
  PagerDutySourceInput,
]);
export type SourceInput = z.input<typeof SourceInput>;

/** Edit: every setting as it should be now (kind cannot change); secrets per SecretChange. */
export const SourceUpdate = z.discriminatedUnion('kind', [
  PrometheusSourceSettings.extend({ id: SourceId, headers: ExtraHeadersChange, ...httpSourceSecretChanges }),
  AlertmanagerSourceSettings.extend({ id: SourceId, headers: ExtraHeadersChange, ...httpSourceSecretChanges }),
  PagerDutySourceSettings.extend({ id: SourceId, token: SecretChange }),
]);
export type SourceUpdate = z.input<typeof SourceUpdate>;

/**
 * "Test connection" for what the form holds now. With `id`, secrets left out are the stored
 * ones of that source (null = test without), so an edit can be tested without retyping them.
 */
export const SourceTestInput = z.discriminatedUnion('kind', [
  PrometheusSourceSettings.extend({ headers: ExtraHeadersChange, ...httpSourceSecretChanges })
    .partial({ name: true, intervalSeconds: true })
    .extend({ id: SourceId.optional() }),
  AlertmanagerSourceSettings.extend({ headers: ExtraHeadersChange, ...httpSourceSecretChanges })
    .partial({ name: true, intervalSeconds: true })
    .extend({ id: SourceId.optional() }),
  PagerDutySourceSettings.extend({ token: SecretChange })
    .partial({ name: true, intervalSeconds: true })
    .extend({ id: SourceId.optional() }),
]);
export type SourceTestInput = z.input<typeof SourceTestInput>;
export const SourceTestResult = z.object({ ok: z.boolean(), message: z.string() });

/** The last failure a source reported, kept after it recovers. */
const LastError = z.object({ at: z.string(), message: z.string() }).nullable();
const sourceViewBase = {
  id: SourceId,
  name: z.string(),
  url: z.string(),
  intervalSeconds: z.number(),
  health: SourceHealth,
  lastError: LastError,
};
const httpSourceView = {
  ...sourceViewBase,
  pathPrefix: z.string(),
  /** The extra headers' names; their values are secrets and never leave the main process. */
  headers: z.record(z.string(), SecretState),
  basicAuthUser: z.string().nullable(),
  caPem: z.string().nullable(),
  members: z.array(z.string()),
  replicaLabels: z.array(z.string()),
  secrets: z.strictObject({ bearerToken: SecretState, basicAuthPassword: SecretState }),
};

/** A source as the renderer sees it: settings, health, and of its secrets only whether they are set. */
export const SourceView = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('prometheus'), ...httpSourceView }),
  z.strictObject({ kind: z.literal('alertmanager'), ...httpSourceView, shareAcks: z.boolean() }),
  z.strictObject({
    kind: z.literal('pagerduty'),
    ...sourceViewBase,
    fromEmail: z.string().nullable(),
    secrets: z.strictObject({ token: SecretState }),
  }),
  z.strictObject({ kind: z.literal('demo'), ...sourceViewBase }),
]);
export type SourceView = z.infer<typeof SourceView>;

export const AppInfo = z.object({
  name: z.literal('Vigil'),
  version: z.string(),
  /** Which shell hosts the services: the Electron app or the browser host. */
  mode: z.enum(['electron', 'browser']),
  /** True until a source is added or the demo is started. */
  firstRun: z.boolean(),
  demoRunning: z.boolean(),
  /** Problems found at start (corrupt settings moved aside, bad classification override...). */
  notices: z.array(z.string()),
  /** Whether desktop notifications reach the person (pushed again as `notifications:health`). */
  notifications: NotifierHealth,
});
export type AppInfo = z.infer<typeof AppInfo>;

export const IncidentsDiff = z.object({
  /** True when `changed` is the whole list (first load, reconnect). */
  reset: z.boolean(),
  changed: z.array(Incident),
  removed: z.array(z.string()),
  /**
   * Incidents whose values only drifted since the version last pushed: applied in place to the
   * renderer's copy (shared/incidents/incidentDrift.ts). Absent = none.
   */
  drifted: z.array(IncidentDrift).optional(),
});
export type IncidentsDiff = z.infer<typeof IncidentsDiff>;

const Empty = z.strictObject({});
const Ok = z.object({ ok: z.literal(true) });

export const requests = {
  'app:info': { input: Empty, output: AppInfo },
  /**
   * The incidents in id order after the cursor `after`, at most `limit` (shared/incidents/pageIncidents.ts).
   * The only way to read the whole list: there is deliberately no channel that sends it in one reply
   * (a storm's 20,000 incidents are 32 MB, past what the browser bridge lets a reader leave unread).
   */
  'incidents:page': {
    input: z.strictObject({
      after: z.string().min(1).max(200).optional(),
      limit: z.number().int().min(1).max(MAX_INCIDENTS_PAGE),
    }),
    output: z.object({ incidents: z.array(Incident), next: z.string().nullable() }),
  },
  'sources:list': { input: Empty, output: z.array(SourceView) },
  'sources:add': { input: SourceInput, output: SourceView },
  'sources:update': { input: SourceUpdate, output: SourceView },
  /** Removes the source and deletes its secrets. */
  'sources:remove': { input: z.strictObject({ id: SourceId }), output: Ok },
  'sources:test': { input: SourceTestInput, output: SourceTestResult },
  /** Polls one source (or all) at once, outside its interval and backoff: "check now". */
  'sources:poll': { input: z.strictObject({ id: SourceId.optional() }), output: Ok },
  'demo:start': { input: Empty, output: Ok },
  'demo:stop': { input: Empty, output: Ok },
  ...incidentRequests,
  ...runbookRequests,
  ...preferencesRequests,
  ...classificationRequests,
  ...insightsRequests,
  ...workspaceRequests,
  ...postmortemRequests,
} as const;

export const events = {
  'incidents:changed': IncidentsDiff,
  'sources:health': z.array(SourceHealth),
  ...incidentEvents,
  ...runbookEvents,
  ...workspaceEvents,
  ...postmortemEvents,
} as const;

export type Requests = typeof requests;
export type Events = typeof events;
export type RequestName = keyof Requests;
export type EventName = keyof Events;
export type RequestInput<K extends RequestName> = z.input<Requests[K]['input']>;
export type RequestOutput<K extends RequestName> = z.infer<Requests[K]['output']>;
export type EventPayload<K extends EventName> = z.infer<Events[K]>;

export const requestNames = Object.keys(requests) as RequestName[];
export const eventNames = Object.keys(events) as EventName[];

export function isRequestName(name: unknown): name is RequestName {
  return typeof name === 'string' && Object.hasOwn(requests, name);
}

/** Handlers the main side implements: one per request, typed from the contract. */
export type RequestHandlers = {
  [K in RequestName]: (input: z.infer<Requests[K]['input']>) => Promise<RequestOutput<K>>;
};
