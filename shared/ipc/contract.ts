import { z } from 'zod';
import { Incident, IncidentState } from '../domain/incident';
import { SourceHealth } from '../domain/sourceHealth';

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

/** A Prometheus source as the renderer sees it: never any secret. */
export const PrometheusSourceInput = z.strictObject({
  kind: z.literal('prometheus'),
  name: z.string().trim().min(1).max(80),
  url: HttpUrl,
  intervalSeconds: z.number().int().min(2).max(3600).default(15),
});
export type PrometheusSourceInput = z.infer<typeof PrometheusSourceInput>;

export const SourceView = z.object({
  id: SourceId,
  kind: z.enum(['prometheus', 'demo']),
  name: z.string(),
  url: z.string(),
  intervalSeconds: z.number(),
  health: SourceHealth,
});
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
});
export type AppInfo = z.infer<typeof AppInfo>;

export const IncidentsDiff = z.object({
  /** True when `changed` is the whole list (first load, reconnect). */
  reset: z.boolean(),
  changed: z.array(Incident),
  removed: z.array(z.string()),
});
export type IncidentsDiff = z.infer<typeof IncidentsDiff>;

const Empty = z.strictObject({});
const Ok = z.object({ ok: z.literal(true) });

export const requests = {
  'app:info': { input: Empty, output: AppInfo },
  'incidents:list': {
    input: z.strictObject({ state: IncidentState.optional() }),
    output: z.array(Incident),
  },
  'sources:list': { input: Empty, output: z.array(SourceView) },
  'sources:add': { input: PrometheusSourceInput, output: SourceView },
  'sources:remove': { input: z.strictObject({ id: SourceId }), output: Ok },
  'sources:test': {
    input: PrometheusSourceInput.pick({ kind: true, url: true }),
    output: z.object({ ok: z.boolean(), message: z.string() }),
  },
  'demo:start': { input: Empty, output: Ok },
  'demo:stop': { input: Empty, output: Ok },
} as const;

export const events = {
  'incidents:changed': IncidentsDiff,
  'sources:health': z.array(SourceHealth),
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
