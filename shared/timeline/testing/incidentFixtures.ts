// Test fixtures for the timeline, post-mortem and insights tests: incidents and events shaped the
// way the engine and the user actions produce them. Only *.test.ts files import this.
import type { Incident } from '../../domain/incident';
import type { Signal } from '../../domain/signal';
import type { TimelineEvent, TimelineEventKind, TimelineSource } from '../../domain/timeline';
import type { TimelineAnnotation } from '../timelineAnnotation';

export const MIN = 60_000;

/** An incident with sane defaults; `at` strings are UTC ISO. */
export function makeIncident(
  over: Partial<Incident> & { id: string; startedAt: string; detectedAt: string },
): Incident {
  const alertname = over.groupLabels?.alertname ?? over.title ?? 'SomeAlert';
  const signal: Signal = {
    id: `prom/${over.id}`,
    sourceId: 'prom',
    sourceKind: 'prometheus',
    fingerprint: over.id,
    name: alertname,
    labels: { alertname, ...(over.groupLabels ?? {}) },
    annotations: {},
    state: over.state === 'resolved' ? 'resolved' : 'firing',
    activeAt: over.startedAt,
    value: null,
    generatorURL: null,
    stale: false,
  };
  const severity = over.severity ?? 'P1';
  return {
    key: `key-${over.id}`,
    title: alertname,
    summary: null,
    severity,
    classification: { severity, ruleId: 'test-rule', reason: `test reason: ${severity}` },
    state: 'open',
    updatedAt: over.detectedAt,
    resolvedAt: null,
    notifiedAt: null,
    sourceKinds: ['prometheus'],
    stale: false,
    signals: [signal],
    groupLabels: { alertname },
    severityReachedAt: { [severity]: over.detectedAt },
    ...over,
  };
}

/** Builds events of one incident with engine-style ids (`${id}#${n}.0`). */
export function eventMaker(incidentId: string) {
  let n = 0;
  return (
    at: string,
    kind: TimelineEventKind,
    text: string,
    actor = 'vigil',
    data: Record<string, unknown> = {},
    source?: TimelineSource,
  ): TimelineEvent => ({
    id: `${incidentId}#${n++}.0`,
    incidentId,
    at,
    kind,
    text,
    source: source ?? (actor === 'vigil' ? 'vigil' : 'user'),
    actor,
    data,
  });
}

/** Builds annotations of one incident with ids `${incidentId}/${author}-1`, -2... (unique per author). */
export function annotationMaker(incidentId: string, author = 'ana') {
  let n = 0;
  const base = (recordedAt: string) => ({ id: `${incidentId}/${author}-${++n}`, incidentId, recordedAt, author });
  return {
    note: (at: string, text: string, recordedAt = at): TimelineAnnotation => ({
      ...base(recordedAt),
      type: 'note',
      at,
      text,
    }),
    star: (entryId: string, starred = true, recordedAt = '2026-03-14T18:00:00.000Z'): TimelineAnnotation => ({
      ...base(recordedAt),
      type: 'star',
      entryId,
      starred,
    }),
    milestone: (
      milestone: Extract<TimelineAnnotation, { type: 'milestone' }>['milestone'],
      entryId: string | null,
      recordedAt = '2026-03-14T18:00:00.000Z',
    ): TimelineAnnotation => ({ ...base(recordedAt), type: 'milestone', milestone, entryId }),
    retime: (entryId: string, at: string | null, recordedAt = '2026-03-14T18:00:00.000Z'): TimelineAnnotation => ({
      ...base(recordedAt),
      type: 'retime',
      entryId,
      at,
    }),
    noteEdit: (noteId: string, text: string | null, recordedAt = '2026-03-14T18:00:00.000Z'): TimelineAnnotation => ({
      ...base(recordedAt),
      type: 'note-edit',
      noteId,
      text,
    }),
  };
}

/**
 * Seed 002's worked example as Vigil would have recorded it (times UTC, 2026-03-14):
 *   14:22 first symptom (the PSI alert's activeAt: the feature pipeline starts writing nulls)
 *   14:47 Vigil sees the alert fire and pages                      -> MTTD 25 min
 *   15:02 ana acknowledges                                         -> MTTA 15 min
 *   15:03 runbook started; 15:06 step 1 done; 15:09 step 2 skipped
 *   15:23 ben's note: root cause found (marked root cause, starred)
 *   15:41 ana marks it mitigated (pipeline redeployed)            -> MTTM 54 min
 *   15:48 every alert cleared: Vigil resolves it                   -> MTTR 61 min, duration 86 min
 */
export function schemaChangeIncident() {
  const id = 'inc-psi';
  const incident = makeIncident({
    id,
    title: 'FraudModelScorePSI',
    severity: 'P1',
    classification: { severity: 'P1', ruleId: 'drift-significant', reason: 'PSI 0.62 > 0.5: P1' },
    state: 'resolved',
    phase: 'resolved',
    startedAt: '2026-03-14T14:22:00.000Z',
    detectedAt: '2026-03-14T14:47:00.000Z',
    notifiedAt: '2026-03-14T14:47:00.000Z',
    acknowledgedAt: '2026-03-14T15:02:00.000Z',
    acknowledgedBy: 'ana',
    mitigatedAt: '2026-03-14T15:41:00.000Z',
    resolvedAt: '2026-03-14T15:48:00.000Z',
    resolvedBy: 'vigil',
    updatedAt: '2026-03-14T15:48:00.000Z',
    groupLabels: { alertname: 'FraudModelScorePSI', model: 'fraud-model' },
  });
  incident.signals[0]!.value = 0.62;
  const ev = eventMaker(id);
  const events = [
    ev('2026-03-14T14:47:00.000Z', 'fired', 'FraudModelScorePSI fired: PSI 0.62 > 0.5: P1', 'vigil', {}, 'prometheus'),
    ev('2026-03-14T14:47:00.000Z', 'notified', 'paged: P1 FraudModelScorePSI', 'vigil', { severity: 'P1' }),
    ev('2026-03-14T15:02:00.000Z', 'acknowledged', 'ana acknowledged it', 'ana'),
    ev(
      '2026-03-14T15:03:00.000Z',
      'runbook-started',
      'Started runbook "Score drift" at Step 1 "Check feature freshness"',
      'ana',
    ),
    ev('2026-03-14T15:06:00.000Z', 'runbook-step-done', 'Step 1 "Check feature freshness" done', 'ana'),
    ev(
      '2026-03-14T15:09:00.000Z',
      'runbook-step-skipped',
      'Step 2 "Compare with last deploy" skipped: no deploy in 24 h',
      'ana',
    ),
    ev(
      '2026-03-14T15:41:00.000Z',
      'mitigated',
      'ana marked it mitigated: feature pipeline redeployed with the schema fix',
      'ana',
    ),
    ev('2026-03-14T15:48:00.000Z', 'resolved', 'every alert cleared: resolved', 'vigil', { by: 'vigil' }),
  ];
  const a = annotationMaker(id, 'ben');
  const note = a.note(
    '2026-03-14T15:23:00.000Z',
    'Root cause: the upstream table renamed transaction_amount to txn_amount_usd',
  );
  const annotations: TimelineAnnotation[] = [
    note,
    a.milestone('root-cause', note.id),
    a.star(note.id),
    a.star(`${id}#5.0`), // the skipped step belongs in the post-mortem
    a.star(`${id}#3.0`), // runbook started: starred, then un-starred below
    a.star(`${id}#3.0`, false),
  ];
  return { incident, events, annotations, noteId: note.id };
}
