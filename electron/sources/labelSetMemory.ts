import { labelFingerprint } from '../../shared/incidents/groupKey';
import { keepLabelSet } from '../../shared/classify/keptLabelSets';
import { normaliseTime } from './normaliseTime';

/** What a poll learns about one alert: its fingerprint and id, the object kept for its labels. */
export interface KnownAlert {
  /**
   * The first poll's object with these labels, kept from the second poll on (keepLabelSet: frozen,
   * with a slot for the classifier): later signals share it, so reuseUnchanged's test is `===` and
   * the classifier finds what it read from them the poll before.
   */
  readonly labels: Record<string, string>;
  readonly fingerprint: string;
  /** `${sourceId}/${fingerprint}`, made once. */
  readonly id: string;
  /** The start time normalised (normaliseTime), read again only when Prometheus's text changes. */
  readonly activeAt: string | null;
}

/**
 * The label sets one Prometheus reported on its last polls, so a poll fingerprints only the alerts
 * it has not seen before. A storm's alerts keep their labels from poll to poll while their values
 * move; hashing 20,000 label sets again every poll was about a fifth of reading the reply.
 *
 * An alert is looked up by the value of one label, the one with the most distinct values in a
 * sample of the reply (`instance`, `pod`, `service`...), and a candidate counts only when every
 * label is equal: the answer is always what labelFingerprint gives, the memory only saves work.
 * Alerts without that label, or whose value is shared by more than CHAIN label sets, are hashed
 * as before. A poll starts by sweeping the entries its predecessor did not see once there are more
 * than twice its predecessor's alerts, so the memory holds at most about three polls' worth.
 */
export interface LabelSetMemory {
  /** A new poll's reply: picks the label to look alerts up by, and sweeps entries gone since. */
  startPoll(alerts: readonly { labels: Record<string, string> }[]): void;
  /** The alert's fingerprint, id, shared labels and start; remembered for the next poll. */
  know(labels: Record<string, string>, activeAt: string | undefined): KnownAlert;
  /** How many label sets are remembered (counted, for tests and diagnostics). */
  remembered(): number;
}

interface Entry extends KnownAlert {
  activeAt: string | null;
  activeAtText: string | undefined;
  /** Names and values in turn, in the order the first reply gave them (Prometheus sorts them). */
  readonly pairs: readonly string[];
  /** Kept (keepLabelSet) once seen again: an alert seen once is not worth the classifier's slot. */
  kept: boolean;
  seen: number;
  next: Entry | null;
}

/** Label sets remembered under one value of the key label (several alerts on one pod). */
const CHAIN = 8;
/** Alerts sampled to pick the key label. */
const SAMPLE = 64;

export function createLabelSetMemory(sourceId: string): LabelSetMemory {
  let byKey = new Map<string, Entry>();
  let keyName: string | null = null;
  let poll = 0;
  let lastCount = 0;
  /** Entries stored since the last sweep and kept by it (an upper bound: cut chains are not counted off). */
  let stored = 0;

  function remember(
    labels: Record<string, string>,
    activeAt: string | undefined,
    key: string | undefined,
    head: Entry | undefined,
  ): Entry {
    const fingerprint = labelFingerprint(labels);
    const pairs: string[] = [];
    for (const name in labels) pairs.push(name, labels[name]!);
    const entry: Entry = {
      labels,
      fingerprint,
      id: `${sourceId}/${fingerprint}`,
      activeAt: normaliseTime(activeAt),
      activeAtText: activeAt,
      pairs,
      kept: false,
      seen: poll,
      next: null,
    };
    if (key === undefined) return entry;
    // Newest first; the chain keeps CHAIN sets at most.
    entry.next = head ?? null;
    let e: Entry = entry;
    for (let n = 1; e.next !== null; n++) {
      if (n === CHAIN) {
        e.next = null;
        break;
      }
      e = e.next;
    }
    byKey.set(key, entry);
    stored++;
    return entry;
  }

  return {
    startPoll(alerts) {
      poll++;
      const chosen = pickKeyLabel(alerts, keyName);
      if (chosen !== keyName) {
        keyName = chosen;
        byKey = new Map();
        stored = 0;
      } else if (stored > 2 * Math.max(lastCount, SAMPLE)) {
        const kept = sweep(byKey, poll - 1);
        byKey = kept.byKey;
        stored = kept.count;
      }
      lastCount = alerts.length;
    },
    know(labels, activeAt) {
      const key = keyName === null ? undefined : labels[keyName];
      if (key === undefined) return remember(labels, activeAt, undefined, undefined);
      const head = byKey.get(key);
      for (let e: Entry | null = head ?? null; e !== null; e = e.next) {
        if (sameLabels(e, labels)) {
          e.seen = poll;
          if (!e.kept) {
            keepLabelSet(e.labels);
            e.kept = true;
          }
          if (e.activeAtText !== activeAt) {
            e.activeAtText = activeAt;
            e.activeAt = normaliseTime(activeAt);
          }
          return e;
        }
      }
      return remember(labels, activeAt, key, head);
    },
    remembered() {
      let n = 0;
      for (const head of byKey.values()) for (let e: Entry | null = head; e !== null; e = e.next) n++;
      return n;
    },
  };
}

/**
 * The same names with the same values in the same order. Read in the for-in, where V8 reads from
 * the object's key cache (names are internalised: comparing them is comparing pointers). A set
 * sent in another order is a miss, remembered again: never a wrong answer.
 */
function sameLabels(e: Entry, labels: Record<string, string>): boolean {
  const pairs = e.pairs;
  let i = 0;
  for (const name in labels) {
    if (pairs[i] !== name || pairs[i + 1] !== labels[name]) return false;
    i += 2;
  }
  return i === pairs.length;
}

/** The entries seen on or after poll `since`, in a new map (chains keep their order). */
function sweep(byKey: Map<string, Entry>, since: number): { byKey: Map<string, Entry>; count: number } {
  const kept = new Map<string, Entry>();
  let count = 0;
  for (const [key, head] of byKey) {
    let first: Entry | null = null;
    let last: Entry | null = null;
    for (let e: Entry | null = head; e !== null; e = e.next) {
      if (e.seen < since) continue;
      count++;
      if (last) last.next = e;
      else first = e;
      last = e;
    }
    if (last) last.next = null;
    if (first) kept.set(key, first);
  }
  return { byKey: kept, count };
}

/**
 * The label with the most distinct values among SAMPLE alerts spread over the reply; the current
 * one while it has as many as any other, so ties between equally distinct labels (`pod` and
 * `instance`) do not empty the memory at every poll. Null for a reply without labels.
 */
export function pickKeyLabel(
  alerts: readonly { labels: Record<string, string> }[],
  current: string | null,
): string | null {
  if (alerts.length === 0) return current;
  const step = Math.max(1, Math.floor(alerts.length / SAMPLE));
  const values = new Map<string, Set<string>>();
  for (let i = 0; i < alerts.length; i += step) {
    const labels = alerts[i]!.labels;
    for (const name in labels) {
      let seen = values.get(name);
      if (!seen) values.set(name, (seen = new Set()));
      seen.add(labels[name]!);
    }
  }
  let best = current;
  let most = current === null ? 0 : (values.get(current)?.size ?? 0);
  for (const [name, seen] of values) {
    if (seen.size > most) {
      best = name;
      most = seen.size;
    }
  }
  return best;
}
