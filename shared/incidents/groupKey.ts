import type { Signal } from '../domain/signal';

/**
 * Default grouping: the alert name plus the first of service/model/model_name that is set,
 * so FraudModelHighErrorRate on fraud-model is one incident however many pods fire it.
 * Each entry is a label name or alternatives joined by `|` (first present wins).
 */
export const DEFAULT_GROUP_BY = ['alertname', 'service|model|model_name'] as const;

export function groupKey(signal: Signal, groupBy: readonly string[] = DEFAULT_GROUP_BY): string {
  return compileGroupBy(groupBy).keyOf(signal);
}

export interface CompiledGroupBy {
  keyOf(signal: Signal): string;
  /** The labels the key is made of, e.g. { alertname: 'X', service: 'fraud-model' }. */
  labelsOf(signal: Signal): Record<string, string>;
}

/** Splits the `a|b|c` entries once, not once per signal: a storm step groups 10,000 alerts. */
export function compileGroupBy(groupBy: readonly string[]): CompiledGroupBy {
  const entries = groupBy.map((entry) => entry.split('|'));
  const valueOf = (signal: Signal, name: string) =>
    name === 'alertname' ? (signal.labels.alertname ?? signal.name) : signal.labels[name];
  return {
    keyOf(signal) {
      let key = '';
      for (const alternatives of entries) {
        for (const name of alternatives) {
          const v = valueOf(signal, name);
          if (v) {
            key += key ? `,${name}=${v}` : `${name}=${v}`;
            break;
          }
        }
      }
      return key;
    },
    labelsOf(signal) {
      const out: Record<string, string> = {};
      for (const alternatives of entries) {
        for (const name of alternatives) {
          const v = valueOf(signal, name);
          if (v) {
            out[name] = v;
            break;
          }
        }
      }
      return out;
    },
  };
}

/**
 * The same alert seen by several sources: Prometheus and Alertmanager report one alert with one
 * label set (Alertmanager's may carry labels Prometheus adds on the way, listed in `ignore`).
 * The identity is the label set without those, in a canonical order.
 */
export function alertIdentity(signal: Signal, ignore: ReadonlySet<string>): string {
  const names = Object.keys(signal.labels).sort();
  let out = '';
  for (const n of names) {
    if (ignore.has(n)) continue;
    out += `${n}=${signal.labels[n]}\u0000`;
  }
  return out;
}

/** FNV-1a, 32 bit: a short stable id from a key, no crypto needed (and none available in shared/). */
export function hashKey(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

const FNV_OFFSET = 0x811c9dc5 | 0; // as int32: a start above 2^31 would keep the loop in doubles
const FNV_PRIME = 0x01000193;
const LANE_B_OFFSET = 0x5f3759df;
const LANE_B_PRIME = 0x5bd1e995;
const EQUALS = 61; // '='

/**
 * 64 bit as two 32-bit lanes: FNV-1a, and a Murmur-style multiply whose shift makes its low bits
 * depend on the whole state (FNV's low bits see only the characters' low bits, so two FNV lanes
 * would share them). For ids that must not collide: at 20,000 alerts a 32-bit hash collides
 * with odds of ~4.5%, 64 bits with odds of ~1e-11.
 */
export function hashKey64(text: string): string {
  let a = FNV_OFFSET;
  let b = LANE_B_OFFSET;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, FNV_PRIME);
    b = Math.imul(b ^ c, LANE_B_PRIME);
    b ^= b >>> 15;
  }
  return hex64(a, b);
}

/**
 * A Prometheus alert's identity (its label set) as 16 hex characters: hashKey64 of the names and
 * values in name order, `name=value` joined by NUL, hashed as they are read (no sorted copy, no
 * joined string: a storm poll fingerprints 20,000 alerts). Prometheus sends names sorted, so
 * sorting happens only when they are not. Up to SCRATCH names are gathered in one array kept
 * between calls (nothing here calls out, so no call can interleave): a storm's 20,000 calls then
 * allocate only their answers, which keeps the collector's work small while the poll's whole
 * reply is alive.
 */
export function labelFingerprint(labels: Record<string, string>): string {
  const names = scratchNames;
  const values = scratchValues;
  let count = 0;
  for (const name in labels) {
    if (count === SCRATCH) {
      const all = Object.keys(labels).sort();
      return hashLabels(
        all,
        all.map((n) => labels[n]!),
        all.length,
      );
    }
    // Read here, in the for-in, where V8 reads from the object's own key cache: `labels[name]`
    // after sorting is a generic keyed load (8% of a storm's fingerprints).
    const value = labels[name]!;
    let j = count++ - 1;
    // Insertion: one comparison per name when they come sorted.
    while (j >= 0 && names[j]! > name) {
      names[j + 1] = names[j]!;
      values[j + 1] = values[j]!;
      j--;
    }
    names[j + 1] = name;
    values[j + 1] = value;
  }
  return hashLabels(names, values, count);
}

const SCRATCH = 32;
const scratchNames: string[] = new Array<string>(SCRATCH).fill('');
const scratchValues: string[] = new Array<string>(SCRATCH).fill('');

/** labelFingerprint's hash of the first `count` names (sorted) and their values. */
function hashLabels(names: readonly string[], values: readonly string[], count: number): string {
  let a = FNV_OFFSET;
  let b = LANE_B_OFFSET;
  for (let n = 0; n < count; n++) {
    const name = names[n]!;
    const value = values[n]!;
    if (n > 0) {
      a = Math.imul(a, FNV_PRIME); // a ^ 0: the NUL between pairs
      b = Math.imul(b, LANE_B_PRIME);
      b ^= b >>> 15;
    }
    for (let i = 0; i < name.length; i++) {
      const c = name.charCodeAt(i);
      a = Math.imul(a ^ c, FNV_PRIME);
      b = Math.imul(b ^ c, LANE_B_PRIME);
      b ^= b >>> 15;
    }
    a = Math.imul(a ^ EQUALS, FNV_PRIME);
    b = Math.imul(b ^ EQUALS, LANE_B_PRIME);
    b ^= b >>> 15;
    for (let i = 0; i < value.length; i++) {
      const c = value.charCodeAt(i);
      a = Math.imul(a ^ c, FNV_PRIME);
      b = Math.imul(b ^ c, LANE_B_PRIME);
      b ^= b >>> 15;
    }
  }
  return hex64(a, b);
}

/**
 * The 32-bit fingerprint versions before 64-bit ids gave Prometheus alerts. Only to recognise
 * them in incidents stored by those versions (restoreIncidentsState gives them the new ids).
 */
export function legacyLabelFingerprint(labels: Record<string, string>): string {
  return hashKey(canonicalLabels(labels));
}

/** `name=value` pairs in name order joined by NUL: what labelFingerprint hashes. */
export function canonicalLabels(labels: Record<string, string>): string {
  return Object.keys(labels)
    .sort()
    .map((k) => `${k}=${labels[k]}`)
    .join('\u0000');
}

/** The hex digits' character codes: one fromCharCode makes the 16 characters, no pieces to join. */
const HEX_DIGIT = [48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 97, 98, 99, 100, 101, 102];

function hex64(a: number, b: number): string {
  // toString(16) of a number above 2^31 costs more than the hash itself.
  const d = HEX_DIGIT;
  return String.fromCharCode(
    d[(a >>> 28) & 15]!,
    d[(a >>> 24) & 15]!,
    d[(a >>> 20) & 15]!,
    d[(a >>> 16) & 15]!,
    d[(a >>> 12) & 15]!,
    d[(a >>> 8) & 15]!,
    d[(a >>> 4) & 15]!,
    d[a & 15]!,
    d[(b >>> 28) & 15]!,
    d[(b >>> 24) & 15]!,
    d[(b >>> 20) & 15]!,
    d[(b >>> 16) & 15]!,
    d[(b >>> 12) & 15]!,
    d[(b >>> 8) & 15]!,
    d[(b >>> 4) & 15]!,
    d[b & 15]!,
  );
}
