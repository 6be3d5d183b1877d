import { describe, expect, it } from 'vitest';
import { alert, seenBy } from '../testing/signalFixtures';
import { whoIsOnIt } from './whoIsOnIt';

const base = seenBy(alert('X', null), 'alertmanager');

describe('whoIsOnIt', () => {
  it("names a teammate's ack silence, PagerDuty's acknowledgers and assignees, and the latest note", () => {
    const people = whoIsOnIt({
      acknowledgedBy: null,
      signals: [
        {
          ...base,
          annotations: { vigil_acknowledged_by: 'Ada, Bo', vigil_acknowledged_at: '2026-12-04T20:00:00.000Z' },
        },
        {
          ...base,
          id: 'pd/Q1',
          sourceKind: 'pagerduty',
          annotations: {
            pagerduty_acknowledged_by: 'Cy',
            pagerduty_assignees: 'Cy, Di',
            pagerduty_last_note_by: 'Di',
            pagerduty_last_note_at: '2026-12-04T20:05:00.000Z',
          },
        },
        {
          ...base,
          id: 'pd/Q2',
          sourceKind: 'pagerduty',
          annotations: { pagerduty_last_note_by: 'Ed', pagerduty_last_note_at: '2026-12-04T20:01:00.000Z' },
        },
      ],
    });
    expect(people.acknowledged.map((a) => [a.name, a.via])).toEqual([
      ['Ada', 'alertmanager'],
      ['Bo', 'alertmanager'],
      ['Cy', 'pagerduty'],
    ]);
    expect(people.assigned).toEqual(['Cy', 'Di']);
    expect(people.lastNote).toEqual({ author: 'Di', at: '2026-12-04T20:05:00.000Z' });
  });

  it('lists a person once, however many systems say they acknowledged', () => {
    const people = whoIsOnIt({
      acknowledgedBy: 'Ada',
      acknowledgedAt: '2026-12-04T20:00:00.000Z',
      signals: [{ ...base, annotations: { vigil_acknowledged_by: 'Ada' } }],
    });
    expect(people.acknowledged).toHaveLength(1);
  });

  it('is nobody when nothing says so', () => {
    expect(whoIsOnIt({ signals: [base] })).toEqual({ acknowledged: [], assigned: [], lastNote: null });
  });
});
