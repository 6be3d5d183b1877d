import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SeverityPolicy } from '../classify/classificationConfig';
import type { Incident } from '../domain/incident';
import type { Severity } from '../domain/severity';
import { SEVERITIES } from '../domain/severity';
import { formatDuration } from '../classify/duration';
import { slaClocks } from '../incidents/slaClocks';
import { trayState } from './trayState';
import { testIncident } from '../testing/testIncident';

const NOW = Date.parse('2026-11-24T23:00:00Z');
const MIN = 60_000;
const policies: Record<Severity, SeverityPolicy> = {
  P0: { label: 'Critical', ack: '5m', update: '15m', mitigate: '60m', declare: 'auto', notify: 'page' },
  P1: { label: 'High', ack: '15m', mitigate: '4h', declare: 'auto', notify: 'page' },
  P2: { label: 'Medium', ack: '1h', resolve: '24h', declare: 'judgment', notify: 'quiet' },
  P3: { label: 'Low', ack: '4h', resolve: '1w', declare: 'judgment', notify: 'none' },
};

function inc(id: string, severity: Severity, startedMinAgo: number, over: Partial<Incident> = {}): Incident {
  return testIncident(
    id,
    { title: `Alert${id}`, severity, ...over },
    new Date(NOW - startedMinAgo * MIN).toISOString(),
  );
}

describe('trayState', () => {
  it('is quiet with no open incidents', () => {
    expect(trayState([inc('a', 'P0', 30, { state: 'resolved' })], policies, NOW)).toMatchObject({
      top: null,
      unacknowledged: 0,
      nearest: null,
      tooltip: 'Vigil: no open incidents',
    });
  });

  it('shows the top severity, the unacknowledged count and the soonest SLA deadline', () => {
    const s = trayState(
      [
        inc('a', 'P2', 10),
        inc('b', 'P0', 2),
        inc('c', 'P1', 1, { state: 'acknowledged', acknowledgedAt: new Date(NOW).toISOString() }),
      ],
      policies,
      NOW,
    );
    expect(s.top).toBe('P0');
    expect(s.unacknowledged).toBe(2);
    // P0 started 2 min ago: ack due in 3 min, the soonest of all clocks.
    expect(s.nearest).toMatchObject({ incidentId: 'b', kind: 'ack', text: 'ack Alertb in 3 min' });
    expect(s.toAcknowledge.map((x) => x.label)).toEqual(['P0 Alertb', 'P2 Alerta']);
    expect(s.tooltip).toBe('Vigil: 2 unacknowledged, top P0\nnext: ack Alertb in 3 min');
  });

  it('says overdue when a deadline has passed', () => {
    expect(trayState([inc('b', 'P0', 9)], policies, NOW).nearest?.text).toBe('ack Alertb overdue 4 min');
  });

  it('leaves silenced incidents out: they wait on their silence, not on someone', () => {
    const silence = {
      kind: 'silence' as const,
      until: new Date(NOW + 60 * MIN).toISOString(),
      by: 'ada',
      comment: null,
      ids: ['s1'],
    };
    const s = trayState([inc('b', 'P0', 9, { state: 'silenced', silence }), inc('a', 'P2', 10)], policies, NOW);
    expect(s).toMatchObject({ top: 'P2', unacknowledged: 1 });
    expect(s.nearest?.incidentId).toBe('a');
  });

  it('picks what sorting every incident and making every clock would pick, without doing either', () => {
    // The reference is the plain reading of the tray's rules: filter, sort, look at every clock.
    const reference = (incidents: Incident[]) => {
      const open = incidents.filter((i) => i.state !== 'resolved' && i.state !== 'silenced');
      const unacked = open
        .filter((i) => i.state === 'open')
        .sort(
          (a, b) =>
            SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) || a.startedAt.localeCompare(b.startedAt),
        );
      let nearest: { id: string; msLeft: number; text: string } | null = null;
      for (const i of open) {
        for (const c of slaClocks(i, policies[i.severity], NOW).clocks) {
          if (c.msLeft === null || (nearest && nearest.msLeft <= c.msLeft)) continue;
          const when = c.msLeft >= 0 ? `in ${formatDuration(c.msLeft)}` : `overdue ${formatDuration(-c.msLeft)}`;
          nearest = { id: i.id, msLeft: c.msLeft, text: `${c.kind} ${i.title} ${when}` };
        }
      }
      return {
        top: SEVERITIES.find((s) => open.some((i) => i.severity === s)) ?? null,
        unacknowledged: unacked.length,
        toAcknowledge: unacked.slice(0, 5).map((i) => i.id),
        nearest,
      };
    };
    const incident = fc.record({
      severity: fc.constantFrom(...SEVERITIES),
      state: fc.constantFrom('open', 'acknowledged', 'silenced', 'resolved' as const),
      // Few distinct start times, so ties in urgency are common.
      startedMinAgo: fc.integer({ min: 0, max: 12 }),
      updatedMinAgo: fc.option(fc.integer({ min: 0, max: 12 }), { nil: undefined }),
    });
    fc.assert(
      fc.property(fc.array(incident, { maxLength: 40 }), (specs) => {
        const incidents = specs.map((s, n) =>
          inc(String(n), s.severity, s.startedMinAgo, {
            state: s.state,
            ...(s.state === 'acknowledged' ? { acknowledgedAt: new Date(NOW).toISOString() } : {}),
            ...(s.updatedMinAgo !== undefined
              ? { lastUpdateAt: new Date(NOW - s.updatedMinAgo * MIN).toISOString() }
              : {}),
          }),
        );
        const want = reference(incidents);
        const got = trayState(incidents, policies, NOW);
        expect({
          top: got.top,
          unacknowledged: got.unacknowledged,
          toAcknowledge: got.toAcknowledge.map((i) => i.id),
          nearest: got.nearest && { id: got.nearest.incidentId, msLeft: got.nearest.msLeft, text: got.nearest.text },
        }).toEqual(want);
      }),
      { numRuns: 300 },
    );
  });
});
