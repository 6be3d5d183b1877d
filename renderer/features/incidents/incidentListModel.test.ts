import { describe, expect, it } from 'vitest';
import type { Incident } from '../../../shared/domain/incident';
import { sortIncidents } from '../../../shared/incidents/sortIncidents';
import { emptyFilter } from './filterIncidents';
import { buildIncidentListModel, isHeader, startOfDay } from './incidentListModel';
import { testIncident } from '../../../shared/testing/testIncident';

const NOW = Date.parse('2026-11-25T15:00:00Z');
const TODAY = startOfDay(NOW);

function incident(id: string, state: Incident['state'], resolvedAt: string | null = null): Incident {
  return testIncident(id, { state, resolvedAt }, '2026-11-20T10:00:00.000Z');
}

const list = sortIncidents([
  incident('o1', 'open'),
  incident('a1', 'acknowledged'),
  incident('r-today', 'resolved', new Date(TODAY + 3_600_000).toISOString()),
  incident('r-old', 'resolved', new Date(TODAY - 3_600_000).toISOString()),
  incident('o2', 'open'),
]);

const shape = (rows: ReturnType<typeof buildIncidentListModel>['rows']) =>
  rows.map((r) => (isHeader(r) ? `# ${r.header} (${r.count})${r.collapsed ? ' folded' : ''}` : r.id));

describe('buildIncidentListModel', () => {
  it('cuts the sorted list into open, acknowledged, resolved today and earlier; folded sections keep their header', () => {
    const m = buildIncidentListModel(list, emptyFilter, { 'resolved-earlier': true }, TODAY);
    expect(shape(m.rows)).toEqual([
      '# open (2)',
      'o1',
      'o2',
      '# acknowledged (1)',
      'a1',
      '# resolved-today (1)',
      'r-today',
      '# resolved-earlier (1) folded',
    ]);
    expect(m.navigable.map((i) => i.id)).toEqual(['o1', 'o2', 'a1', 'r-today']);
    expect(m.matching).toHaveLength(5);
  });

  it('with nothing folded j/k walk the filtered list itself; empty sections have no header', () => {
    const m = buildIncidentListModel(list, { ...emptyFilter, states: ['open'] }, {}, TODAY);
    expect(shape(m.rows)).toEqual(['# open (2)', 'o1', 'o2']);
    expect(m.navigable).toBe(m.matching);
  });
});
