import type { SourceHealth } from '../../shared/domain/sourceHealth';
import type { AlertSource, SourceListener } from '../sources/alertSource';
import { createAlertmanagerSource, type AlertmanagerSource } from '../sources/alertmanager/alertmanagerSource';
import { createCaFetch, type CaFetch } from '../sources/caFetch';
import { memberFailoverFetch } from '../sources/memberFailover';
import { createPagerDutySource, type PagerDutySource } from '../sources/pagerduty/pagerDutySource';
import { createPrometheusSource } from '../sources/prometheusSource';
import type { StoredSource } from '../store/settingsSchema';
import { basicAuthValue, type SourceSecrets } from './sourceSecrets';

type HttpSourceConfig = Extract<StoredSource, { kind: 'prometheus' | 'alertmanager' }>;

/** A running source plus the typed handle the services need for actions (silence, ack). */
export interface BuiltSource {
  source: AlertSource;
  alertmanager: AlertmanagerSource | null;
  pagerDuty: PagerDutySource | null;
  /** Prometheus only: how to call its HTTP API on demand (runbook checks, rules), sharing the source's CA pool. */
  http?: HttpAccess;
  /** Releases what the source holds besides its poller (a CA's connection pool). */
  close(): Promise<void>;
}

export interface HttpAccess {
  /** URL with the path prefix: what the client's paths (/api/v1/...) are appended to. */
  baseUrl: string;
  /** Every member of the HA set, `baseUrl` first, each with the path prefix. */
  memberUrls: string[];
  headers: Record<string, string>;
  ca: CaFetch | null;
  /**
   * What on-demand calls (runbook checks, rule queries, sparklines) fetch with: the CA's pool, and
   * for an HA set the next member when the first cannot be reached. Undefined: the platform's.
   */
  fetch: typeof fetch | undefined;
}

/** Whether acknowledging also sets a shared "ack" silence: as set, else on for a cluster. */
export function sharesAcks(config: Extract<StoredSource, { kind: 'alertmanager' }>): boolean {
  return config.shareAcks ?? config.members.length > 0;
}

/**
 * Why this combination of settings and secrets cannot work, in words, or null. Checked before a
 * source is saved, since sending both kinds of Authorization is not possible.
 */
export function authProblem(config: StoredSource, secrets: SourceSecrets): string | null {
  if (config.kind === 'pagerduty') return secrets.token ? null : 'A PagerDuty source needs an API token.';
  if (config.basicAuthUser !== null && secrets.bearerToken) {
    return 'A source can use basic auth or a bearer token, not both: clear one of them.';
  }
  if (config.basicAuthUser === null && secrets.basicAuthPassword) {
    return 'A basic-auth password is set but no user: enter the user, or clear the password.';
  }
  return null;
}

/** Base URL, headers (credentials included) and CA-aware fetch for Prometheus and Alertmanager. */
export function httpAccess(
  config: Omit<HttpSourceConfig, 'id' | 'name' | 'intervalSeconds'>,
  secrets: SourceSecrets,
): HttpAccess {
  const headers: Record<string, string> = { ...config.headers };
  if (config.basicAuthUser !== null) {
    headers.Authorization = `Basic ${basicAuthValue(config.basicAuthUser, secrets.basicAuthPassword)}`;
  } else if (secrets.bearerToken) {
    headers.Authorization = `Bearer ${secrets.bearerToken}`;
  }
  const withPrefix = (url: string) => url.replace(/\/+$/, '') + config.pathPrefix;
  const memberUrls = [config.url, ...(config.members ?? [])].map(withPrefix);
  const ca = config.caPem ? createCaFetch(config.caPem) : null;
  return {
    baseUrl: memberUrls[0]!,
    memberUrls,
    headers,
    ca,
    fetch: memberUrls.length > 1 ? memberFailoverFetch(memberUrls, ca?.fetch) : ca?.fetch,
  };
}

export interface BuildContext {
  now: () => number;
  onUpdate: SourceListener;
}

/** Turns a stored source and its secrets into a running-ready source (not started). */
export function buildSource(config: StoredSource, secrets: SourceSecrets, ctx: BuildContext): BuiltSource {
  const common = { id: config.id, name: config.name, intervalMs: config.intervalSeconds * 1000, ...ctx };
  switch (config.kind) {
    case 'prometheus': {
      const access = httpAccess(config, secrets);
      const source = createPrometheusSource({
        ...common,
        url: access.baseUrl,
        members: access.memberUrls.slice(1),
        replicaLabels: config.replicaLabels,
        headers: access.headers,
        fetch: access.ca?.fetch,
      });
      return { source, alertmanager: null, pagerDuty: null, http: access, close: async () => access.ca?.close() };
    }
    case 'alertmanager': {
      const access = httpAccess(config, secrets);
      const source = createAlertmanagerSource({
        ...common,
        url: access.baseUrl,
        members: access.memberUrls.slice(1),
        replicaLabels: config.replicaLabels,
        headers: access.headers,
        fetch: access.ca?.fetch,
      });
      return { source, alertmanager: source, pagerDuty: null, close: async () => access.ca?.close() };
    }
    case 'pagerduty': {
      if (!secrets.token) {
        const source = createIdleSource(config, ctx.now, {
          status: 'auth-rejected',
          message: 'No PagerDuty token is stored for this source: set one in Sources.',
          detail: 'token not set',
        });
        return { source, alertmanager: null, pagerDuty: null, close: async () => {} };
      }
      const source = createPagerDutySource({
        ...common,
        token: secrets.token,
        baseUrl: config.url,
        fromEmail: config.fromEmail ?? undefined,
      });
      return { source, alertmanager: null, pagerDuty: source, close: async () => {} };
    }
  }
}

/** A source that cannot run (its secret is missing) and says why instead of polling. */
function createIdleSource(
  config: StoredSource,
  now: () => number,
  why: Pick<SourceHealth, 'status' | 'message' | 'detail'>,
): AlertSource {
  const health: SourceHealth = {
    sourceId: config.id,
    name: config.name,
    kind: config.kind,
    target: config.url,
    since: new Date(now()).toISOString(),
    lastSuccessAt: null,
    ...why,
  };
  return {
    id: config.id,
    start() {},
    stop() {},
    pollNow() {},
    health: () => health,
    signals: () => [],
  };
}
