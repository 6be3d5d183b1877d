import { describe, expect, it } from 'vitest';
import { buildTimeline } from './buildTimeline';
import { filterTimeline, kindGroup } from './filterTimeline';
import { annotationMaker, eventMaker, makeIncident, schemaChangeIncident } from './testing/incidentFixtures';
import { completeAnnotation, TimelineAnnotation, TimelineAnnotationInput } from './timelineAnnotation';
import { TimelineEventKind } from '../domain/timeline';
import type { RunbookEventKind } from '../runbooks/runbookEvent';

describe('buildTimeline on a recorded incident', () => {
  const { incident, events, annotations, noteId } = schemaChangeIncident();
  const view = buildTimeline(incident, events, annotations);

  it('orders entries by time, with the derived first symptom first', () => {
    expect(view.entries.map((e) => [e.at.slice(11, 16), e.kind])).toEqual([
      ['14:22', 'first-symptom'],
      ['14:47', 'fired'],
      ['14:47', 'notified'],
      ['15:02', 'acknowledged'],
      ['15:03', 'runbook-started'],
      ['15:06', 'runbook-step-done'],
      ['15:09', 'runbook-step-skipped'],
      ['15:23', 'note'],
      ['15:41', 'mitigated'],
      ['15:48', 'resolved'],
    ]);
    expect(view.entries[0]).toMatchObject({ id: 'inc-psi/derived/first-symptom', origin: 'derived', source: 'vigil' });
    expect(view.problems).toEqual([]);
  });

  it('derives the default milestones from the lifecycle and keeps the person’s root cause', () => {
    const at = (m: keyof typeof view.milestones) => view.milestones[m]?.at.slice(11, 16) ?? null;
    expect({
      'first-symptom': at('first-symptom'),
      detected: at('detected'),
      declared: at('declared'),
      acknowledged: at('acknowledged'),
      'root-cause': at('root-cause'),
      mitigated: at('mitigated'),
      resolved: at('resolved'),
    }).toEqual({
      'first-symptom': '14:22',
      detected: '14:47',
      declared: '14:47', // no 'declared' event: the page is the declaration
      acknowledged: '15:02',
      'root-cause': '15:23',
      mitigated: '15:41',
      resolved: '15:48',
    });
    expect(view.milestones['root-cause']).toMatchObject({ entryId: noteId, by: 'user' });
    expect(view.milestones.detected).toMatchObject({ entryId: 'inc-psi#0.0', by: 'derived' });
    expect(view.milestones.declared).toMatchObject({ entryId: 'inc-psi#1.0', by: 'derived' });
    expect(view.entries.find((e) => e.id === noteId)!.milestones).toEqual(['root-cause']);
  });

  it('applies stars in log order, last word wins', () => {
    expect(view.entries.filter((e) => e.starred).map((e) => e.kind)).toEqual(['runbook-step-skipped', 'note']);
  });

  it('gives the same view for the same input (pure)', () => {
    expect(buildTimeline(incident, events, annotations)).toEqual(view);
  });
});

describe('buildTimeline corrections', () => {
  const { incident, events } = schemaChangeIncident();
  const a = annotationMaker('inc-psi');

  it('retimes an entry keeping the original, re-sorts, and can go back', () => {
    const moved = buildTimeline(incident, events, [a.retime('inc-psi/derived/first-symptom', '2026-03-14T14:18:00Z')]);
    const first = moved.entries[0]!;
    expect(first).toMatchObject({
      at: '2026-03-14T14:18:00.000Z',
      originalAt: '2026-03-14T14:22:00.000Z',
      retimed: true,
    });
    expect(moved.milestones['first-symptom']!.at).toBe('2026-03-14T14:18:00.000Z');

    // Moving the ack after the mitigation re-sorts it.
    const late = buildTimeline(incident, events, [a.retime('inc-psi#2.0', '2026-03-14T15:45:00Z')]);
    expect(late.entries.map((e) => e.kind).slice(-3)).toEqual(['mitigated', 'acknowledged', 'resolved']);

    const back = buildTimeline(incident, events, [
      a.retime('inc-psi#2.0', '2026-03-14T15:45:00Z'),
      a.retime('inc-psi#2.0', null),
    ]);
    expect(back.entries.find((e) => e.id === 'inc-psi#2.0')).toMatchObject({
      retimed: false,
      at: '2026-03-14T15:02:00.000Z',
    });
  });

  it('moves a milestone to another entry, or clears it', () => {
    const moved = buildTimeline(incident, events, [a.milestone('mitigated', 'inc-psi#4.0')]);
    expect(moved.milestones.mitigated).toMatchObject({ entryId: 'inc-psi#4.0', by: 'user' });
    expect(moved.entries.find((e) => e.kind === 'mitigated')!.milestones).toEqual([]);

    const cleared = buildTimeline(incident, events, [a.milestone('declared', null)]);
    expect(cleared.milestones.declared).toBeNull();

    // Last word wins: clearing then choosing again.
    const again = buildTimeline(incident, events, [
      a.milestone('declared', null),
      a.milestone('declared', 'inc-psi#2.0'),
    ]);
    expect(again.milestones.declared).toMatchObject({ entryId: 'inc-psi#2.0', by: 'user' });
  });

  it('lets one entry carry several milestones', () => {
    const view = buildTimeline(incident, events, [a.milestone('root-cause', 'inc-psi#6.0')]);
    expect(view.entries.find((e) => e.id === 'inc-psi#6.0')!.milestones).toEqual(['root-cause', 'mitigated']);
  });

  it('edits and withdraws notes; a milestone on a withdrawn note falls back to the default', () => {
    const note = a.note('2026-03-14T15:40:00Z', 'rolling back the pipeline');
    const edited = buildTimeline(incident, events, [
      note,
      a.noteEdit(note.id, 'redeploying the pipeline with the fix'),
    ]);
    expect(edited.entries.find((e) => e.id === note.id)).toMatchObject({
      text: 'redeploying the pipeline with the fix',
      edited: true,
    });

    const withdrawn = buildTimeline(incident, events, [
      note,
      a.milestone('mitigated', note.id),
      a.noteEdit(note.id, null),
    ]);
    expect(withdrawn.entries.some((e) => e.id === note.id)).toBe(false);
    expect(withdrawn.milestones.mitigated).toMatchObject({ entryId: 'inc-psi#6.0', by: 'derived' });
    expect(withdrawn.problems).toEqual([]);
  });

  it('reports annotations it cannot apply, and ignores other incidents and duplicates', () => {
    const other = annotationMaker('inc-other').star('inc-other#0.0');
    const view = buildTimeline(
      incident,
      [...events, events[2]!, { ...events[0]!, id: 'x', incidentId: 'inc-other' }],
      [a.star('inc-psi#99.0'), other, a.noteEdit('nope', 'x')],
    );
    expect(view.entries).toHaveLength(9);
    expect(view.problems).toEqual([
      'a star refers to entry inc-psi#99.0, which is not in this timeline: ignored',
      'a correction refers to note nope, which is not in this timeline: ignored',
    ]);
  });
});

describe('buildTimeline: a mitigation that did not hold', () => {
  it('takes the mitigation since the alert last fired again, not one the refire undid', () => {
    const ev = eventMaker('inc-re');
    const incident = makeIncident({
      id: 'inc-re',
      startedAt: '2026-11-23T09:59:00.000Z',
      detectedAt: '2026-11-23T10:00:00.000Z',
      mitigatedAt: '2026-11-23T11:30:00.000Z',
    });
    const events = [
      ev('2026-11-23T10:00:00.000Z', 'fired', 'fired'),
      ev('2026-11-23T10:10:00.000Z', 'mitigated', 'ana marked it mitigated', 'ana'),
      ev('2026-11-23T10:15:00.000Z', 'resolved', 'every alert cleared: resolved'),
      ev('2026-11-23T10:20:00.000Z', 'refired', 'fired again 5 min after it resolved'),
      ev('2026-11-23T11:30:00.000Z', 'mitigated', 'ana marked it mitigated', 'ana'),
    ];
    const view = buildTimeline(incident, events, []);
    expect(view.milestones.mitigated?.at).toBe('2026-11-23T11:30:00.000Z');
    // Fired again and not mitigated since: no mitigation (the engine cleared it too).
    const open = buildTimeline({ ...incident, mitigatedAt: null }, events.slice(0, 4), []);
    expect(open.milestones.mitigated ?? null).toBeNull();
  });
});

describe('buildTimeline defaults from the lifecycle alone', () => {
  it('derives entries for lifecycle fields no event records', () => {
    const incident = makeIncident({
      id: 'inc-bare',
      startedAt: '2026-01-01T10:00:00.000Z',
      detectedAt: '2026-01-01T10:03:00.000Z',
      notifiedAt: '2026-01-01T10:03:00.000Z',
      acknowledgedAt: '2026-01-01T10:10:00.000Z',
      acknowledgedBy: 'cho',
      state: 'resolved',
      resolvedAt: '2026-01-01T11:00:00.000Z',
      resolvedBy: 'cho',
    });
    const view = buildTimeline(incident, [], []);
    expect(view.entries.map((e) => [e.kind, e.actor, e.origin])).toEqual([
      ['first-symptom', 'vigil', 'derived'],
      ['fired', 'vigil', 'derived'],
      ['notified', 'vigil', 'derived'],
      ['acknowledged', 'cho', 'derived'],
      ['resolved', 'cho', 'derived'],
    ]);
    expect(view.milestones.mitigated).toBeNull();
    expect(view.milestones.resolved!.entryId).toBe('inc-bare/derived/resolved');
  });

  it('has no resolved milestone while a reopened incident is open, and takes the last resolution once closed', () => {
    const ev = eventMaker('inc-flap');
    const events = [
      ev('2026-01-01T10:01:00.000Z', 'fired', 'fired'),
      ev('2026-01-01T10:20:00.000Z', 'resolved', 'every alert cleared: resolved'),
      ev('2026-01-01T10:25:00.000Z', 'refired', 'fired again'),
    ];
    const base = { id: 'inc-flap', startedAt: '2026-01-01T10:00:00.000Z', detectedAt: '2026-01-01T10:01:00.000Z' };
    const reopened = buildTimeline(makeIncident({ ...base, state: 'open' }), events, []);
    expect(reopened.milestones.resolved).toBeNull();

    const closed = buildTimeline(
      makeIncident({ ...base, state: 'resolved', resolvedAt: '2026-01-01T10:40:00.000Z' }),
      [...events, ev('2026-01-01T10:40:00.000Z', 'resolved', 'every alert cleared: resolved')],
      [],
    );
    expect(closed.milestones.resolved!.at).toBe('2026-01-01T10:40:00.000Z');
  });

  it('prefers engine events over derivation when they exist', () => {
    const ev = eventMaker('inc-ev');
    const incident = makeIncident({
      id: 'inc-ev',
      startedAt: '2026-01-01T10:00:00.000Z',
      detectedAt: '2026-01-01T10:01:00.000Z',
    });
    const view = buildTimeline(
      incident,
      [
        ev('2026-01-01T09:58:00.000Z', 'first-symptom', 'first symptom seen by the exporter'),
        ev('2026-01-01T10:05:00.000Z', 'declared', 'ana declared it', 'ana'),
      ],
      [],
    );
    expect(view.entries.filter((e) => e.origin === 'derived').map((e) => e.kind)).toEqual(['fired']);
    expect(view.milestones['first-symptom']!.at).toBe('2026-01-01T09:58:00.000Z');
    expect(view.milestones.declared!.at).toBe('2026-01-01T10:05:00.000Z');
  });
});

describe('filterTimeline', () => {
  const { incident, events, annotations } = schemaChangeIncident();
  const view = buildTimeline(incident, events, annotations);

  it('filters by kind, by group, starred, milestones and text', () => {
    expect(filterTimeline(view.entries, { kinds: ['note'] }).map((e) => e.kind)).toEqual(['note']);
    expect(filterTimeline(view.entries, { groups: ['runbook'] })).toHaveLength(3);
    expect(filterTimeline(view.entries, { groups: ['runbook'], kinds: ['note'] })).toHaveLength(4);
    expect(filterTimeline(view.entries, { starredOnly: true })).toHaveLength(2);
    expect(filterTimeline(view.entries, { milestonesOnly: true })).toHaveLength(7);
    expect(filterTimeline(view.entries, { text: 'ANA' }).map((e) => e.kind)).toEqual([
      'acknowledged',
      'runbook-started',
      'runbook-step-done',
      'runbook-step-skipped',
      'mitigated',
    ]);
    expect(filterTimeline(view.entries, {})).toHaveLength(view.entries.length);
  });

  it('puts an unknown kind under other', () => {
    expect(kindGroup('runbook-query')).toBe('runbook');
    expect(kindGroup('escalated')).toBe('severity');
    expect(kindGroup('brand-new' as never)).toBe('other');
  });
});

describe('annotation records', () => {
  it('are JSON-safe and validated', () => {
    const { annotations } = schemaChangeIncident();
    for (const a of annotations) expect(TimelineAnnotation.parse(JSON.parse(JSON.stringify(a)))).toEqual(a);
    expect(TimelineAnnotation.safeParse({ ...annotations[0]!, at: 'yesterday' }).success).toBe(false);
    expect(TimelineAnnotation.safeParse({ ...annotations[0]!, text: '   ' }).success).toBe(false);
  });

  it('are completed from a screen’s input by the service', () => {
    const input = TimelineAnnotationInput.parse({ type: 'note', text: 'checked redis: healthy' });
    const now = Date.parse('2026-03-14T15:00:00Z');
    expect(completeAnnotation(input, { id: 'n1', incidentId: 'inc-psi', now, author: 'ana' })).toEqual({
      type: 'note',
      id: 'n1',
      incidentId: 'inc-psi',
      recordedAt: '2026-03-14T15:00:00.000Z',
      author: 'ana',
      at: '2026-03-14T15:00:00.000Z',
      text: 'checked redis: healthy',
    });
    const star = completeAnnotation(
      { type: 'star', entryId: 'e', starred: true },
      { id: 's1', incidentId: 'i', now, author: 'ana' },
    );
    expect(TimelineAnnotation.parse(star)).toEqual(star);
  });
});

describe('event kinds', () => {
  it('include every runbook walkthrough event, so the service can store them as timeline events', () => {
    // Compile-time: fails to type-check if the walkthrough gains a kind the timeline lacks.
    const covered: RunbookEventKind extends TimelineEventKind ? true : never = true;
    expect(covered).toBe(true);
    const kinds: RunbookEventKind[] = ['runbook-started', 'runbook-step-skipped', 'runbook-finished', 'runbook-query'];
    for (const k of kinds) expect(TimelineEventKind.parse(k)).toBe(k);
  });
});
