import { describe, expect, it } from 'vitest';
import type { Incident } from '../../shared/domain/incident';
import type { EventName } from '../../shared/ipc/contract';
import { createIncidentPushes, DRIFT_LIVE_MAX, PUSH_BACKLOG_BYTES, PUSH_CHUNK } from './incidentPushes';

const inc = (id: string, value = 0.07) => ({ id, signals: [{ value }] }) as unknown as Incident;
const turn = () => new Promise((r) => setImmediate(r));

function setup(driftPushMs = 60_000) {
  const clock = { t: 0 };
  const reader = { unread: 0 };
  const pushed: { event: EventName; ids: string[] }[] = [];
  const pushes = createIncidentPushes({
    now: () => clock.t,
    driftPushMs,
    backlog: () => reader.unread,
    emit: (event, payload) => {
      const p = payload as { changed?: Incident[]; events?: { id: string }[] };
      pushed.push({ event, ids: (p.changed ?? p.events ?? []).map((x) => x.id) });
    },
  });
  return { clock, pushed, pushes, reader };
}

describe('incident pushes: diffs, bounded', () => {
  it('on an ordinary night pushes drifting values with the step that moved them', () => {
    const s = setup();
    s.pushes.push([inc('a')], [], []);
    s.clock.t = 15_000;
    s.pushes.push([], [inc('a', 0.071), inc('b')], []);
    s.clock.t = 30_000;
    s.pushes.push([], [inc('a', 0.072)], []);
    expect(s.pushed).toEqual([
      { event: 'incidents:changed', ids: ['a'] },
      { event: 'incidents:changed', ids: ['a', 'b'] },
      { event: 'incidents:changed', ids: ['a'] },
    ]);
  });

  it('in a storm pushes state changes at once and drifting values at most once per interval, latest version', async () => {
    const s = setup();
    const storm = Array.from({ length: DRIFT_LIVE_MAX + 1 }, (_, i) => inc(`d${i}`));
    s.clock.t = 15_000;
    s.pushes.push([inc('a')], storm, []);
    expect(s.pushed).toEqual([{ event: 'incidents:changed', ids: ['a'] }]);
    s.clock.t = 30_000;
    s.pushes.push([], [inc('d0', 0.072)], []);
    expect(s.pushed).toHaveLength(1);
    s.clock.t = 60_000;
    s.pushes.push([], [], []);
    await turn();
    await turn();
    const ids = s.pushed.slice(1).flatMap((p) => p.ids);
    expect(ids).toEqual(storm.map((i) => i.id));
  });

  it('sends a storm in chunks, one per turn of the event loop', async () => {
    const s = setup();
    const many = Array.from({ length: PUSH_CHUNK * 3 + 1 }, (_, i) => inc(`i${i}`));
    s.pushes.push(many, [], []);
    expect(s.pushed.map((p) => p.ids.length)).toEqual([PUSH_CHUNK]);
    await turn();
    await turn();
    await turn();
    expect(s.pushed.map((p) => p.ids.length)).toEqual([PUSH_CHUNK, PUSH_CHUNK, PUSH_CHUNK, 1]);
    expect(s.pushed.flatMap((p) => p.ids)).toEqual(many.map((i) => i.id));
  });

  it('waits while the reader is behind, sends as it catches up, and gives up waiting on one that never reads', async () => {
    const s = setup();
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
    s.reader.unread = PUSH_BACKLOG_BYTES + 1;
    s.pushes.push([inc('a')], [], []);
    await sleep(60);
    expect(s.pushed).toEqual([]);
    s.reader.unread = 0;
    await sleep(60);
    expect(s.pushed).toEqual([{ event: 'incidents:changed', ids: ['a'] }]);

    s.reader.unread = PUSH_BACKLOG_BYTES + 1;
    s.pushes.push([inc('b')], [], []);
    await sleep(60);
    expect(s.pushed).toHaveLength(1);
    s.clock.t += 10_000;
    await sleep(60);
    expect(s.pushed.at(-1)).toEqual({ event: 'incidents:changed', ids: ['b'] });
  });
});
