import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { IncidentRecord, NotificationRecord } from '../../shared/insights/incidentHistory';
import {
  nightShift,
  PERIOD,
  POLICIES,
  postMortemWithItems,
  recordedNotifications,
  recordedWeek,
} from '../../shared/insights/testing/recordedWeek';
import type { CoverageView } from '../../shared/ipc/runbookContract';
import { openActionItems } from '../../shared/postmortem/openActionItems';
import { TimelineAnnotation } from '../../shared/timeline/timelineAnnotation';
import { appendJsonl, readJsonl } from '../store/jsonlLog';
import { openIncidentStore } from '../store/incidentStore';
import { openSettingsStore } from '../store/settingsStore';
import { createInsightsService, type InsightsServiceOptions } from './insightsService';
import type { OnCallLookup } from './nextOnCall';
import { ANNOTATIONS_FILE } from './timelineService';

const MIN = 60_000;
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/**
 * A data dir holding `records` and `notifications` exactly as the running app leaves them: the
 * incident store's incident.json and timeline.jsonl, notifications.jsonl, and the timeline
 * service's annotations.jsonl beside each incident.
 */
function seededDataDir(records: readonly IncidentRecord[], notifications: readonly NotificationRecord[]) {
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-insights-'));
  dirs.push(dataDir);
  const store = openIncidentStore(dataDir);
  for (const r of records) {
    store.save(r.incident);
    for (const e of r.events) store.appendTimeline(r.incident.id, e);
    for (const a of r.annotations ?? []) appendJsonl(join(store.dirOf(r.incident.id), ANNOTATIONS_FILE), a);
  }
  for (const n of notifications) store.appendNotification(n);
  return { dataDir, store };
}

function service(
  dataDir: string,
  now: number,
  over: Partial<InsightsServiceOptions> = {},
): ReturnType<typeof createInsightsService> {
  const store = openIncidentStore(dataDir);
  const settings = openSettingsStore(dataDir);
  // The recorded week's team: two engineers, Mon-Fri 09:00-18:00 in UTC+1 (Etc/GMT-1 is UTC+1).
  settings.update((s) => ({ ...s, insights: { ...s.insights, engineersOnRotation: 2, timeZone: 'Etc/GMT-1' } }));
  return createInsightsService({
    // What the incident service holds after a restart: every incident read back from its file.
    incidents: async () => store.loadAll().incidents,
    store,
    settings,
    policies: () => POLICIES,
    coverage: null,
    actionItems: null,
    // Read back the way the timeline service writes them.
    annotations: (id) => readJsonl(join(store.dirOf(id), ANNOTATIONS_FILE), (v) => TimelineAnnotation.parse(v)).records,
    nextOnCall: async (): Promise<OnCallLookup> => ({
      status: 'not-configured',
      message: 'no PagerDuty source is configured (add one in Sources to see who is on call next).',
      entries: null,
    }),
    actor: () => 'ben',
    now: () => now,
    systemTimeZone: () => 'UTC',
    ...over,
  });
}

const coverageOf = (sources: CoverageView['sources']): CoverageView => ({
  checkedAt: '2026-11-29T23:00:00.000Z',
  sources,
});
const rule = (name: string, runbooks: number, runbookUrl: string | null = null) => ({
  group: 'ml',
  file: 'rules.yml',
  name,
  state: 'inactive' as const,
  labels: {},
  runbookUrl,
  runbooks: Array.from({ length: runbooks }, (_, i) => ({ id: `rb-${i}`, title: `Runbook ${i}` })),
  matchedBy: runbooks > 0 ? ('rule' as const) : null,
});

describe('insightsService on the recorded week, read back from a data dir', () => {
  // now = local Monday 30 00:00 (UTC+1): "last 7 days" is exactly the recorded week.
  const NOW = PERIOD.to;

  it('gives MTTD / MTTA / MTTM / MTTR by alert family against the targets (answers by hand)', async () => {
    const { dataDir } = seededDataDir(recordedWeek(), recordedNotifications());
    const r = await service(dataDir, NOW).handlers['insights:metrics']({ days: 7, groupBy: 'alertname' });
    expect(r.problems).toEqual([]);
    expect(r.report.period).toEqual({ from: '2026-11-22T23:00:00.000Z', to: '2026-11-29T23:00:00.000Z' });
    // inc-g (Sun 22 20:00 UTC) is before the period: 6 incidents.
    expect(r.report.overall.incidents).toBe(6);
    const api = r.report.groups.find((g) => g.key === 'HighAPIErrorRate')!;
    // a: detected 2 min after the first symptom, b: 6 min; infrastructure target 5 min: a met, b missed.
    expect(api.metrics.detect).toMatchObject({ count: 2, meanMs: 4 * MIN, targetMs: 5 * MIN, met: 1, missed: 1 });
    expect(api.metrics.detect.points.map((p) => [p.incidentId, p.ms / MIN, p.targetMs! / MIN])).toEqual([
      ['inc-a', 2, 5],
      ['inc-b', 6, 5],
    ]);
    // ack: a 3 min (10:02 -> 10:05), b 14 min (02:06 -> 02:20); P1 ack SLA 15 min: both met.
    expect(api.metrics.acknowledge).toMatchObject({ meanMs: 8.5 * MIN, targetMs: 15 * MIN, met: 2, missed: 0 });
    // resolve: a 23 min, b 54 min; target 30 min: one each.
    expect(api.metrics.resolve).toMatchObject({ meanMs: 38.5 * MIN, met: 1, missed: 1 });
    // By seed type: DiskSpaceLow and HighAPIErrorRate are infrastructure (4), the others one each.
    const byType = await service(dataDir, NOW).handlers['insights:metrics']({ days: 7, groupBy: 'type' });
    expect(byType.report.groups.map((g) => [g.key, g.incidents])).toEqual([
      ['infrastructure', 4],
      ['data-pipeline', 1],
      ['ml-quality', 1],
    ]);
    // 30 days back reaches inc-g too.
    const month = await service(dataDir, NOW).handlers['insights:metrics']({ days: 30, groupBy: 'severity' });
    expect(month.report.overall.incidents).toBe(7);
  });

  it('gives the fatigue report and the weekly review, saying rule coverage is not known without Prometheus', async () => {
    const { dataDir } = seededDataDir(recordedWeek(), recordedNotifications());
    const r = await service(dataDir, NOW).handlers['insights:fatigue']({ days: 7 });
    // 8 notifications in the week (the 9th, inc-g's page, is before it), 4 of them pages.
    expect(r.report.totals).toMatchObject({ incidents: 6, notifications: 8, pages: 4, actionableRatio: 2 / 6 });
    expect(r.report.weeks).toEqual([
      {
        weekOf: '2026-11-23',
        notifications: 8,
        pages: 4,
        incidents: 6,
        actionable: 2,
        actionablePerEngineer: 1,
        overBudget: false,
      },
    ]);
    expect(r.report.noisiestRules[0]).toMatchObject({ alertname: 'DiskSpaceLow', notifications: 3, untouched: 2 });
    expect(r.report.flapping).toEqual([{ alertname: 'DiskSpaceLow', incidents: 1, refires: 1 }]);
    // Outside Mon-Fri 09:00-18:00 local (UTC+1): b Tue 03:06, e Thu 08:12, d Sat 23:01.
    expect(r.report.outsideBusinessHours).toMatchObject({ incidents: 3, notifications: 4, pages: 3 });
    expect(r.timeZone).toBe('Etc/GMT-1');
    expect(r.coverage).toEqual({
      available: false,
      message: 'runbook coverage is not available in this version of Vigil yet.',
    });
    expect(r.fileName).toBe('vigil-weekly-review-2026-11-30.md');
    expect(r.markdown).toContain('# On-call review: 2026-11-22 23:00 UTC to 2026-11-29 23:00 UTC');
    expect(r.markdown).toContain('6 incidents, 8 notifications (4 pages) for 2 engineers on the rotation.');
    expect(r.markdown).toContain('| 2026-11-23 | 8 | 4 | 6 | 2 | 1 | within |');
    expect(r.markdown).toContain(
      '## Rules without a runbook\n\nNot known: Runbook coverage is not available in this version of Vigil yet.',
    );
    expect(r.markdown).toContain('## Response times by incident type');
    expect(r.markdown).not.toContain('Every rule has a runbook.');
  });

  it('takes rules without a runbook from the coverage: no Vigil runbook and no runbook_url', async () => {
    const { dataDir } = seededDataDir(recordedWeek(), recordedNotifications());
    const r = await service(dataDir, NOW, {
      coverage: async () =>
        coverageOf([
          {
            sourceId: 'prom',
            name: 'Prometheus',
            url: 'http://127.0.0.1:9090',
            error: null,
            rules: [
              rule('DiskSpaceLow', 0),
              rule('HighAPIErrorRate', 1),
              rule('FeatureStaleness', 0, 'https://wiki.example/feature-staleness'),
              rule('GPUOOMRisk', 0),
            ],
          },
          { sourceId: 'prom-2', name: 'Thanos', url: 'http://127.0.0.1:10902', error: 'connection refused', rules: [] },
        ]),
    }).handlers['insights:fatigue']({ days: 7 });
    expect(r.coverage.available).toBe(true);
    expect(r.coverage.message).toBe(
      '4 alert rules read from Prometheus at 23:00 UTC. Not read: Thanos (http://127.0.0.1:10902): connection refused.',
    );
    // DiskSpaceLow fired (2 incidents, 3 notifications); GPUOOMRisk never did.
    expect(r.report.rulesWithoutRunbook).toEqual([
      { alertname: 'DiskSpaceLow', incidents: 2, notifications: 3, pages: 0 },
      { alertname: 'GPUOOMRisk', incidents: 0, notifications: 0, pages: 0 },
    ]);
    expect(r.markdown).toContain('| DiskSpaceLow | 2 | 3 | 0 |');
    expect(r.report.questions).toContain(
      'DiskSpaceLow fired 2 times with no runbook: write one, or should it alert at all?',
    );
  });

  it('says why coverage is not known: no Prometheus, Prometheus down, or too slow', async () => {
    const { dataDir } = seededDataDir(recordedWeek(), recordedNotifications());
    const none = await service(dataDir, NOW, { coverage: async () => coverageOf([]) }).handlers['insights:fatigue']({
      days: 7,
    });
    expect(none.coverage).toMatchObject({ available: false });
    expect(none.coverage.message).toMatch(/^no Prometheus source is configured/);
    const down = await service(dataDir, NOW, {
      coverage: async () =>
        coverageOf([
          { sourceId: 'prom', name: 'Prometheus', url: 'http://127.0.0.1:9', error: 'connection refused', rules: [] },
        ]),
    }).handlers['insights:fatigue']({ days: 7 });
    expect(down.coverage.message).toBe(
      'the alert rules could not be read from Prometheus: Prometheus (http://127.0.0.1:9): connection refused.',
    );
    // An error that names the address already is not wrapped again.
    const named = await service(dataDir, NOW, {
      coverage: async () =>
        coverageOf([
          {
            sourceId: 'prom',
            name: 'Prometheus',
            url: 'http://127.0.0.1:9',
            error: 'Prometheus at http://127.0.0.1:9 refused the connection (is it running?)',
            rules: [],
          },
        ]),
    }).handlers['insights:fatigue']({ days: 7 });
    expect(named.markdown).toContain(
      'Not known: The alert rules could not be read from Prometheus: Prometheus at http://127.0.0.1:9 refused the connection (is it running?).',
    );
    const slow = await service(dataDir, NOW, {
      coverage: () => new Promise<CoverageView>(() => {}),
      coverageTimeoutMs: 20,
    }).handlers['insights:fatigue']({ days: 7 });
    expect(slow.coverage.message).toBe('the alert rules could not be read (no answer within 0 s).');
    expect(slow.report.totals.incidents).toBe(6);
  });

  it('reports a torn timeline line and a bad notification instead of failing', async () => {
    const { dataDir, store } = seededDataDir(recordedWeek(), recordedNotifications());
    appendJsonl(join(dataDir, 'notifications.jsonl'), { at: 'yesterday', incidentIds: [] });
    store.appendTimeline('inc-a', { not: 'an event' });
    const r = await service(dataDir, NOW).handlers['insights:fatigue']({ days: 7 });
    expect(r.report.totals.notifications).toBe(8);
    expect(r.problems).toHaveLength(2);
    expect(r.problems[0]).toMatch(/^HighAPIErrorRate \(inc-a\), timeline line 7: /);
    expect(r.problems[1]).toMatch(/^notifications.jsonl line 10: /);
  });

  it('keeps and validates the team settings', async () => {
    const { dataDir } = seededDataDir([], []);
    const s = service(dataDir, NOW);
    const next = {
      businessHours: { start: '08:00', end: '17:00', days: [1, 2, 3, 4] },
      engineersOnRotation: 3,
      timeZone: null,
    };
    expect(await s.handlers['insights:settings-update'](next)).toEqual({ settings: next, effectiveTimeZone: 'UTC' });
    expect((await service(dataDir, NOW).handlers['insights:settings']({})).settings.engineersOnRotation).toBe(2);
    await expect(s.handlers['insights:settings-update']({ ...next, timeZone: 'Mars/Olympus' })).rejects.toThrow(
      /"Mars\/Olympus" is not a time zone this computer knows/,
    );
  });
});

describe('insightsService shift handoff for the night of 25-26 November', () => {
  const NOW = Date.parse('2026-11-26T08:00:00Z');

  it('hands over the open incident, the night, the notes, the action items and the next on-call', async () => {
    const { records, notifications } = nightShift();
    const { dataDir } = seededDataDir(records, notifications);
    const r = await service(dataDir, NOW, {
      actionItems: async (today) => ({ items: openActionItems([postMortemWithItems()], today), unreadable: [] }),
      nextOnCall: async () => ({
        status: 'ok',
        message: 'from PagerDuty (PagerDuty)',
        entries: [{ name: 'Chloe', level: 1, schedule: 'ML on-call', until: '2026-11-26T20:00:00Z' }],
      }),
    }).handlers['insights:handoff']({ hours: 12 });
    const h = r.handoff;
    expect(h.shift).toEqual({ from: '2026-11-25T20:00:00.000Z', to: '2026-11-26T08:00:00.000Z', engineer: 'ben' });
    // inc-e: P1 since 07:12, ack met late at 07:30 (due 07:27): breached.
    expect(h.open.map((o) => [o.incidentId, o.slaState])).toEqual([['inc-e', 'breached']]);
    expect(h.happened).toMatchObject({ opened: 2, resolved: 1, pages: 3 });
    // Notes come from the annotations log beside each incident.
    expect(h.notes.map((n) => [n.at.slice(11, 16), n.author])).toEqual([
      ['01:10', 'ben'],
      ['07:40', 'ana'],
    ]);
    // Local day (UTC+1) 2026-11-26: A1 due the 25th is overdue.
    expect(h.actionItems.map((a) => [a.id, a.overdue])).toEqual([
      ['A1', true],
      ['A4', false],
      ['A3', false],
    ]);
    expect(r.actionItems).toEqual({ available: true, message: null });
    expect(r.onCall).toEqual({ status: 'ok', message: 'from PagerDuty (PagerDuty)' });
    // 08:00 UTC is 09:00 in UTC+1.
    expect(r.fileName).toBe('vigil-handoff-2026-11-26-0900.md');
    expect(r.markdown).toContain('# Shift handoff: 2026-11-25 20:00 UTC to 2026-11-26 08:00 UTC');
    expect(r.markdown).toContain('Handed over by ben at 2026-11-26 08:00 UTC.');
    expect(r.markdown).toContain('**P1 FeatureStaleness** (inc-e)');
    expect(r.markdown).toContain('2 incidents opened, 1 resolved, 3 pages during the shift.');
    expect(r.markdown).toContain('- 2026-11-26 07:40 UTC, FeatureStaleness, ana: feature job stuck on a lock');
    expect(r.markdown).toContain('| **2026-11-25 overdue** | Add a canary stage |');
    expect(r.markdown).toContain('- Chloe (level 1, ML on-call, until 2026-11-26 20:00 UTC)');
  });

  it('says plainly when the next on-call and the action items are not known', async () => {
    const { records, notifications } = nightShift();
    const { dataDir } = seededDataDir(records, notifications);
    const r = await service(dataDir, NOW).handlers['insights:handoff']({ hours: 12 });
    expect(r.onCall.status).toBe('not-configured');
    expect(r.actionItems.available).toBe(false);
    expect(r.markdown).toContain(
      'Not known: No PagerDuty source is configured (add one in Sources to see who is on call next). Check the schedule before leaving.',
    );
    expect(r.markdown).toContain(
      '## Open action items\n\nNot known: Post-mortems are not stored by this version of Vigil yet, so their action items cannot be listed.',
    );
    // A post-mortem service that fails is "not known" too, with its reason.
    const failing = await service(dataDir, NOW, {
      actionItems: async () => {
        throw new Error('postmortem.md of inc-a does not parse');
      },
    }).handlers['insights:handoff']({ hours: 12 });
    expect(failing.actionItems.message).toBe(
      "the post-mortems' action items could not be read (postmortem.md of inc-a does not parse).",
    );
  });

  it('looks back only as far as asked, but always lists what is still open', async () => {
    const { records, notifications } = nightShift();
    const { dataDir } = seededDataDir(records, notifications);
    // 07:00-08:00: inc-h (01:00-01:30) is outside; inc-e is open and listed whatever the window.
    const r = await service(dataDir, NOW).handlers['insights:handoff']({ hours: 1 });
    expect(r.handoff.open.map((o) => o.incidentId)).toEqual(['inc-e']);
    expect(r.handoff.happened).toMatchObject({ opened: 1, resolved: 0, pages: 2 });
    expect(r.handoff.happened.incidents.map((i) => i.incidentId)).toEqual(['inc-e']);
  });
});
