import { describe, expect, it } from 'vitest';
import { openActionItems } from './openActionItems';
import type { ActionItem, PostMortem } from './postMortemModel';

function doc(incidentId: string, items: ActionItem[]): PostMortem {
  return {
    version: 1,
    incidentId,
    title: `Incident ${incidentId}`,
    severity: 'P1',
    incidentType: 'infrastructure',
    status: 'final',
    author: 'Ana',
    createdAt: '2026-03-15T09:00:00.000Z',
    updatedAt: '2026-03-15T09:00:00.000Z',
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
    actionItems: items,
    metrics: { detect: null, acknowledge: null, mitigate: null, resolve: null, duration: null },
    suggestions: [],
    otherSections: [],
  };
}

const item = (id: string, due: string | null, status: ActionItem['status'] = 'open'): ActionItem => ({
  id,
  what: `do ${id}`,
  owner: id === 'A1' ? null : 'Ben',
  due,
  category: 'monitoring',
  status,
});

describe('openActionItems', () => {
  it('lists open and in-progress items across post-mortems, overdue first, undated last', () => {
    const items = openActionItems(
      [
        doc('inc-2', [item('A1', null), item('A2', '2026-03-20', 'done'), item('A3', '2026-03-18', 'in-progress')]),
        doc('inc-1', [item('A1', '2026-03-16'), item('A2', '2026-03-17', 'wont-do'), item('A4', '2026-03-17')]),
      ],
      '2026-03-17',
    );
    expect(items.map((i) => [i.incidentId, i.id, i.due, i.overdue])).toEqual([
      ['inc-1', 'A1', '2026-03-16', true],
      ['inc-1', 'A4', '2026-03-17', false], // due today is not overdue yet
      ['inc-2', 'A3', '2026-03-18', false],
      ['inc-2', 'A1', null, false],
    ]);
    expect(items[0]).toMatchObject({ from: 'Incident inc-1', owner: null, status: 'open' });
  });
});
