import type { Signal } from '../domain/signal';

/**
 * Default grouping: the alert name plus the first of service/model/model_name that is set,
 * so FraudModelHighErrorRate on fraud-model is one incident however many pods fire it.
 * Each entry is a label name or alternatives joined by `|` (first present wins).
 */
export const DEFAULT_GROUP_BY = ['alertname', 'service|model|model_name'] as const;

export function groupKey(signal: Signal, groupBy: readonly string[] = DEFAULT_GROUP_BY): string {
  return groupBy
    .map((entry) => {
      for (const name of entry.split('|')) {
        const v = name === 'alertname' ? (signal.labels.alertname ?? signal.name) : signal.labels[name];
        if (v) return `${name}=${v}`;
      }
      return '';
    })
    .filter(Boolean)
    .join(',');
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
