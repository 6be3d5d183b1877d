import type { Incident } from '../domain/incident';
import type { Signal, Suppression } from '../domain/signal';
import { alertIdentity } from './groupKey';
import { clockText, draft, type EventDraft } from './incidentLifecycle';

/**
 * The silenced state. Alertmanager keeps listing a silenced or inhibited alert (state
 * "suppressed"): it still fires, Alertmanager only holds its notifications back. An incident
 * all of whose alerts are held back that way is silenced, never resolved; it is open (or
 * acknowledged) again once the silence ends, or as soon as its end time passes, whichever Vigil
 * sees first.
 */

/** The signal's own suppression while it lasts: a silence whose end has passed no longer counts. */
export function activeSuppression(signal: Signal, now: number): Suppression | null {
  const s = signal.suppressed;
  if (!s) return null;
  if (s.until !== null && !(Date.parse(s.until) > now)) return null;
  return s;
}

/**
 * What holds each signal back. Prometheus does not know about silences, so a Prometheus signal
 * of the same alert (the same labels, ignoring the configured ones) as a suppressed Alertmanager
 * alert counts as held back too; otherwise a team watching both would be paged through the
 * silence. A PagerDuty page is never held back by Alertmanager: PagerDuty pages on its own.
 */
export function createQuietLookup(
  signals: readonly Signal[],
  now: number,
  ignore: ReadonlySet<string>,
): (signal: Signal) => Suppression | null {
  let byIdentity: Map<string, Suppression> | null = null;
  for (const s of signals) {
    if (s.state !== 'firing' || s.sourceKind !== 'alertmanager') continue;
    const quiet = activeSuppression(s, now);
    if (!quiet) continue;
    byIdentity ??= new Map();
    byIdentity.set(alertIdentity(s, ignore), quiet);
  }
  const shared = byIdentity;
  return (signal) => {
    const own = activeSuppression(signal, now);
    if (own || shared === null || signal.sourceKind === 'pagerduty' || signal.sourceKind === 'alertmanager') {
      return own;
    }
    return shared.get(alertIdentity(signal, ignore)) ?? null;
  };
}

/**
 * The incident's silence when every one of its alerts is held back, else null. A silence wins
 * over an inhibition (a person decided it); `until` is the earliest known end, when the first
 * alert would notify again.
 */
export function silenceOfGroup(quiet: readonly (Suppression | null)[]): Suppression | null {
  let best: Suppression | null = null;
  for (const q of quiet) {
    if (q === null) return null;
    if (best === null || rank(q) < rank(best)) best = q;
  }
  return best;
}

function rank(s: Suppression): number {
  if (s.kind === 'inhibition') return Number.MAX_SAFE_INTEGER;
  return s.until === null ? Number.MAX_SAFE_INTEGER - 1 : Date.parse(s.until);
}

export function sameSuppression(a: Suppression | null | undefined, b: Suppression | null | undefined): boolean {
  if (!a || !b) return !a === !b;
  return a.kind === b.kind && a.until === b.until && a.by === b.by && a.comment === b.comment;
}

/** "silenced in Alertmanager until 04:10 UTC by alice (deploy in progress)". */
export function describeSuppression(s: Suppression): string {
  if (s.kind === 'inhibition') return 'inhibited in Alertmanager (a related alert fires)';
  const until = s.until ? ` until ${clockText(Date.parse(s.until))}` : '';
  const by = s.by ? ` by ${s.by}` : '';
  const why = s.comment ? ` (${s.comment})` : '';
  return `silenced in Alertmanager${until}${by}${why}`;
}

/** The timeline's account of a silence starting, changing or ending in this step. */
export function silenceDrafts(base: Incident | null, next: Suppression | null): EventDraft[] {
  const before = base?.silence ?? null;
  if (sameSuppression(before, next)) return [];
  if (next) {
    const text = before
      ? `${describeSuppression(next)} now`
      : `every alert is ${describeSuppression(next)}: notifications held, the alerts still fire`;
    return [draft('silenced', text, { kind: next.kind, until: next.until, by: next.by }, 'alertmanager')];
  }
  return [
    draft(
      'unsilenced',
      before!.kind === 'inhibition'
        ? 'no longer inhibited in Alertmanager'
        : 'the silence ended: its alerts fire again',
      { kind: before!.kind },
      'alertmanager',
    ),
  ];
}
