import type { Signal, Suppression } from '../../../shared/domain/signal';
import type { AmAlert, AmSilence } from './alertmanagerSchemas';
import { exprFromGeneratorUrl } from '../../../shared/evidence/alertExpression';
import { parseAckComment } from '../../../shared/incidents/ackSilenceComment';
import { normaliseTime } from '../normaliseTime';
import { ITEMS_PER_PAUSE } from '../yieldToLoop';

/** Longest author or comment text carried into a signal (Alertmanager does not bound them). */
const TEXT_LIMIT = 200;

/**
 * Alertmanager alerts as Signals. The fingerprint is Alertmanager's own (a hash of the label
 * set, the same one Alertmanager uses in silences' and inhibitions' references), so a signal can
 * be matched back to `silencedBy` / `inhibitedBy`. A `dedup_key` label or annotation, when the
 * team sets one for its PagerDuty routing, becomes the cross-source dedup key.
 *
 * Silenced and inhibited alerts are kept, with what holds them back (`suppressed`): they still
 * fire, so their incident is silenced, not resolved. `silences` (by id) gives a silence's end and
 * author; without it (the list could not be read) the silence's end is unknown. It pauses every
 * ITEMS_PER_PAUSE alerts, for runInSlices: a storm's 20,000 never hold the event loop in one turn.
 */
export function* toAlertmanagerSignalsInSlices(
  sourceId: string,
  alerts: readonly AmAlert[],
  silences: ReadonlyMap<string, AmSilence> = new Map(),
): Generator<void, Signal[], void> {
  const out: Signal[] = new Array(alerts.length);
  for (let i = 0; i < alerts.length; i++) {
    if (i % ITEMS_PER_PAUSE === ITEMS_PER_PAUSE - 1) yield;
    const a = alerts[i]!;
    // Prometheus links each alert to its rule's graph page; the expression is in that link.
    const { expr, exprNote } = expressionOf(a.generatorURL);
    out[i] = {
      id: `${sourceId}/${a.fingerprint}`,
      sourceId,
      sourceKind: 'alertmanager' as const,
      fingerprint: a.fingerprint,
      name: a.labels.alertname ?? 'unnamed alert',
      labels: a.labels,
      annotations: a.annotations,
      // Alertmanager only lists alerts that fire (resolved ones drop out); "unprocessed" is a
      // firing alert it has just received and not yet routed.
      state: 'firing' as const,
      activeAt: normaliseTime(a.startsAt),
      value: null,
      generatorURL: a.generatorURL || null,
      stale: false,
      dedupKey: a.labels.dedup_key ?? a.annotations.dedup_key ?? null,
      // Named, not spread: a spread in the literal copies through the runtime, once per alert.
      expr,
      exprNote,
      suppressed: suppressionOf(a, silences),
    };
  }
  return out;
}

/** What holds the alert back: its silences (the one ending first speaks), else its inhibitions. */
export function suppressionOf(alert: AmAlert, silences: ReadonlyMap<string, AmSilence>): Suppression | null {
  if (alert.status.state !== 'suppressed') return null;
  const ids = alert.status.silencedBy;
  if (ids.length > 0) {
    // An "ack" silence beside a real one only says who has it: the real silence speaks.
    const known = ids.map((id) => silences.get(id)).filter((s): s is AmSilence => s !== undefined);
    const real = known.filter((s) => !parseAckComment(s.comment));
    let first: AmSilence | null = null;
    for (const s of real.length ? real : known) {
      if (first === null || Date.parse(s.endsAt) < Date.parse(first.endsAt)) first = s;
    }
    // A silence Vigil could not read still silences: its end is simply unknown.
    const until = first && Number.isFinite(Date.parse(first.endsAt)) ? new Date(first.endsAt).toISOString() : null;
    return {
      kind: 'silence',
      until,
      by: first ? clip(first.createdBy) : null,
      comment: first ? clip(first.comment) : null,
      ids: [...ids].sort(),
    };
  }
  return { kind: 'inhibition', until: null, by: null, comment: null, ids: [...alert.status.inhibitedBy].sort() };
}

function clip(text: string): string | null {
  const t = text.trim();
  if (!t) return null;
  return t.length > TEXT_LIMIT ? `${t.slice(0, TEXT_LIMIT - 1)}…` : t;
}

/** Expressions read from generator URLs: one URL per rule, shared by all of that rule's alerts. */
const expressions = new Map<string, { expr: string | null; exprNote: string | null }>();
const MAX_EXPRESSIONS = 5_000;
const NO_EXPRESSION = { expr: null, exprNote: "Alertmanager gives no generator URL with the rule's expression" };

/**
 * The rule's expression from an alert's generator URL. A storm's 20,000 alerts come from a few
 * rules, so each URL is parsed once and kept (the cache is emptied past MAX_EXPRESSIONS entries).
 */
function expressionOf(url: string | null | undefined): { expr: string | null; exprNote: string | null } {
  if (!url) return NO_EXPRESSION;
  const known = expressions.get(url);
  if (known) return known;
  const expr = exprFromGeneratorUrl(url);
  const found = expr ? { expr, exprNote: null } : NO_EXPRESSION;
  if (expressions.size >= MAX_EXPRESSIONS) expressions.clear();
  expressions.set(url, found);
  return found;
}
