import { labelSeverity } from '../classify/alertFacts';
import { classifySignal, type ClassifyContext } from '../classify/classifySignal';
import type { ClassificationConfig } from '../classify/classificationConfig';
import { formatDuration } from '../classify/duration';
import type { QueryResults } from '../classify/ruleQuery';
import type { Sample, SeriesHistory } from '../classify/trend';
import { longestTrendWindowMs, trendSeriesOf } from '../classify/trendSeries';
import type { Classification, Incident, IncidentPhase } from '../domain/incident';
import { severityRank, type Severity } from '../domain/severity';
import type { Signal, SourceKind, Suppression } from '../domain/signal';
import type { TimelineEvent } from '../domain/timeline';
import { dueEscalation, escalationWhy, nextEscalation } from './escalation';
import { alertIdentity, compileGroupBy, hashKey64, type CompiledGroupBy } from './groupKey';
import { incidentChanged } from './incidentChanged';
import {
  clockText,
  draft,
  isUnacknowledged,
  phaseOf,
  stampEvents,
  stateOf,
  type EventDraft,
} from './incidentLifecycle';
import { inhibitorsOf } from './inhibition';
import { manualClassification } from './manualSeverity';
import { createQuietLookup, sameSuppression, silenceDrafts, silenceOfGroup } from './silencedState';
import { copyInSlices, ITEMS_PER_PAUSE, runAtOnce } from './slices';

export interface EngineConfig {
  classification: ClassificationConfig;
  /** Overrides `classification.incidents.groupBy` (callers from before it lived in the file). */
  groupBy?: readonly string[];
}

/** What the Node side observed besides the alerts, for this step. */
export interface StepObservations {
  /** Results of the rules' PromQL queries, by rendered query text (see classify/ruleQuery.ts). */
  queryResults?: QueryResults;
}

export interface IncidentsState {
  /** Every incident Vigil knows, open and resolved, by id. */
  incidents: ReadonlyMap<string, Incident>;
  /** The open (not resolved) incident of each group key. */
  openByKey: ReadonlyMap<string, string>;
  /** The last incident of each key that resolved, kept for the flap window. */
  resolvedByKey: ReadonlyMap<string, string>;
  /** When each key last notified (ms), kept for the cooldown. */
  lastNotifiedAt: ReadonlyMap<string, number>;
  /** Recent values of the series trend rules look at, oldest first. */
  series: SeriesHistory;
}

export interface ReconcileResult {
  state: IncidentsState;
  /** Incidents created or changed in this step (new objects). */
  changed: Incident[];
  /**
   * Of `changed`, those whose only change is their alerts' values (and the words quoting them),
   * each with the version it changed from: the write policy need not compare them again.
   */
  valuesOnly: Map<Incident, Incident>;
  /**
   * Incidents that are due a notification decision now (new, or risen above the severity they
   * last notified for; not acknowledged, stale, muted or in a cooldown). Nothing is marked yet:
   * the policy decides, and recordNotifications writes what was sent.
   */
  notify: Incident[];
  /** What happened, in order: per incident (by group key), then resolutions. */
  events: TimelineEvent[];
}

export const emptyIncidentsState = (): IncidentsState => ({
  incidents: new Map(),
  openByKey: new Map(),
  resolvedByKey: new Map(),
  lastNotifiedAt: new Map(),
  series: new Map(),
});

interface Member {
  signal: Signal;
  classification: Classification;
  rank: number;
  key: string;
  /** What holds its notifications back in Alertmanager, or null. */
  quiet: Suppression | null;
}

/** One incident being moved through the step. */
interface Work {
  key: string;
  /** The incident before this step (open, or resolved and being reopened), or null when new. */
  base: Incident | null;
  next: Incident;
  drafts: EventDraft[];
  notify: boolean;
}

/**
 * The engine step: (previous state, every signal currently known, now, config) -> next state.
 * Firing signals are classified and grouped by key (signals sharing a dedup key join one group);
 * each group updates its open incident, reopens one that resolved within the flap window, or opens
 * a new one. Severity is the most severe classification of its signals, raised by progressive
 * escalation while unacknowledged. Then inhibition and notification are decided over all open
 * incidents, with cooldown per key. Open incidents with no firing signal left are resolved; stale
 * signals (from a source that stopped answering) keep theirs open. Every change is returned as
 * timeline events. Pure and deterministic: the same inputs give the same output, whatever the
 * order of `signals`, so scenarios replay in tests.
 */
export function reconcileIncidents(
  prev: IncidentsState,
  signals: readonly Signal[],
  now: number,
  config: EngineConfig,
  observations: StepObservations = {},
): ReconcileResult {
  return runAtOnce(reconcileInSlices(prev, signals, now, config, observations));
}

/**
 * The same step as reconcileIncidents, pausing (yielding) after every ITEMS_PER_PAUSE signals,
 * groups or incidents, so a caller can let its event loop answer requests between slices in a
 * storm. Nothing outside the generator changes until it returns: a caller that changed the state
 * meanwhile drops the result and steps again from its current state.
 */
export function* reconcileInSlices(
  prev: IncidentsState,
  signals: readonly Signal[],
  now: number,
  config: EngineConfig,
  observations: StepObservations = {},
): Generator<void, ReconcileResult, void> {
  let done = 0;
  const cls = config.classification;
  const policy = cls.incidents;
  const nowIso = new Date(now).toISOString();
  const grouping = compileGroupBy(config.groupBy ?? policy.groupBy);
  const trendWindowMs = longestTrendWindowMs(cls);
  const context: ClassifyContext = { queryResults: observations.queryResults, history: prev.series };
  const ignore = new Set(policy.ignoreLabels);
  const quietOf = createQuietLookup(signals, now, ignore);

  const members: Member[] = [];
  const samples: [string, number][] = [];
  let linked = false;
  for (const signal of signals) {
    if (signal.state !== 'firing') continue;
    const classification = classifySignal(signal, cls, now, context);
    members.push({
      signal,
      classification,
      rank: severityRank(classification.severity),
      key: grouping.keyOf(signal),
      quiet: quietOf(signal),
    });
    if (signal.dedupKey) linked = true;
    if (trendWindowMs > 0) trendSeriesOf(signal, cls, observations.queryResults, samples);
    if (++done % ITEMS_PER_PAUSE === 0) yield;
  }
  if (linked) relinkByDedupKey(members, prev);

  const groups = new Map<string, Member[]>();
  for (const m of members) {
    const list = groups.get(m.key);
    if (list) list.push(m);
    else groups.set(m.key, [m]);
    if (++done % ITEMS_PER_PAUSE === 0) yield;
  }

  // The state's maps are copied in slices too: each holds an entry per incident.
  const openByKey = yield* copyInSlices(prev.openByKey);
  const resolvedByKey = yield* copyInSlices(prev.resolvedByKey);
  const works: Work[] = [];
  for (const key of [...groups.keys()].sort()) {
    const group = groups.get(key)!;
    // Most severe first; on a tie an alert before a PagerDuty page, whose reason is only a fallback.
    group.sort(
      (a, b) => a.rank - b.rank || pagerDutyLast(a) - pagerDutyLast(b) || compareText(a.signal.id, b.signal.id),
    );
    const openId = openByKey.get(key);
    let base = openId === undefined ? null : (prev.incidents.get(openId) ?? null);
    let reopened = false;
    if (base === null) {
      const resolvedId = resolvedByKey.get(key);
      const resolved = resolvedId === undefined ? undefined : prev.incidents.get(resolvedId);
      if (resolved?.resolvedAt && now - Date.parse(resolved.resolvedAt) <= policy.flapWindowMs) {
        base = resolved;
        reopened = true;
        resolvedByKey.delete(key);
      }
    }
    const work = advance(key, base, reopened, group, now, nowIso, cls, grouping, ignore);
    openByKey.set(key, work.next.id);
    works.push(work);
    if (++done % ITEMS_PER_PAUSE === 0) yield;
  }

  // Open incidents whose signals are all gone have cleared.
  const resolutions: Work[] = [];
  for (const [key, id] of prev.openByKey) {
    if (++done % ITEMS_PER_PAUSE === 0) yield;
    if (groups.has(key)) continue;
    const inc = prev.incidents.get(id);
    openByKey.delete(key);
    if (!inc) continue;
    resolvedByKey.set(key, id);
    resolutions.push({
      key,
      base: inc,
      next: {
        ...inc,
        phase: 'resolved',
        state: 'resolved',
        resolvedAt: nowIso,
        resolvedBy: 'vigil',
        stale: false,
        inhibitedBy: null,
        cooldownUntil: null,
        silence: null,
        signals: inc.signals.map((s) => (s.state === 'resolved' ? s : { ...s, state: 'resolved' as const })),
      },
      drafts: [draft('resolved', 'every alert cleared: resolved', { by: 'vigil' })],
      notify: false,
    });
  }

  const lastNotifiedAt = yield* copyInSlices(prev.lastNotifiedAt);
  decideNotifications(works, now, cls, lastNotifiedAt);

  // Stamp: a changed incident gets a new revision and updatedAt, and its events their ids.
  const incidents = yield* copyInSlices(prev.incidents);
  const changed: Incident[] = [];
  const valuesOnly = new Map<Incident, Incident>();
  const notify: Incident[] = [];
  const events: TimelineEvent[] = [];
  for (const w of [...works, ...resolutions]) {
    let final = w.next;
    if (w.base === null || w.drafts.length > 0 || incidentChanged(w.base, w.next)) {
      final = { ...w.next, revision: (w.base?.revision ?? 0) + 1, updatedAt: nowIso };
      incidents.set(final.id, final);
      changed.push(final);
      if (w.base !== null && w.drafts.length === 0 && !incidentChanged(w.base, w.next, false))
        valuesOnly.set(final, w.base);
      events.push(...stampEvents(final, nowIso, w.drafts));
    } else {
      final = w.base;
    }
    if (w.notify) notify.push(final);
    if (++done % ITEMS_PER_PAUSE === 0) yield;
  }

  for (const [key, id] of resolvedByKey) {
    const at = incidents.get(id)?.resolvedAt;
    if (!at || now - Date.parse(at) > policy.flapWindowMs) resolvedByKey.delete(key);
    if (++done % ITEMS_PER_PAUSE === 0) yield;
  }
  for (const [key, at] of lastNotifiedAt) {
    if (now - at >= policy.cooldownMs) lastNotifiedAt.delete(key);
    if (++done % ITEMS_PER_PAUSE === 0) yield;
  }

  const series = trendWindowMs > 0 ? yield* recordSamples(prev.series, samples, now, trendWindowMs) : prev.series;
  return {
    state: { incidents, openByKey, resolvedByKey, lastNotifiedAt, series },
    changed,
    valuesOnly,
    notify,
    events,
  };
}

/**
 * Signals sharing a dedup key are one problem. The group they join is, in order: the open
 * incident already holding that key (so a link never flips between steps), else the smallest key
 * among the non-PagerDuty signals carrying it (alerts have the labels people group by), else the
 * smallest key among all of them. Order-independent, and linear in the number of signals.
 */
function relinkByDedupKey(members: Member[], prev: IncidentsState): void {
  const held = new Map<string, string>();
  for (const [key, id] of prev.openByKey) {
    for (const dk of prev.incidents.get(id)?.dedupKeys ?? []) {
      const other = held.get(dk);
      if (other === undefined || key < other) held.set(dk, key);
    }
  }
  const anchor = new Map<string, { key: string; fromAlert: boolean }>();
  for (const m of members) {
    const dk = m.signal.dedupKey;
    if (!dk) continue;
    const fromAlert = m.signal.sourceKind !== 'pagerduty';
    const current = anchor.get(dk);
    if (
      current === undefined ||
      (fromAlert && !current.fromAlert) ||
      (fromAlert === current.fromAlert && m.key < current.key)
    ) {
      anchor.set(dk, { key: m.key, fromAlert });
    }
  }
  for (const m of members) {
    const dk = m.signal.dedupKey;
    if (dk) m.key = held.get(dk) ?? anchor.get(dk)!.key;
  }
}

/**
 * An incident joined from PagerDuty and from alerts takes the more severe rating, and says what the
 * other side judged too: "error ratio 7.2% > 5%: P0; PagerDuty: high urgency: P1".
 */
function withOtherSide(group: readonly Member[]): Classification {
  const top = group[0]!;
  const topIsPage = top.signal.sourceKind === 'pagerduty';
  const other = group.find((m) => (m.signal.sourceKind === 'pagerduty') !== topIsPage);
  if (
    !other ||
    other.classification.ruleId === 'default' ||
    other.classification.reason === top.classification.reason
  ) {
    return top.classification;
  }
  const label = topIsPage ? 'the alert' : 'PagerDuty';
  return { ...top.classification, reason: `${top.classification.reason}; ${label}: ${other.classification.reason}` };
}

/** Builds the incident of one group for this step: severity, escalation, lifecycle, and its events. */
function advance(
  key: string,
  base: Incident | null,
  reopened: boolean,
  group: Member[],
  now: number,
  nowIso: string,
  cls: ClassificationConfig,
  grouping: CompiledGroupBy,
  ignore: ReadonlySet<string>,
): Work {
  const top = group[0]!;
  const drafts: EventDraft[] = [];
  const ruleSeverity = top.classification.severity;
  const detectedAt = base?.detectedAt ?? nowIso;

  let phase: IncidentPhase = base === null ? 'detected' : phaseOf(base);
  if (reopened && base) phase = base.acknowledgedAt ? 'acknowledged' : base.notifiedAt ? 'notified' : 'detected';
  const silence = silenceOfGroup(group.map((m) => m.quiet));
  // A silence that ends on an unacknowledged incident lets it page again, as Alertmanager would.
  const silenceEnded = !silence && Boolean(base?.silence) && !reopened && isUnacknowledged(phase);

  // Progressive escalation: only while nobody has acknowledged and no silence holds it; what it reached stays.
  let escalatedTo: Severity | null = base?.escalatedTo ?? null;
  if (isUnacknowledged(phase) && !silence) {
    const step = dueEscalation(cls.escalation, ruleSeverity, now - Date.parse(detectedAt));
    // The author's label bounds escalation as it bounds the rules: an alert its author labels info
    // was written never to page (kube-prometheus's CPUThrottlingHigh fires for days), and time
    // unacknowledged says nothing new about it. Unlabelled alerts climb as seed 003 says.
    const bound = step ? labelSeverity(top.signal, cls) : null;
    const allowed = step && (bound === null || severityRank(step.to) >= severityRank(bound));
    if (allowed && (escalatedTo === null || severityRank(step.to) < severityRank(escalatedTo))) escalatedTo = step.to;
  }
  const escalated = escalatedTo !== null && severityRank(escalatedTo) < severityRank(ruleSeverity);
  let severity: Severity = escalated ? escalatedTo! : ruleSeverity;
  let classification = escalated
    ? escalationClassification(top.classification, severity, phase, cls)
    : withOtherSide(group);
  // A person's escalation is a floor: rules and escalation may go higher, never below it.
  const manual = base?.manualSeverity ?? null;
  if (manual && severityRank(manual.severity) < severityRank(severity)) {
    severity = manual.severity;
    classification = manualClassification(manual, ruleSeverity, top.classification.reason);
  }

  // While every source of it is silent nothing new is known about its alerts, and duration and
  // trend rules cannot be re-judged on stale data (after a restart the trend history is gone):
  // the last rating stands rather than dropping. Time-based escalation above still applies.
  if (base && group.every((m) => m.signal.stale) && severityRank(base.severity) < severityRank(severity)) {
    severity = base.severity;
    classification = base.classification;
  }

  const reachedBefore = base?.severityReachedAt ?? {};
  const severityReachedAt = reachedBefore[severity] ? reachedBefore : { ...reachedBefore, [severity]: nowIso };

  const earliestActive = earliest(group);
  const startedAt =
    base && (earliestActive === null || Date.parse(base.startedAt) <= Date.parse(earliestActive))
      ? base.startedAt
      : (earliestActive ?? nowIso);

  const kinds = new Set<SourceKind>();
  const dedupKeys = new Set<string>();
  const sourceIds = new Set<string>();
  let pages = 0;
  for (const m of group) {
    kinds.add(m.signal.sourceKind);
    sourceIds.add(m.signal.sourceId);
    if (m.signal.dedupKey) dedupKeys.add(m.signal.dedupKey);
    if (m.signal.sourceKind === 'pagerduty') pages++;
  }
  // Alerts count once however many sources report them; a PagerDuty-only incident counts its
  // pages. One source never reports an alert twice, so identities are only needed across sources.
  let alertCount = group.length - pages;
  if (sourceIds.size > 1 && alertCount > 0) {
    const identities = new Set<string>();
    for (const m of group) {
      if (m.signal.sourceKind !== 'pagerduty') identities.add(alertIdentity(m.signal, ignore) || `id:${m.signal.id}`);
    }
    alertCount = identities.size;
  }
  if (alertCount === 0) alertCount = pages;
  const sourceKinds = [...kinds].sort();
  const stale = group.every((m) => m.signal.stale);
  const flapCount = (base?.flapCount ?? 0) + (reopened ? 1 : 0);
  // Alerts name the problem (alertname); a PagerDuty title is free text, so it names an incident
  // only when nothing else ever did, and the title does not flip when the alert side clears.
  const named = group.find((m) => m.signal.sourceKind !== 'pagerduty')?.signal;
  const title = named ? (named.labels.alertname ?? named.name) : (base?.title ?? top.signal.name);
  const about = named ?? top.signal;
  const groupLabels = named || !base?.groupLabels ? grouping.labelsOf(about) : base.groupLabels;
  const summary = named || !base ? (about.annotations.summary ?? about.annotations.description ?? null) : base.summary;

  const next: Incident = {
    id: base?.id ?? `inc-${hashKey64(key)}-${now.toString(36)}`,
    key,
    title,
    summary,
    severity,
    classification,
    state: stateOf(phase, silence),
    startedAt,
    detectedAt,
    updatedAt: base?.updatedAt ?? nowIso,
    resolvedAt: null,
    notifiedAt: base?.notifiedAt ?? null,
    sourceKinds,
    stale,
    signals: group.map((m) => m.signal),
    phase,
    acknowledgedAt: base?.acknowledgedAt ?? null,
    acknowledgedBy: base?.acknowledgedBy ?? null,
    // A problem that comes back was not mitigated after all; the timeline keeps when it was said.
    mitigatedAt: reopened ? null : (base?.mitigatedAt ?? null),
    resolvedBy: null,
    lastUpdateAt: base?.lastUpdateAt ?? null,
    ruleSeverity,
    escalatedTo,
    severityReachedAt,
    notifiedSeverity: silenceEnded ? null : (base?.notifiedSeverity ?? null),
    inhibitedBy: base?.inhibitedBy ?? null,
    cooldownUntil: base?.cooldownUntil ?? null,
    flapCount,
    alertCount,
    dedupKeys: [...dedupKeys].sort(),
    groupLabels: base && sameLabels(base.groupLabels, groupLabels) ? base.groupLabels! : groupLabels,
    revision: base?.revision ?? 0,
    // Carried as they are (undefined stays undefined) so an old incident does not count as changed.
    manualSeverity: base ? base.manualSeverity : null,
    declaration: base ? base.declaration : null,
    // Kept as the base's object while unchanged, so a steady silence is not a change.
    silence: base && sameSuppression(base.silence, silence) ? base.silence : silence,
  };

  if (base === null) {
    drafts.push(
      draft(
        'fired',
        `${title} fired: ${classification.reason}`,
        { severity, ruleId: classification.ruleId, key, alerts: alertCount },
        top.signal.sourceKind,
      ),
    );
  } else if (reopened) {
    const resolvedAt = Date.parse(base.resolvedAt!);
    const text =
      base.resolvedBy && base.resolvedBy !== 'vigil'
        ? `still firing after ${base.resolvedBy} resolved it: reopened`
        : `fired again ${formatDuration(now - resolvedAt)} after it resolved: kept as the same incident (flap ${flapCount})`;
    drafts.push(draft('refired', text, { flapCount, resolvedAt: base.resolvedAt }, top.signal.sourceKind));
  }
  if (base !== null && base.severity !== severity) {
    const data = { from: base.severity, to: severity, ruleId: classification.ruleId };
    if (escalated && escalatedTo !== (base.escalatedTo ?? null)) {
      const step = cls.escalation.find((s) => s.to === severity);
      drafts.push(
        draft(
          'escalated',
          `escalated ${base.severity} -> ${severity}: ${escalationWhy(cls.escalation, severity)} since detection at ${clockText(Date.parse(detectedAt))}`,
          { ...data, ...(step && { dueAt: new Date(Date.parse(detectedAt) + step.afterMs).toISOString() }) },
        ),
      );
    } else {
      const lower = severityRank(severity) > severityRank(base.severity);
      const why = lower && classification.whyNotHigher ? ` (${classification.whyNotHigher})` : '';
      drafts.push(
        draft('severity-changed', `severity ${base.severity} -> ${severity}: ${classification.reason}${why}`, data),
      );
    }
  }
  if (base !== null) {
    for (const kind of sourceKinds) {
      if (base.sourceKinds.includes(kind)) continue;
      const count = group.filter((m) => m.signal.sourceKind === kind).length;
      drafts.push(
        draft(
          'source-merged',
          `${kind} reports it too (${count} signal${count === 1 ? '' : 's'})`,
          { sourceKind: kind },
          kind,
        ),
      );
    }
    const before = base.alertCount ?? base.signals.length;
    if (!reopened && before !== alertCount) {
      drafts.push(
        draft('alerts-changed', `${alertCount} alert${alertCount === 1 ? '' : 's'} now (was ${before})`, {
          from: before,
          to: alertCount,
        }),
      );
    }
    if (!reopened && base.stale !== stale) {
      drafts.push(
        stale
          ? draft('stale', 'every source of this incident stopped answering: showing the last state seen', {})
          : draft('fresh', 'its source answers again', {}),
      );
    }
  }
  drafts.push(...silenceDrafts(reopened ? null : base, silence));
  return { key, base, next, drafts, notify: false };
}

/** The classification an escalated incident shows: the escalation, with what the rules say. */
function escalationClassification(
  rules: Classification,
  severity: Severity,
  phase: IncidentPhase,
  cls: ClassificationConfig,
): Classification {
  const ruleReason = rules.reason.replace(/: P[0-3]$/, '');
  const next = nextEscalation(cls.escalation, rules.severity, severity);
  let whyNotHigher: string | null = null;
  if (next) {
    whyNotHigher = isUnacknowledged(phase)
      ? `not ${next.to} yet: escalates to ${next.to} when unacknowledged for ${formatDuration(next.afterMs)}`
      : `not ${next.to}: acknowledged, so escalation stopped`;
  }
  return {
    severity,
    ruleId: 'escalation',
    reason: `escalated to ${severity}: ${escalationWhy(cls.escalation, severity)} (rules say ${rules.severity}: ${ruleReason})`,
    whyNotHigher,
  };
}

/**
 * Inhibition first (it needs every open incident of the step), then who is due a notification
 * decision: an unacknowledged, fresh, not muted incident, the first time or when it rose above
 * the last severity it notified for. The first notification of a key within the cooldown of the
 * key's previous one is held back (and is due once the cooldown is over, if still firing).
 */
function decideNotifications(
  works: Work[],
  now: number,
  cls: ClassificationConfig,
  lastNotifiedAt: ReadonlyMap<string, number>,
): void {
  const inhibitorOf = inhibitorsOf(
    works.map((w) => w.next),
    cls.inhibit,
  );
  for (const w of works) {
    const inc = w.next;
    const muted = inhibitorOf(inc);
    const mutedBy = muted?.by.id ?? null;
    if (mutedBy !== (inc.inhibitedBy ?? null)) {
      if (muted) {
        w.drafts.push(
          draft('inhibited', `notifications muted: ${muted.by.severity} ${muted.by.title} is open on ${muted.on}`, {
            by: muted.by.id,
          }),
        );
      } else {
        w.drafts.push(draft('uninhibited', 'notifications no longer muted', { by: inc.inhibitedBy ?? null }));
      }
      w.next = { ...w.next, inhibitedBy: mutedBy };
    }

    const phase = w.next.phase!;
    const notified = w.next.notifiedSeverity ?? null;
    const rises = notified === null || severityRank(inc.severity) < severityRank(notified);
    if (!rises || inc.stale || !isUnacknowledged(phase) || mutedBy !== null || inc.silence) continue;

    const last = lastNotifiedAt.get(w.key);
    if (notified === null && last !== undefined && now - last < cls.incidents.cooldownMs) {
      const until = new Date(last + cls.incidents.cooldownMs).toISOString();
      if (w.next.cooldownUntil !== until) {
        w.drafts.push(
          draft(
            'notification-suppressed',
            `not paging again: ${inc.title} paged at ${clockText(last)}, within the ${formatDuration(cls.incidents.cooldownMs)} cooldown (until ${clockText(last + cls.incidents.cooldownMs)})`,
            { cooldownUntil: until },
          ),
        );
        w.next = { ...w.next, cooldownUntil: until };
      }
      continue;
    }
    // A candidate only: the notification policy decides whether and how it notifies, and
    // recordNotifications writes "paged" once the notification was handed to the OS.
    w.notify = true;
  }
}

/**
 * Appends this step's samples and forgets what is older than the longest trend window. Samples
 * closer together than 1/30 of the window are not all kept: the slope needs the shape of the
 * window, not every poll, and this bounds memory whatever the poll interval.
 */
function* recordSamples(
  prev: SeriesHistory,
  samples: readonly [string, number][],
  now: number,
  windowMs: number,
): Generator<void, SeriesHistory, void> {
  const spacing = Math.max(1000, windowMs / 30);
  const from = now - windowMs;
  const next = new Map<string, readonly Sample[]>();
  let done = 0;
  for (const [key, list] of prev) {
    if (++done % ITEMS_PER_PAUSE === 0) yield;
    if (list[list.length - 1]!.at < from) continue;
    next.set(key, list[0]!.at < from ? list.filter((s) => s.at >= from) : list);
  }
  for (const [key, value] of samples) {
    if (++done % ITEMS_PER_PAUSE === 0) yield;
    const list = next.get(key);
    const last = list?.[list.length - 1];
    if (last && now - last.at < spacing) continue;
    next.set(key, list ? [...list, { at: now, value }] : [{ at: now, value }]);
  }
  return next;
}

function earliest(group: readonly Member[]): string | null {
  let best: string | null = null;
  let bestMs = Infinity;
  for (const m of group) {
    const t = m.signal.activeAt;
    if (!t) continue;
    // Sources write toISOString() times, which order as text; parse only what does not look so.
    if (best !== null && isCanonicalIso(t) && isCanonicalIso(best)) {
      if (t < best) {
        best = t;
        bestMs = Date.parse(t);
      }
      continue;
    }
    const ms = Date.parse(t);
    if (ms < bestMs) {
      best = t;
      bestMs = ms;
    }
  }
  return best;
}

/** The shape of toISOString() for years 0-9999: "2026-11-24T22:41:00.000Z". */
function isCanonicalIso(t: string): boolean {
  return t.length === 24 && t.charCodeAt(23) === 90 && t.charCodeAt(10) === 84 && t.charCodeAt(19) === 46;
}

function sameLabels(a: Record<string, string> | undefined, b: Record<string, string>): boolean {
  if (!a) return false;
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => a[k] === b[k]);
}

function pagerDutyLast(m: Member): number {
  return m.signal.sourceKind === 'pagerduty' ? 1 : 0;
}

/** Plain code-unit order: deterministic everywhere, unlike localeCompare. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
