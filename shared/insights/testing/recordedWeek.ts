// A recorded on-call week for the insights tests, with the answers worked out by hand in the
// tests' comments. Only *.test.ts files import this.
//
// Week of Monday 2026-11-23, local time UTC+1 (fixedOffsetClock(60)); the period is local
// Monday 00:00 to the next Monday 00:00 = [2026-11-22T23:00Z, 2026-11-29T23:00Z).
// Business hours Mon-Fri 09:00-18:00 local = 08:00-17:00 UTC. Two engineers on the rotation.
//
// id     rule (class)                     sev  detected (UTC)        local          outcome
// inc-a  HighAPIErrorRate (infra)         P1   Mon 23 10:02          Mon 11:02 in   actionable (ack, runbook step, mitigate)
// inc-b  HighAPIErrorRate (infra)         P1   Tue 24 02:06          Tue 03:06 out  actionable (ack, note, resolved by ben)
// inc-c  DiskSpaceLow (infra)             P3   Wed 25 13:01          Wed 14:01 in   auto-resolved untouched, flapped once
// inc-d  DiskSpaceLow (infra)             P3   Sat 28 22:01          Sat 23:01 out  auto-resolved untouched
// inc-e  FeatureStaleness (data-pipeline) P1   Thu 26 07:12          Thu 08:12 out  acknowledged only
// inc-f  ScorePSIDrift (ml-quality)       P2   Fri 27 15:30          Fri 16:30 in   still open, untouched
// inc-g  HighAPIErrorRate                 P1   Sun 22 20:00          before the period: excluded
import type { SeverityPolicy } from '../../classify/classificationConfig';
import type { Severity } from '../../domain/severity';
import type { PostMortem } from '../../postmortem/postMortemModel';
import { annotationMaker, eventMaker, makeIncident } from '../../timeline/testing/incidentFixtures';
import type { IncidentRecord, NotificationRecord } from '../incidentHistory';

export const PERIOD = { from: Date.parse('2026-11-22T23:00:00Z'), to: Date.parse('2026-11-29T23:00:00Z') };

export const POLICIES: Record<Severity, SeverityPolicy> = {
  P0: { label: 'critical', ack: '5m', update: '15m', mitigate: '1h', declare: 'auto', notify: 'page' },
  P1: { label: 'high', ack: '15m', update: '1h', mitigate: '4h', declare: 'auto', notify: 'page' },
  P2: { label: 'medium', ack: '1h', resolve: '24h', declare: 'judgment', notify: 'quiet' },
  P3: { label: 'low', ack: '4h', resolve: '1w', declare: 'judgment', notify: 'quiet' },
};

const z = (s: string) => `2026-11-${s}:00.000Z`;

function incA(): IncidentRecord {
  // started 10:00, detected 10:02, ack 10:05 (ana), step done 10:08, mitigated 10:20, resolved 10:25 (ana)
  const ev = eventMaker('inc-a');
  return {
    incident: makeIncident({
      id: 'inc-a',
      severity: 'P1',
      state: 'resolved',
      startedAt: z('23T10:00'),
      detectedAt: z('23T10:02'),
      notifiedAt: z('23T10:02'),
      acknowledgedAt: z('23T10:05'),
      acknowledgedBy: 'ana',
      mitigatedAt: z('23T10:20'),
      resolvedAt: z('23T10:25'),
      resolvedBy: 'ana',
      groupLabels: { alertname: 'HighAPIErrorRate', service: 'checkout' },
    }),
    events: [
      ev(z('23T10:02'), 'fired', 'HighAPIErrorRate fired'),
      ev(z('23T10:02'), 'notified', 'paged: P1 HighAPIErrorRate'),
      ev(z('23T10:05'), 'acknowledged', 'ana acknowledged it', 'ana'),
      ev(z('23T10:08'), 'runbook-step-done', 'Step 1 done', 'ana'),
      ev(z('23T10:20'), 'mitigated', 'ana marked it mitigated', 'ana'),
      ev(z('23T10:25'), 'resolved', 'ana resolved it', 'ana'),
    ],
  };
}

function incB(): IncidentRecord {
  // started 02:00, detected 02:06, ack 02:20 (ben), note 02:25, resolved 03:00 (ben), no mitigation
  const ev = eventMaker('inc-b');
  const a = annotationMaker('inc-b', 'ben');
  return {
    incident: makeIncident({
      id: 'inc-b',
      severity: 'P1',
      state: 'resolved',
      startedAt: z('24T02:00'),
      detectedAt: z('24T02:06'),
      notifiedAt: z('24T02:06'),
      acknowledgedAt: z('24T02:20'),
      acknowledgedBy: 'ben',
      resolvedAt: z('24T03:00'),
      resolvedBy: 'ben',
      groupLabels: { alertname: 'HighAPIErrorRate', service: 'checkout' },
    }),
    events: [
      ev(z('24T02:06'), 'fired', 'HighAPIErrorRate fired'),
      ev(z('24T02:06'), 'notified', 'paged: P1 HighAPIErrorRate'),
      ev(z('24T02:20'), 'acknowledged', 'ben acknowledged it', 'ben'),
      ev(z('24T03:00'), 'resolved', 'ben resolved it', 'ben'),
    ],
    annotations: [a.note(z('24T02:25'), 'payment provider timeouts; failing over')],
  };
}

function incC(): IncidentRecord {
  // started 13:00, detected 13:01, auto-resolved 13:30, refired 13:40, auto-resolved 13:50
  const ev = eventMaker('inc-c');
  return {
    incident: makeIncident({
      id: 'inc-c',
      severity: 'P3',
      state: 'resolved',
      startedAt: z('25T13:00'),
      detectedAt: z('25T13:01'),
      resolvedAt: z('25T13:50'),
      resolvedBy: 'vigil',
      flapCount: 1,
      groupLabels: { alertname: 'DiskSpaceLow', service: 'batch' },
    }),
    events: [
      ev(z('25T13:01'), 'fired', 'DiskSpaceLow fired'),
      ev(z('25T13:30'), 'resolved', 'every alert cleared: resolved'),
      ev(z('25T13:40'), 'refired', 'fired again 10 min after it resolved'),
      ev(z('25T13:50'), 'resolved', 'every alert cleared: resolved'),
    ],
  };
}

function incD(): IncidentRecord {
  // started 22:00, detected 22:01, auto-resolved 22:15
  const ev = eventMaker('inc-d');
  return {
    incident: makeIncident({
      id: 'inc-d',
      severity: 'P3',
      state: 'resolved',
      startedAt: z('28T22:00'),
      detectedAt: z('28T22:01'),
      resolvedAt: z('28T22:15'),
      resolvedBy: 'vigil',
      groupLabels: { alertname: 'DiskSpaceLow', service: 'batch' },
    }),
    events: [
      ev(z('28T22:01'), 'fired', 'DiskSpaceLow fired'),
      ev(z('28T22:15'), 'resolved', 'every alert cleared: resolved'),
    ],
  };
}

/** inc-e as it stands at the end of the week: acknowledged, nothing else, auto-resolved 09:00. */
function incE(): IncidentRecord {
  // started 07:00, detected 07:12, ack 07:30 (ana), resolved by Vigil 09:00
  const ev = eventMaker('inc-e');
  return {
    incident: makeIncident({
      id: 'inc-e',
      severity: 'P1',
      state: 'resolved',
      startedAt: z('26T07:00'),
      detectedAt: z('26T07:12'),
      notifiedAt: z('26T07:12'),
      acknowledgedAt: z('26T07:30'),
      acknowledgedBy: 'ana',
      resolvedAt: z('26T09:00'),
      resolvedBy: 'vigil',
      groupLabels: { alertname: 'FeatureStaleness', model: 'fraud-model' },
    }),
    events: [
      ev(z('26T07:12'), 'fired', 'FeatureStaleness fired'),
      ev(z('26T07:12'), 'notified', 'paged: P1 FeatureStaleness'),
      ev(z('26T07:30'), 'acknowledged', 'ana acknowledged it', 'ana'),
      ev(z('26T09:00'), 'resolved', 'every alert cleared: resolved'),
    ],
  };
}

function incF(): IncidentRecord {
  // started 14:00, detected 15:30 (the PSI rule needs 90 min of drift), open, untouched
  const ev = eventMaker('inc-f');
  return {
    incident: makeIncident({
      id: 'inc-f',
      severity: 'P2',
      state: 'open',
      startedAt: z('27T14:00'),
      detectedAt: z('27T15:30'),
      groupLabels: { alertname: 'ScorePSIDrift', model: 'fraud-model' },
    }),
    events: [ev(z('27T15:30'), 'fired', 'ScorePSIDrift fired')],
  };
}

function incG(): IncidentRecord {
  const ev = eventMaker('inc-g');
  return {
    incident: makeIncident({
      id: 'inc-g',
      severity: 'P1',
      state: 'resolved',
      startedAt: z('22T19:58'),
      detectedAt: z('22T20:00'),
      resolvedAt: z('22T20:10'),
      resolvedBy: 'vigil',
      groupLabels: { alertname: 'HighAPIErrorRate', service: 'checkout' },
    }),
    events: [
      ev(z('22T20:00'), 'fired', 'HighAPIErrorRate fired'),
      ev(z('22T20:10'), 'resolved', 'every alert cleared: resolved'),
    ],
  };
}

export function recordedWeek(): IncidentRecord[] {
  return [incA(), incB(), incC(), incD(), incE(), incF(), incG()];
}

const n = (
  at: string,
  ids: string[],
  page: boolean,
  kind: NotificationRecord['kind'] = 'incident',
): NotificationRecord => ({
  at: z(at),
  incidentIds: ids,
  kind,
  page,
});

/**
 * #  when (UTC)   local          incident  page
 * 1  Mon 10:02    Mon 11:02 in   inc-a     page
 * 2  Tue 02:06    Tue 03:06 out  inc-b     page
 * 3  Wed 13:01    Wed 14:01 in   inc-c     quiet
 * 4  Wed 13:40    Wed 14:40 in   inc-c     quiet (the refire)
 * 5  Thu 07:12    Thu 08:12 out  inc-e     page
 * 6  Thu 07:27    Thu 08:27 out  inc-e     page (reminder)
 * 7  Fri 15:30    Fri 16:30 in   inc-f     quiet
 * 8  Sat 22:01    Sat 23:01 out  inc-d     quiet
 * -  Sun 22 20:00 before the period, inc-g page: excluded
 */
export function recordedNotifications(): NotificationRecord[] {
  return [
    n('22T20:00', ['inc-g'], true),
    n('23T10:02', ['inc-a'], true),
    n('24T02:06', ['inc-b'], true),
    n('25T13:01', ['inc-c'], false),
    n('25T13:40', ['inc-c'], false),
    n('26T07:12', ['inc-e'], true),
    n('26T07:27', ['inc-e'], true, 'reminder'),
    n('27T15:30', ['inc-f'], false),
    n('28T22:01', ['inc-d'], false),
  ];
}

/**
 * The night shift of Wednesday to Thursday (2026-11-25 20:00Z to 2026-11-26 08:00Z), seen at
 * 08:00 on the 26th: inc-e is acknowledged and still open; inc-h came and went in the night.
 */
export function nightShift() {
  const evE = eventMaker('inc-e');
  const aE = annotationMaker('inc-e', 'ana');
  const e: IncidentRecord = {
    incident: makeIncident({
      id: 'inc-e',
      title: 'FeatureStaleness',
      severity: 'P1',
      state: 'acknowledged',
      phase: 'acknowledged',
      startedAt: z('26T07:00'),
      detectedAt: z('26T07:12'),
      notifiedAt: z('26T07:12'),
      acknowledgedAt: z('26T07:30'),
      acknowledgedBy: 'ana',
      severityReachedAt: { P1: z('26T07:12') },
      groupLabels: { alertname: 'FeatureStaleness', model: 'fraud-model' },
    }),
    events: [
      evE(z('26T07:12'), 'fired', 'FeatureStaleness fired: features 5 h old'),
      evE(z('26T07:12'), 'notified', 'paged: P1 FeatureStaleness'),
      evE(z('26T07:14'), 'alerts-changed', '2 alerts now (was 1)'),
      evE(z('26T07:30'), 'acknowledged', 'ana acknowledged it', 'ana'),
    ],
    annotations: [aE.note(z('26T07:40'), 'feature job stuck on a lock; waiting for data eng')],
  };
  const evH = eventMaker('inc-h');
  const aH = annotationMaker('inc-h', 'ben');
  const h: IncidentRecord = {
    incident: makeIncident({
      id: 'inc-h',
      title: 'KafkaConsumerLag',
      severity: 'P1',
      state: 'resolved',
      phase: 'resolved',
      startedAt: z('26T00:58'),
      detectedAt: z('26T01:00'),
      notifiedAt: z('26T01:00'),
      acknowledgedAt: z('26T01:05'),
      acknowledgedBy: 'ben',
      resolvedAt: z('26T01:30'),
      resolvedBy: 'ben',
      groupLabels: { alertname: 'KafkaConsumerLag', service: 'scoring' },
    }),
    events: [
      evH(z('26T01:00'), 'fired', 'KafkaConsumerLag fired: lag 120000 messages'),
      evH(z('26T01:00'), 'notified', 'paged: P1 KafkaConsumerLag'),
      evH(z('26T01:05'), 'acknowledged', 'ben acknowledged it', 'ben'),
      evH(z('26T01:30'), 'resolved', 'ben resolved it', 'ben'),
    ],
    annotations: [aH.note(z('26T01:10'), 'restarted the consumer group; lag draining')],
  };
  const notifications: NotificationRecord[] = [
    n('26T01:00', ['inc-h'], true),
    n('26T07:12', ['inc-e'], true),
    n('26T07:27', ['inc-e'], true, 'reminder'),
  ];
  return { records: [e, h], notifications };
}

export function postMortemWithItems(): PostMortem {
  return {
    version: 1,
    incidentId: 'inc-a',
    title: 'HighAPIErrorRate on checkout',
    severity: 'P1',
    incidentType: 'infrastructure',
    status: 'in-review',
    author: 'Ana',
    createdAt: '2026-11-24T09:00:00.000Z',
    updatedAt: '2026-11-24T09:00:00.000Z',
    summary: '',
    startedAt: null,
    detectedAt: null,
    resolvedAt: null,
    responders: [],
    affected: [],
    timeline: [],
    rootCause: { immediateCause: '', fiveWhys: [], whatAllowedIt: '' },
    impact: { users: '', business: '', data: '' },
    wentWell: [],
    wentWrong: [],
    actionItems: [
      {
        id: 'A1',
        what: 'Add a canary stage',
        owner: 'Platform team',
        due: '2026-11-25',
        category: 'systemic',
        status: 'open',
      },
      {
        id: 'A2',
        what: 'Fix the retry storm',
        owner: 'Ben',
        due: '2026-11-24',
        category: 'immediate-fix',
        status: 'done',
      },
      {
        id: 'A3',
        what: 'Alert on provider timeouts',
        owner: null,
        due: null,
        category: 'monitoring',
        status: 'in-progress',
      },
      {
        id: 'A4',
        what: 'Runbook: failover | steps',
        owner: 'Ana',
        due: '2026-11-26',
        category: 'process',
        status: 'open',
      },
    ],
    metrics: { detect: null, acknowledge: null, mitigate: null, resolve: null, duration: null },
    suggestions: [],
    otherSections: [],
  };
}
