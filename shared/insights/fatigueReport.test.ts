import { describe, expect, it } from 'vitest';
import { fatigueReport } from './fatigueReport';
import { DEFAULT_BUSINESS_HOURS, fixedOffsetClock } from './localClock';
import { PERIOD, recordedNotifications, recordedWeek } from './testing/recordedWeek';

const report = (over: Partial<Parameters<typeof fatigueReport>[0]> = {}) =>
  fatigueReport({
    records: recordedWeek(),
    notifications: recordedNotifications(),
    period: PERIOD,
    clock: fixedOffsetClock(60),
    businessHours: DEFAULT_BUSINESS_HOURS,
    engineers: 2,
    rulesWithoutRunbook: ['DiskSpaceLow', 'GPUOOMRisk'],
    ...over,
  });

describe('fatigueReport on the recorded week (answers by hand, see testing/recordedWeek.ts)', () => {
  const r = report();

  it('counts the week against the budget', () => {
    // 6 incidents (g is before the period), notifications 1-8 (g's is before), pages 1, 2, 5, 6;
    // actionable a and b: 2 for 2 engineers = 1 each, well under 10.
    expect(r.weeks).toEqual([
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
  });

  it('sorts incidents by what became of them', () => {
    expect(r.totals).toEqual({
      incidents: 6,
      notifications: 8,
      pages: 4,
      // a: ack + step + mitigation; b: ack + note + resolution; e: ack then nothing (Vigil resolved it);
      // c, d: resolved by themselves; f: still open, nobody looked.
      outcomes: {
        actionable: 2,
        'acknowledged-only': 1,
        'touched-without-ack': 0,
        'auto-resolved-untouched': 2,
        'open-untouched': 1,
      },
      actionableRatio: 2 / 6,
    });
  });

  it('lists the noisiest rules: most notifications, then most incidents', () => {
    expect(r.noisiestRules).toEqual([
      // c: notifications 3 and 4, d: 8
      {
        alertname: 'DiskSpaceLow',
        incidents: 2,
        notifications: 3,
        pages: 0,
        actionable: 0,
        untouched: 2,
        actionableRatio: 0,
      },
      {
        alertname: 'HighAPIErrorRate',
        incidents: 2,
        notifications: 2,
        pages: 2,
        actionable: 2,
        untouched: 0,
        actionableRatio: 1,
      },
      // e: the page and its reminder
      {
        alertname: 'FeatureStaleness',
        incidents: 1,
        notifications: 2,
        pages: 2,
        actionable: 0,
        untouched: 0,
        actionableRatio: 0,
      },
      {
        alertname: 'ScorePSIDrift',
        incidents: 1,
        notifications: 1,
        pages: 0,
        actionable: 0,
        untouched: 1,
        actionableRatio: 0,
      },
    ]);
    expect(report({ noisiestLimit: 1 }).noisiestRules.map((x) => x.alertname)).toEqual(['DiskSpaceLow']);
  });

  it('finds the flapping alert', () => {
    expect(r.flapping).toEqual([{ alertname: 'DiskSpaceLow', incidents: 1, refires: 1 }]);
  });

  it('counts what fired outside business hours, in local time', () => {
    // Local UTC+1, Mon-Fri 09:00-18:00. Outside: b (Tue 03:06), e (Thu 08:12), d (Sat 23:01).
    // Notifications outside: 2, 5, 6, 8; pages among them: 2, 5, 6.
    expect(r.outsideBusinessHours).toEqual({
      incidents: 3,
      notifications: 4,
      pages: 3,
      byRule: [
        { alertname: 'FeatureStaleness', incidents: 1, pages: 2 },
        { alertname: 'HighAPIErrorRate', incidents: 1, pages: 1 },
        { alertname: 'DiskSpaceLow', incidents: 1, pages: 0 },
      ],
    });
    // In UTC, e's 07:12 is still before 09:00 but a's 10:02 is inside either way; b stays outside.
    expect(report({ clock: fixedOffsetClock(0) }).outsideBusinessHours.incidents).toBe(3);
    // Nine hours later (UTC+10) everything shifts: a is 20:02 (out), c 23:01 (out), f 01:30 Sat (out),
    // b is 12:06 Tue (in), e 17:12 Thu (in), d 08:01 Sun (out).
    expect(report({ clock: fixedOffsetClock(600) }).outsideBusinessHours.incidents).toBe(4);
  });

  it('lists rules without a runbook, the ones that fired first', () => {
    expect(r.rulesWithoutRunbook).toEqual([
      { alertname: 'DiskSpaceLow', incidents: 2, notifications: 3, pages: 0 },
      { alertname: 'GPUOOMRisk', incidents: 0, notifications: 0, pages: 0 },
    ]);
  });

  it('asks the review the questions the numbers raise', () => {
    expect(r.questions).toEqual([
      'DiskSpaceLow fired 2 times and never led to action: tune its threshold, downgrade it, or delete it?',
      'DiskSpaceLow flapped 1 time: lengthen its "for" duration or add hysteresis?',
      'DiskSpaceLow fired 2 times with no runbook: write one, or should it alert at all?',
    ]);
  });

  it('flags a week over budget, per engineer', () => {
    const alone = report({ engineers: 1, budgetPerEngineerWeek: 2 });
    expect(alone.weeks[0]).toMatchObject({ actionablePerEngineer: 2, overBudget: true });
    expect(alone.questions[0]).toBe(
      'Week of 2026-11-23: 2 actionable alerts per engineer, at or over the budget of fewer than 2: what can be automated or merged?',
    );
  });

  it('counts a storm summary once per rule it names, and keeps quiet weeks', () => {
    const summary = {
      at: '2026-11-25T13:05:00.000Z',
      incidentIds: ['inc-c', 'inc-d', 'inc-a'],
      kind: 'summary' as const,
      page: true,
    };
    const s = report({ notifications: [summary], period: { from: PERIOD.from, to: PERIOD.to + 7 * 86_400_000 } });
    expect(s.weeks.map((w) => [w.weekOf, w.notifications, w.pages])).toEqual([
      ['2026-11-23', 1, 1],
      ['2026-11-30', 0, 0],
    ]);
    expect(s.noisiestRules.find((x) => x.alertname === 'DiskSpaceLow')).toMatchObject({ notifications: 1, pages: 1 });
    expect(s.noisiestRules.find((x) => x.alertname === 'HighAPIErrorRate')).toMatchObject({
      notifications: 1,
      pages: 1,
    });
  });

  it('calls an incident someone handled without acknowledging it touched, not actionable', () => {
    const records = recordedWeek().filter((x) => x.incident.id === 'inc-f');
    const f = records[0]!;
    const touched = {
      ...f,
      annotations: [
        {
          type: 'note' as const,
          id: 'n',
          incidentId: 'inc-f',
          recordedAt: '2026-11-27T16:00:00.000Z',
          author: 'ana',
          at: '2026-11-27T16:00:00.000Z',
          text: 'looking',
        },
      ],
    };
    expect(report({ records: [touched], notifications: [] }).totals.outcomes['touched-without-ack']).toBe(1);
  });
});
