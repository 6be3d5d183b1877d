import { describe, expect, it } from 'vitest';
import type { Incident } from '../domain/incident';
import type { Severity } from '../domain/severity';
import {
  decideNotifications,
  decideNotificationsInSlices,
  defaultNotificationSettings,
  type NotificationSettings,
} from './notificationPolicy';

const NOW = Date.parse('2026-11-24T23:30:00Z');
const MIN = 60_000;

function incident(id: string, severity: Severity, over: Partial<Incident> = {}): Incident {
  return {
    id,
    key: id,
    title: `Alert${id}`,
    summary: `summary of ${id}`,
    severity,
    classification: { severity, ruleId: 'r', reason: `reason ${id}: ${severity}` },
    state: 'open',
    startedAt: new Date(NOW - 20 * MIN).toISOString(),
    detectedAt: new Date(NOW - 19 * MIN).toISOString(),
    updatedAt: new Date(NOW).toISOString(),
    resolvedAt: null,
    notifiedAt: null,
    sourceKinds: ['prometheus'],
    stale: false,
    signals: [],
    ...over,
  };
}

const settings = (over: Partial<NotificationSettings> = {}): NotificationSettings => ({
  ...defaultNotificationSettings(),
  ...over,
});
const decide = (
  fresh: Incident[],
  opts: { all?: Incident[]; s?: NotificationSettings; last?: Map<string, number>; localMinutes?: number } = {},
) =>
  decideNotifications({
    fresh,
    all: opts.all ?? fresh,
    lastNotified: opts.last ?? new Map(),
    settings: opts.s ?? settings(),
    now: NOW,
    localMinutes: opts.localMinutes ?? 14 * 60,
  });

describe('decideNotifications', () => {
  it('pages a P0 and a P1 with critical urgency and sound, a P2 quietly, a P3 not at all', () => {
    const r = decide([incident('a', 'P0'), incident('b', 'P1'), incident('c', 'P2')]);
    expect(r.send.map((n) => [n.incidentId, n.urgency, n.sound])).toEqual([
      ['a', 'critical', true],
      ['b', 'critical', true],
      ['c', 'normal', false],
    ]);
    expect(decide([incident('d', 'P3')]).send).toEqual([]);
    expect(r.send[0]!.title).toBe('P0 Alerta');
    expect(r.send[0]!.body).toBe('summary of a\nreason a: P0\nsince 23:10 UTC (20 min ago)');
  });

  it('reminds about an unacknowledged P0 every 5 minutes until it is acknowledged', () => {
    const p0 = incident('a', 'P0', { notifiedAt: new Date(NOW - 6 * MIN).toISOString() });
    const r = decide([], { all: [p0] });
    expect(r.send).toHaveLength(1);
    expect(r.send[0]).toMatchObject({
      kind: 'reminder',
      title: 'Still unacknowledged: P0 Alerta',
      urgency: 'critical',
    });
    expect(r.send[0]!.incidentIds).toEqual(['a']);
    // 2 minutes after the reminder: nothing yet
    expect(decide([], { all: [p0], last: new Map([['a', NOW - 2 * MIN]]) }).send).toEqual([]);
    // acknowledged: reminders stop
    expect(decide([], { all: [{ ...p0, state: 'acknowledged' }] }).send).toEqual([]);
  });

  it('quiet hours (across midnight) mute a P2 but never a P0; P1 only when the user opted in', () => {
    const s = settings({ quietHours: { enabled: true, start: '22:00', end: '07:00', includeP1: false } });
    const at2am = 2 * 60;
    const r = decide([incident('a', 'P0'), incident('b', 'P1'), incident('c', 'P2')], { s, localMinutes: at2am });
    expect(r.send.map((n) => n.incidentId)).toEqual(['a', 'b']);
    expect(r.muted).toEqual([{ incidentId: 'c', why: 'quiet hours (22:00-07:00)' }]);
    const withP1 = settings({ quietHours: { ...s.quietHours, includeP1: true } });
    expect(decide([incident('b', 'P1')], { s: withP1, localMinutes: at2am }).send).toEqual([]);
    expect(decide([incident('c', 'P2')], { s, localMinutes: 12 * 60 }).send).toHaveLength(1);
  });

  it('pause mutes everything but P0; do-not-disturb mutes P2/P3', () => {
    const paused = settings({ pausedUntil: new Date(NOW + 10 * MIN).toISOString() });
    expect(decide([incident('a', 'P0'), incident('b', 'P1')], { s: paused }).send.map((n) => n.incidentId)).toEqual([
      'a',
    ]);
    const dnd = settings({ doNotDisturb: true });
    expect(decide([incident('b', 'P1'), incident('c', 'P2')], { s: dnd }).send.map((n) => n.incidentId)).toEqual(['b']);
    const expired = settings({ pausedUntil: new Date(NOW - MIN).toISOString() });
    expect(decide([incident('b', 'P1')], { s: expired }).send).toHaveLength(1);
  });

  it('a storm of 500 new incidents in one poll gives one summary notification', () => {
    const storm = Array.from({ length: 500 }, (_, i) => incident(`s${i}`, i === 7 ? 'P0' : 'P1'));
    const r = decide(storm);
    expect(r.send).toHaveLength(1);
    expect(r.send[0]).toMatchObject({
      kind: 'summary',
      urgency: 'critical',
      incidentId: 's7',
      title: '500 incidents need attention: 1 P0, 499 P1',
    });
    expect(r.send[0]!.body.split('\n')).toEqual(['P0 Alerts7', 'P1 Alerts0', 'P1 Alerts1', 'and 497 more in Vigil']);
    expect(r.send[0]!.incidentIds).toHaveLength(500);
  });

  it("a storm's 20,000 are decided with pauses between them, most severe first in their order", () => {
    const sevs: Severity[] = ['P2', 'P0', 'P3', 'P1'];
    const storm = Array.from({ length: 20_000 }, (_, i) => incident(`s${i}`, sevs[i % 4]!));
    const work = decideNotificationsInSlices({
      fresh: storm,
      all: storm,
      lastNotified: new Map(),
      settings: settings(),
      now: NOW,
      localMinutes: 12 * 60,
    });
    let pauses = 0;
    let step = work.next();
    for (; !step.done; step = work.next()) pauses++;
    // Every 64 incidents or so the caller's event loop may answer a request.
    expect(pauses).toBeGreaterThan(20_000 / 64);
    const [summary] = step.value.send;
    expect(summary!.title).toBe('15,000 incidents need attention: 5,000 P0, 5,000 P1, 5,000 P2');
    // P3 is routed to Vigil only: decided, not in the summary. The rest by severity, each in order.
    const order = [...storm]
      .filter((i) => i.severity !== 'P3')
      .sort((x, y) => x.severity.localeCompare(y.severity))
      .map((i) => i.id);
    expect(summary!.incidentIds).toEqual(order);
    expect(summary!.incidentId).toBe('s1');
    expect(step.value.decided).toHaveLength(20_000);
  });

  it('does not remind about inhibited or stale incidents', () => {
    const old = new Date(NOW - 60 * MIN).toISOString();
    const r = decide([], {
      all: [
        incident('a', 'P1', { notifiedAt: old, inhibitedBy: 'x' }),
        incident('b', 'P1', { notifiedAt: old, stale: true }),
      ],
    });
    expect(r.send).toEqual([]);
  });
});
