import type { Signal } from '../../shared/domain/signal';
import { describeFetchError, type FetchFailure } from './describeFetchError';
import { labelFingerprint } from './prometheusAlerts';
import { ITEMS_PER_PAUSE, runAtOnce } from './yieldToLoop';
import type { HealthPatch } from './sourceHealthTracker';

/** What one member of an HA set answered in a poll. */
export type MemberAnswer<T> = { url: string; ok: true; value: T } | { url: string; ok: false; error: unknown };

/** Asks every member at once; one member's failure never hides the others' answers. */
export async function askMembers<T>(
  urls: readonly string[],
  ask: (url: string) => Promise<T>,
): Promise<MemberAnswer<T>[]> {
  const settled = await Promise.allSettled(urls.map((url) => ask(url)));
  return settled.map((r, i) =>
    r.status === 'fulfilled'
      ? { url: urls[i]!, ok: true, value: r.value }
      : { url: urls[i]!, ok: false, error: r.reason },
  );
}

/**
 * The health of an HA set as one source: ok when every member answers, degraded ("1 of 2
 * members answering: ...") while one does, and the first member's failure in words when none does.
 * Null when every member answered (the caller decides what "ok" looks like).
 */
export function membersHealth(
  what: 'Prometheus' | 'Alertmanager',
  answers: readonly MemberAnswer<unknown>[],
  timeoutMs: number,
): (HealthPatch & { answering: number }) | null {
  const failed: { url: string; failure: FetchFailure }[] = [];
  for (const a of answers) {
    if (!a.ok) failed.push({ url: a.url, failure: describeFetchError(what, a.url, a.error, timeoutMs) });
  }
  const answering = answers.length - failed.length;
  if (failed.length === 0) return null;
  const count = `${answering} of ${answers.length} members answering`;
  if (answering === 0) {
    const first = failed[0]!.failure;
    const message = answers.length > 1 ? `${first.message} (${count})` : first.message;
    return { status: first.status, message, detail: first.detail, until: first.until ?? null, answering };
  }
  return {
    status: 'degraded',
    // The status already says "degraded" wherever this is shown (badge, banner, tray).
    message: `${count}: ${failed.map((f) => f.failure.message).join('; ')}`,
    detail: failed.map((f) => `${f.url}: ${f.failure.detail}`).join('; '),
    until: null,
    answering,
  };
}

/**
 * One signal per alert whatever the number of HA replicas that report it: the replica labels
 * (`replica`, `prometheus_replica`...) are taken off, and signals left with the same labels are
 * one alert, firing when any replica has it firing, active since the earliest replica saw it.
 * A signal without replica labels and without a twin is returned as it is (same id, same
 * fingerprint), so a single Prometheus or Alertmanager behaves exactly as before.
 */
export function collapseReplicas(signals: readonly Signal[], replicaLabels: readonly string[]): Signal[] {
  return runAtOnce(collapseReplicasInSlices(signals, replicaLabels));
}

/** collapseReplicas pausing every ITEMS_PER_PAUSE signals, for runInSlices (a storm's 20,000). */
export function* collapseReplicasInSlices(
  signals: readonly Signal[],
  replicaLabels: readonly string[],
): Generator<void, Signal[], void> {
  if (replicaLabels.length === 0) return [...signals];
  const groups = new Map<string, { labels: Record<string, string>; stripped: boolean; members: Signal[] }>();
  let done = 0;
  for (const s of signals) {
    if (++done % ITEMS_PER_PAUSE === 0) yield;
    const labels = withoutReplicaLabels(s.labels, replicaLabels);
    const stripped = labels !== s.labels;
    // The 64-bit hash of the label set stands for it (odds of two sets sharing one: ~1e-11).
    const key = labelFingerprint(labels);
    const g = groups.get(key);
    if (g) {
      g.members.push(s);
      g.stripped ||= stripped;
    } else groups.set(key, { labels, stripped, members: [s] });
  }
  const out: Signal[] = [];
  for (const g of groups.values()) {
    if (++done % ITEMS_PER_PAUSE === 0) yield;
    if (g.members.length === 1 && !g.stripped) {
      out.push(g.members[0]!);
      continue;
    }
    out.push(mergeReplicas(g.members, g.labels));
  }
  return out;
}

/** Whether two label sets name the same alert once replica labels are set aside. */
export function replicaIdentity(labels: Record<string, string>, replicaLabels: readonly string[]): string {
  return labelFingerprint(withoutReplicaLabels(labels, replicaLabels));
}

/**
 * The label set without the replica labels; the very same object when it carries none (most
 * alerts: a storm poll collapses 20,000, and they are not copied).
 */
function withoutReplicaLabels(labels: Record<string, string>, replicaLabels: readonly string[]) {
  if (!replicaLabels.some((r) => r in labels)) return labels;
  const out: Record<string, string> = {};
  for (const k in labels) if (!replicaLabels.includes(k)) out[k] = labels[k]!;
  return out;
}

function mergeReplicas(members: Signal[], labels: Record<string, string>): Signal {
  // A stable choice of what to show: firing before pending, then the replica with the earliest start.
  const sorted = [...members].sort(
    (a, b) =>
      Number(b.state === 'firing') - Number(a.state === 'firing') ||
      (a.activeAt ?? '\uffff').localeCompare(b.activeAt ?? '\uffff') ||
      a.fingerprint.localeCompare(b.fingerprint),
  );
  const first = sorted[0]!;
  const starts = members.map((m) => m.activeAt).filter((t): t is string => t !== null);
  // The id must not depend on which replicas answered this time: it is made of the shared labels.
  const fingerprint = labelFingerprint(labels);
  return {
    ...first,
    id: `${first.sourceId}/${fingerprint}`,
    fingerprint,
    labels,
    activeAt: starts.length ? starts.reduce((a, b) => (a < b ? a : b)) : null,
    stale: members.every((m) => m.stale),
    // Held back only if every replica's copy is: one that still notifies keeps the alert live.
    suppressed: members.every((m) => m.suppressed) ? (first.suppressed ?? null) : null,
  };
}
