import { describe, expect, it } from 'vitest';
import { sortIncidents } from '../../../shared/incidents/sortIncidents';
import { shippedConfig } from '../../../shared/testing/signalFixtures';
import { makeIncident } from '../../../shared/timeline/testing/incidentFixtures';
import { nearestDeadline } from './nearestDeadline';

const policies = shippedConfig().severities;
const T = Date.parse('2026-12-07T03:00:00.000Z');
const at = (minutesAgo: number) => new Date(T - minutesAgo * 60_000).toISOString();
const inc = (id: string, severity: 'P0' | 'P1' | 'P2' | 'P3', minutesAgo: number, extra = {}) =>
  makeIncident({ id, severity, startedAt: at(minutesAgo), detectedAt: at(minutesAgo), ...extra });

describe("the top bar's nearest SLA deadline", () => {
  it('is the running clock due first, whatever the severity, and leaves met, silenced and resolved ones out', () => {
    const list = sortIncidents([
      // P0 ack due 5 min after detection: 1 min left.
      inc('p0', 'P0', 4),
      // P1 acknowledged 30 min ago: its mitigate clock (4 h) runs; ack is met.
      inc('p1', 'P1', 30, { state: 'acknowledged', acknowledgedAt: at(29) }),
      // P2 ack due in 1 h, detected 59.5 min ago: 30 s left, the nearest.
      inc('p2', 'P2', 59.5),
      inc('silenced', 'P0', 10, { state: 'silenced' }),
      inc('done', 'P0', 10, { state: 'resolved', resolvedAt: at(1) }),
    ]);
    expect(nearestDeadline(list, policies)).toMatchObject({
      incident: { id: 'p2' },
      kind: 'ack',
      dueMs: T + 30_000,
    });
    // Overdue clocks are due first of all.
    const late = sortIncidents([...list, inc('late', 'P3', 300)]);
    expect(nearestDeadline(late, policies)).toMatchObject({
      incident: { id: 'late' },
      kind: 'ack',
      dueMs: T - 60 * 60_000,
    });
    expect(nearestDeadline([], policies)).toBeNull();
  });
});
