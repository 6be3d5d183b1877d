import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Incident } from '../../shared/domain/incident';
import type { TimelineEvent } from '../../shared/domain/timeline';
import type { EventName } from '../../shared/ipc/contract';
import { incidentMetrics } from '../../shared/timeline/incidentMetrics';
import { schemaChangeIncident } from '../../shared/timeline/testing/incidentFixtures';
import { ANNOTATIONS_FILE, createTimelineService } from './timelineService';

const NOW = Date.parse('2026-03-15T09:00:00Z');
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A timeline service over a temp dir, with the recorded incident of seed 002 and its events. */
function timelineFixture(dataDir = mkdtempSync(join(tmpdir(), 'vigil-timeline-'))) {
  dirs.push(dataDir);
  const { incident, events } = schemaChangeIncident();
  const incidents = new Map<string, Incident>([[incident.id, incident]]);
  const emitted: { event: EventName; payload: unknown }[] = [];
  let n = 0;
  const incidentDir = (id: string) => join(dataDir, 'incidents', id);
  const service = createTimelineService({
    incidentDir,
    incidents: {
      get: (id) => incidents.get(id),
      timelineEvents: (id): { events: TimelineEvent[]; problems: string[] } => ({
        events: id === incident.id ? events : [],
        problems: [],
      }),
    },
    now: () => NOW,
    newId: () => String(++n),
    actor: () => 'ben',
    emit: (event, payload) => emitted.push({ event, payload }),
  });
  return { service, incident, events, emitted, dataDir, file: join(incidentDir(incident.id), ANNOTATIONS_FILE) };
}

describe('timelineService', () => {
  it('appends annotations to annotations.jsonl and replays them into the view, across a restart', async () => {
    const a = timelineFixture();
    const id = a.incident.id;
    let view = await a.service.handlers['timeline:annotate']({
      incidentId: id,
      annotation: { type: 'note', text: '  upstream renamed txn_amount  ' },
    });
    const note = view.entries.find((e) => e.origin === 'note')!;
    expect(note).toMatchObject({ text: 'upstream renamed txn_amount', actor: 'ben', at: new Date(NOW).toISOString() });
    expect(a.emitted).toEqual([{ event: 'timeline:annotated', payload: { incidentId: id } }]);

    const skipped = a.events.find((e) => e.kind === 'runbook-step-skipped')!;
    await a.service.handlers['timeline:annotate']({
      incidentId: id,
      annotation: { type: 'star', entryId: note.id, starred: true },
    });
    await a.service.handlers['timeline:annotate']({
      incidentId: id,
      annotation: { type: 'milestone', milestone: 'root-cause', entryId: note.id },
    });
    view = await a.service.handlers['timeline:annotate']({
      incidentId: id,
      annotation: { type: 'retime', entryId: skipped.id, at: '2026-03-14T15:10:30.000Z' },
    });
    expect(view.entries.find((e) => e.id === note.id)).toMatchObject({ starred: true, milestones: ['root-cause'] });
    expect(view.entries.find((e) => e.id === skipped.id)).toMatchObject({
      at: '2026-03-14T15:10:30.000Z',
      originalAt: skipped.at,
      retimed: true,
    });
    expect(view.milestones['root-cause']).toMatchObject({ entryId: note.id, by: 'user' });

    // Append-only: one JSON line per action, in order.
    const lines = readFileSync(a.file, 'utf8').trim().split('\n');
    expect(lines.map((l) => (JSON.parse(l) as { type: string }).type)).toEqual(['note', 'star', 'milestone', 'retime']);

    // A new service over the same files (a restart) sees the same timeline.
    const b = timelineFixture(a.dataDir);
    expect(await b.service.handlers['timeline:list']({ incidentId: id })).toEqual(view);
  });

  it('ignores a torn last line and reports it, and the next note still lands on its own line', async () => {
    const a = timelineFixture();
    const id = a.incident.id;
    await a.service.handlers['timeline:annotate']({ incidentId: id, annotation: { type: 'note', text: 'first' } });
    appendFileSync(a.file, '{"type":"note","id":"note-x","incidentId":"inc-psi","recor'); // crash mid-write

    const torn = await a.service.handlers['timeline:list']({ incidentId: id });
    expect(torn.entries.filter((e) => e.origin === 'note').map((e) => e.text)).toEqual(['first']);
    expect(torn.problems).toEqual(['annotations line 2: torn last line (an interrupted write); ignored']);

    const after = await a.service.handlers['timeline:annotate']({
      incidentId: id,
      annotation: { type: 'note', text: 'second' },
    });
    expect(after.entries.filter((e) => e.origin === 'note').map((e) => e.text)).toEqual(['first', 'second']);
    // The torn line is now in the middle: still skipped, now reported as unreadable rather than torn.
    expect(after.problems).toEqual([expect.stringMatching(/^annotations line 2: torn line/)]);
  });

  it('refuses annotations about entries the timeline does not have, and writes nothing', async () => {
    const a = timelineFixture();
    const id = a.incident.id;
    await expect(
      a.service.handlers['timeline:annotate']({
        incidentId: id,
        annotation: { type: 'star', entryId: 'nope', starred: true },
      }),
    ).rejects.toThrow('no entry nope in this timeline');
    await expect(
      a.service.handlers['timeline:annotate']({
        incidentId: id,
        annotation: { type: 'note-edit', noteId: a.events[0]!.id, text: 'rewrite history' },
      }),
    ).rejects.toThrow(/no note .* in this timeline/);
    await expect(
      a.service.handlers['timeline:annotate']({ incidentId: 'other', annotation: { type: 'note', text: 'x' } }),
    ).rejects.toThrow('no incident other');
    expect(() => readFileSync(a.file)).toThrow();
  });

  it('feeds the metrics: MTTD runs from the first symptom (activeAt), and follows a corrected time', async () => {
    const a = timelineFixture();
    const id = a.incident.id;
    let view = await a.service.handlers['timeline:list']({ incidentId: id });
    expect(incidentMetrics(view.milestones).detect.text).toBe('25 min');
    const firstSymptom = view.milestones['first-symptom']!.entryId;
    view = await a.service.handlers['timeline:annotate']({
      incidentId: id,
      annotation: { type: 'retime', entryId: firstSymptom, at: '2026-03-14T14:17:00.000Z' },
    });
    expect(incidentMetrics(view.milestones).detect.text).toBe('30 min');
  });
});
