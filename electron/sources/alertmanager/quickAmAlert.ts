// The hot path's check of one alert of GET /api/v2/alerts, by hand, in front of the AmAlert schema.
import type { AmAlert } from './alertmanagerSchemas';

const TOP = new Set([
  'fingerprint',
  'labels',
  'annotations',
  'startsAt',
  'endsAt',
  'updatedAt',
  'generatorURL',
  'receivers',
  'status',
]);
const STATUS = new Set(['state', 'silencedBy', 'inhibitedBy']);

/**
 * The alert as the AmAlert schema would give it back, or null where this check is not sure and the
 * schema must decide (and, for a bad alert, say what is wrong). It is sure of the shape every
 * Alertmanager sends: annotations, receivers and the status lists present, every field of its
 * type. Such an alert comes back as it is, or, with fields the schema does not know, as a copy
 * without them (as the schema strips them). A storm's 20,000 alerts are then neither checked by zod
 * nor copied (zod copies every object it checks, about 150 ms and a reply's worth of garbage).
 */
export function quickAmAlert(v: unknown): AmAlert | null {
  if (!isObject(v)) return null;
  if (typeof v.fingerprint !== 'string' || typeof v.startsAt !== 'string') return null;
  if (!isStringRecord(v.labels) || !isStringRecord(v.annotations)) return null;
  if (!nullishString(v.endsAt) || !nullishString(v.updatedAt) || !nullishString(v.generatorURL)) return null;
  if (!isReceivers(v.receivers)) return null;
  const status = v.status;
  if (!isObject(status)) return null;
  const state = status.state;
  if (state !== 'active' && state !== 'suppressed' && state !== 'unprocessed') return null;
  if (!isStrings(status.silencedBy) || !isStrings(status.inhibitedBy)) return null;
  const statusKnown = onlyKeys(status, STATUS);
  if (onlyKeys(v, TOP) && statusKnown) return v as unknown as AmAlert;
  const out: Record<string, unknown> = {};
  for (const k of TOP) if (k in v) out[k] = v[k];
  out.status = statusKnown ? status : { state, silencedBy: status.silencedBy, inhibitedBy: status.inhibitedBy };
  return out as unknown as AmAlert;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function onlyKeys(o: Record<string, unknown>, known: ReadonlySet<string>): boolean {
  for (const k in o) if (!known.has(k)) return false;
  return true;
}

function nullishString(v: unknown): boolean {
  return v === undefined || v === null || typeof v === 'string';
}

function isStringRecord(v: unknown): v is Record<string, string> {
  if (!isObject(v)) return false;
  for (const k in v) if (typeof v[k] !== 'string') return false;
  return true;
}

function isStrings(v: unknown): v is string[] {
  if (!Array.isArray(v)) return false;
  for (let i = 0; i < v.length; i++) if (typeof v[i] !== 'string') return false;
  return true;
}

/** `[{ name }]` exactly: a receiver with other fields goes to the schema, which strips them. */
function isReceivers(v: unknown): boolean {
  if (!Array.isArray(v)) return false;
  for (let i = 0; i < v.length; i++) {
    const r: unknown = v[i];
    if (!isObject(r) || typeof r.name !== 'string') return false;
    for (const k in r) if (k !== 'name') return false;
  }
  return true;
}
