import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Incident } from '../../shared/domain/incident';
import { alert, seenBy } from '../../shared/testing/signalFixtures';
import type { TimelineEvent } from '../../shared/domain/timeline';
import { HttpStatusError } from '../sources/describeFetchError';
import type { PdNote } from '../sources/pagerduty/pagerDutySchemas';
import type { PagerDutySource } from '../sources/pagerduty/pagerDutySource';
import { createPagerDutyNotes } from './pagerDutyNotes';

const T0 = Date.parse('2026-12-04T20:00:00Z');

function linkedIncident(id = 'inc-1', pdId = 'Q1'): Incident {
  return {
    id,
    title: 'FraudModelHighErrorRate',
    state: 'acknowledged',
    signals: [seenBy(alert('FraudModelHighErrorRate', null), 'pagerduty', { pagerduty_incident_id: pdId })],
  } as unknown as Incident;
}

/** A PagerDuty source that keeps notes like PagerDuty, and can be taken offline. */
function fakePagerDuty() {
  const world = new Map<string, PdNote[]>();
  let seq = 0;
  const box = { offline: false, refuse: false, loseAnswers: 0, posts: 0 };
  const add = (pdId: string, content: string, author: string, at = new Date(T0).toISOString()) => {
    const note = {
      id: `N${++seq}`,
      user: { id: author, type: 'user_reference', summary: author },
      content,
      created_at: at,
    };
    world.set(pdId, [...(world.get(pdId) ?? []), note]);
    return note;
  };
  const down = () => Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
  const source = {
    notes: (pdId: string) => world.get(pdId) ?? null,
    watchNotes: () => {},
    async addNote(pdId: string, content: string) {
      if (box.offline) throw down();
      if (box.refuse) throw new HttpStatusError(400, 'Invalid Input Provided');
      box.posts++;
      const note = add(pdId, content, 'Ada');
      if (box.loseAnswers > 0) {
        box.loseAnswers--;
        throw Object.assign(new Error('The operation was aborted due to timeout'), { name: 'TimeoutError' });
      }
      return note;
    },
    client: {
      async listNotes(pdId: string) {
        if (box.offline) throw down();
        return world.get(pdId) ?? [];
      },
    },
  };
  return { source: source as unknown as PagerDutySource, world, box, add };
}

function setup(file = join(mkdtempSync(join(tmpdir(), 'vigil-notes-')), 'pagerduty-notes.json'), pd = fakePagerDuty()) {
  const incidents = new Map([['inc-1', linkedIncident()]]);
  const timeline: TimelineEvent[] = [];
  const notices: string[] = [];
  const notes = createPagerDutyNotes({
    file,
    incidents: {
      get: (id) => incidents.get(id),
      linked: async () => [...incidents.values()],
      recordEvents: (events) => timeline.push(...events),
      timelineEvents: () => ({ events: timeline }),
    },
    pagerDuty: (id) => (id === 'pagerduty' ? pd.source : null),
    now: () => T0,
    notice: (m) => notices.push(m),
    log: () => {},
  });
  return { notes, pd, timeline, notices, file };
}

describe('notes mirrored to PagerDuty', () => {
  it('posts a note typed here to the linked PagerDuty incident, and does not read it back as a teammate note', async () => {
    const s = setup();
    s.notes.noteAdded('inc-1', { id: 'note-a', text: 'rolled back v2.4.1' });
    await s.notes.sync();
    expect(s.pd.world.get('Q1')!.map((n) => n.content)).toEqual(['rolled back v2.4.1']);
    expect(s.notes.pending()).toBe(0);
    await s.notes.sync();
    expect(s.timeline).toEqual([]);
  });

  it("reads a teammate's notes into the timeline with author and time, once however often they are read", async () => {
    const s = setup();
    s.pd.add('Q1', 'checking the feature store', 'Bo', '2026-12-04T20:01:00Z');
    await s.notes.sync();
    await s.notes.sync();
    s.pd.add('Q1', 'feature store is fine', 'Bo', '2026-12-04T20:02:00Z');
    await s.notes.sync();
    expect(s.timeline.map((e) => [e.kind, e.source, e.actor, e.at, e.text])).toEqual([
      ['note', 'pagerduty', 'Bo', '2026-12-04T20:01:00.000Z', 'checking the feature store'],
      ['note', 'pagerduty', 'Bo', '2026-12-04T20:02:00.000Z', 'feature store is fine'],
    ]);
  });

  it('offline, notes wait in a queue kept on disk and go out in order, once, when PagerDuty answers', async () => {
    const pd = fakePagerDuty();
    pd.box.offline = true;
    const first = setup(undefined, pd);
    first.notes.noteAdded('inc-1', { id: 'n1', text: 'one' });
    first.notes.noteAdded('inc-1', { id: 'n2', text: 'two' });
    // The same note again (a retried save) is queued once.
    first.notes.noteAdded('inc-1', { id: 'n2', text: 'two' });
    await first.notes.sync();
    expect(first.notes.pending()).toBe(2);
    // A restart: the queue is read back from disk.
    const second = setup(first.file, pd);
    second.notes.noteAdded('inc-1', { id: 'n3', text: 'three' });
    expect(second.notes.pending()).toBe(3);
    pd.box.offline = false;
    await second.notes.sync();
    expect(pd.world.get('Q1')!.map((n) => n.content)).toEqual(['one', 'two', 'three']);
    await second.notes.sync();
    expect(pd.box.posts).toBe(3);
  });

  it('a post whose answer was lost is not sent twice: the next try looks whether it landed', async () => {
    const s = setup();
    s.pd.box.loseAnswers = 1;
    s.notes.noteAdded('inc-1', { id: 'n1', text: 'one' });
    await s.notes.sync();
    await s.notes.sync();
    expect(s.notes.pending()).toBe(0);
    expect(s.pd.box.posts).toBe(1);
    expect(s.pd.world.get('Q1')!.map((n) => n.content)).toEqual(['one']);
    // It is ours: not imported as a teammate's.
    expect(s.timeline).toEqual([]);
  });

  it('a note PagerDuty refuses is dropped from the queue with a notice, and the next ones still go', async () => {
    const s = setup();
    s.pd.box.refuse = true;
    s.notes.noteAdded('inc-1', { id: 'n1', text: 'one' });
    await s.notes.sync();
    expect(s.notes.pending()).toBe(0);
    expect(s.notices.at(-1)).toMatch(/was not posted to PagerDuty/);
    s.pd.box.refuse = false;
    s.notes.noteAdded('inc-1', { id: 'n2', text: 'two' });
    await s.notes.sync();
    expect(s.pd.world.get('Q1')!.map((n) => n.content)).toEqual(['two']);
  });
});
