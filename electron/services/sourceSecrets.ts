import type { SourceKind } from '../../shared/domain/signal';
import type { SecretStore } from '../store/secretStore';

/**
 * Which secrets each source kind has, and where they live in the secret store: under the
 * source's id, so removing a source can delete exactly its own. Nothing here logs or returns a
 * value to a caller outside the main process.
 */
export type SecretField = 'bearerToken' | 'basicAuthPassword' | 'token';
export type SourceSecrets = Partial<Record<SecretField, string>>;
/** From a request: a string replaces, null clears, undefined keeps. */
export type SecretChanges = Partial<Record<SecretField, string | null | undefined>>;

type ConfiguredKind = Exclude<SourceKind, 'demo'>;

export const SECRET_FIELDS: Record<ConfiguredKind, readonly SecretField[]> = {
  prometheus: ['bearerToken', 'basicAuthPassword'],
  alertmanager: ['bearerToken', 'basicAuthPassword'],
  pagerduty: ['token'],
};
const ALL_FIELDS: readonly SecretField[] = ['bearerToken', 'basicAuthPassword', 'token'];

export const secretKey = (sourceId: string, field: SecretField): string => `source/${sourceId}/${field}`;

export function readSourceSecrets(store: SecretStore, sourceId: string, kind: ConfiguredKind): SourceSecrets {
  const out: SourceSecrets = {};
  for (const field of SECRET_FIELDS[kind]) {
    const value = store.get(secretKey(sourceId, field));
    if (value !== null) out[field] = value;
  }
  return out;
}

/** Which secrets are stored for a source, without decoding them (for "set" / "not set"). */
export function storedSecretFields(store: SecretStore, sourceId: string, kind: ConfiguredKind): Set<SecretField> {
  return new Set(SECRET_FIELDS[kind].filter((field) => store.has(secretKey(sourceId, field))));
}

/** The secrets a source will have once `changes` are applied to `stored`. */
export function mergeSecretChanges(stored: SourceSecrets, changes: SecretChanges, kind: ConfiguredKind): SourceSecrets {
  const out: SourceSecrets = {};
  for (const field of SECRET_FIELDS[kind]) {
    const change = changes[field];
    const value = change === undefined ? stored[field] : change;
    if (typeof value === 'string') out[field] = value;
  }
  return out;
}

/** Makes the store hold exactly `secrets` for this source (and nothing for other fields). */
export function writeSourceSecrets(store: SecretStore, sourceId: string, secrets: SourceSecrets): void {
  for (const field of ALL_FIELDS) {
    const key = secretKey(sourceId, field);
    const value = secrets[field];
    if (value === undefined) store.delete(key);
    else if (store.get(key) !== value) store.set(key, value);
  }
}

export function deleteSourceSecrets(store: SecretStore, sourceId: string): void {
  for (const field of ALL_FIELDS) store.delete(secretKey(sourceId, field));
  store.delete(headersKey(sourceId));
}

/** Extra headers (tenant ids, gateway API keys) are secrets too: one JSON value per source. */
const headersKey = (sourceId: string) => `source/${sourceId}/headers`;

export function readSourceHeaders(store: SecretStore, sourceId: string): Record<string, string> {
  const raw = store.get(headersKey(sourceId));
  if (raw === null) return {};
  try {
    const parsed = JSON.parse(raw) as unknown;
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return {};
    return Object.fromEntries(Object.entries(parsed).filter((e): e is [string, string] => typeof e[1] === 'string'));
  } catch {
    return {};
  }
}

export function writeSourceHeaders(store: SecretStore, sourceId: string, headers: Record<string, string>): void {
  const key = headersKey(sourceId);
  if (Object.keys(headers).length === 0) store.delete(key);
  else if (store.get(key) !== JSON.stringify(headers)) store.set(key, JSON.stringify(headers));
}

/** Picks the secret fields out of a request, leaving the settings. */
export function splitSecrets<T extends SecretChanges>(
  input: T,
): { changes: SecretChanges; rest: Omit<T, SecretField> } {
  const { bearerToken, basicAuthPassword, token, ...rest } = input;
  return { changes: { bearerToken, basicAuthPassword, token }, rest };
}

// Shorter values would blank ordinary words in messages; secrets that short protect little anyway.
const MIN_REDACTED_LENGTH = 4;

/**
 * Last line of defence: replaces every known secret (and the basic-auth header made from it)
 * wherever it occurs in a value about to leave the main process, e.g. a server that echoes the
 * Authorization header in an error body which then becomes a health `detail`.
 */
export function createRedactor(secrets: Iterable<string>): <T>(value: T) => T {
  const needles = [...new Set(secrets)]
    .filter((s) => s.length >= MIN_REDACTED_LENGTH)
    .sort((a, b) => b.length - a.length);
  if (needles.length === 0) return (value) => value;
  const scrub = (value: unknown): unknown => {
    if (typeof value === 'string') {
      let out = value;
      for (const n of needles) if (out.includes(n)) out = out.split(n).join('[secret]');
      return out;
    }
    if (Array.isArray(value)) return value.map(scrub);
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrub(v)]));
    }
    return value;
  };
  return <T>(value: T) => scrub(value) as T;
}

/** What an HTTP source sends for its credentials, as it would appear on the wire. */
export function basicAuthValue(user: string, password: string | undefined): string {
  return Buffer.from(`${user}:${password ?? ''}`, 'utf8').toString('base64');
}
