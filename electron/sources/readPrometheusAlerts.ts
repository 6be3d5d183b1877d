import type { PrometheusAlertsData } from './prometheusAlerts';

type Alert = PrometheusAlertsData['data']['alerts'][number];
export type ReadAlertsResult = { ok: true; data: PrometheusAlertsData } | { ok: false; error: string };

/**
 * The hot path's check of GET /api/v1/alerts, by hand: the same rules as the PrometheusAlertsReply
 * schema (which stays the contract and the "test connection" check), at a fraction of its cost on
 * a storm of 20,000 alerts. The first problem is named with its path, as zod would.
 */
export function readPrometheusAlerts(body: unknown): ReadAlertsResult {
  if (!isObject(body)) return fail('', 'expected an object');
  if (body.status !== 'success') return fail('status', 'expected "success"');
  if (!isObject(body.data)) return fail('data', 'expected an object');
  const raw = body.data.alerts;
  if (!Array.isArray(raw)) return fail('data.alerts', 'expected an array');
  const alerts: Alert[] = new Array(raw.length);
  for (let i = 0; i < raw.length; i++) {
    const a: unknown = raw[i];
    if (!isObject(a)) return fail(at(i), 'expected an object');
    if (!isStringRecord(a.labels)) return fail(`${at(i)}.labels`, 'expected an object of strings');
    if (a.annotations !== undefined && !isStringRecord(a.annotations)) {
      return fail(`${at(i)}.annotations`, 'expected an object of strings');
    }
    if (a.state !== 'firing' && a.state !== 'pending' && a.state !== 'inactive') {
      return fail(`${at(i)}.state`, 'expected "firing", "pending" or "inactive"');
    }
    if (a.activeAt !== undefined && typeof a.activeAt !== 'string')
      return fail(`${at(i)}.activeAt`, 'expected a string');
    if (a.value !== undefined && typeof a.value !== 'string') return fail(`${at(i)}.value`, 'expected a string');
    // Only the known fields travel on, as the schema would strip the others. An alert that has
    // no others (and annotations) travels as it is: 20,000 copies are work for the collector.
    alerts[i] =
      a.annotations !== undefined && onlyKnownFields(a)
        ? (a as Alert)
        : {
            labels: a.labels,
            annotations: (a.annotations as Record<string, string> | undefined) ?? {},
            state: a.state as Alert['state'],
            activeAt: a.activeAt as string | undefined,
            value: a.value as string | undefined,
          };
  }
  return { ok: true, data: { status: 'success', data: { alerts } } };
}

/** The path is spelled out only for a failure: a storm's 20,000 good alerts need none. */
function at(i: number): string {
  return `data.alerts[${i}]`;
}

function fail(path: string, message: string): ReadAlertsResult {
  return { ok: false, error: path ? `${path}: ${message}` : message };
}

function onlyKnownFields(a: Record<string, unknown>): boolean {
  for (const k in a) {
    if (k !== 'labels' && k !== 'annotations' && k !== 'state' && k !== 'activeAt' && k !== 'value') return false;
  }
  return true;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isStringRecord(v: unknown): v is Record<string, string> {
  if (!isObject(v)) return false;
  for (const k in v) if (typeof v[k] !== 'string') return false;
  return true;
}
