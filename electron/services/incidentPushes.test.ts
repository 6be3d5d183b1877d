import { describe, expect, it } from 'vitest';
import type { Incident } from '../../shared/domain/incident';
import type { EventName } from '../../shared/ipc/contract';
import { testAlertIncident } from '../../shared/testing/testIncident';
import type { IncidentDrift } from '../../shared/incidents/incidentDrift';
import { createIncidentPushes, DRIFT_LIVE_MAX, PUSH_BACKLOG_BYTES, PUSH_CHUNK } from './incidentPushes';

/** Version 1 of an incident, or its value drifted to `value` (version 2): all that differs. */
const inc = (id: string, value = 0.07) =>
  value === 0.07 ? testAlertIncident(id, value) : testAlertIncident(id, value, { revision: 2 });
const turn = () => new Promise((r) => setImmediate(r));

function setup(driftPushMs = 60_000) {
  const clock = { t: 0 };
  const reader = { unread: 0 };
  const pushed: { event: EventName; ids: string[] }[] = [];
  const drifts: IncidentDrift[] = [];
  const pushes = createIncidentPushes({
    now: () => clock.t,
    driftPushMs,
    backlog: () => reader.unread,
    emit: (event, payload) => {
      const p = payload as { changed?: Incident[]; events?: { id: string }[]; drifted?: IncidentDrift[] };
      if (p.drifted) drifts.push(...p.drifted);
      pushed.push({ event, ids: [...(p.changed ?? p.events ?? []), ...(p.drifted ?? [])].map((x) => x.id) });
    },
  });
  return { clock, pushed, drifts, pushes, reader };
}

describe('incident pushes: diffs, bounded', () => {
  it('on an ordinary night pushes drifting values with the step that moved them', () => {
    const s = setup();
    s.pushes.push([inc('a')], [], []);
    s.clock.t = 15_000;
    s.pushes.push([], [inc('a', 0.071), inc('b')], []);
    s.clock.t = 30_000;
    s.pushes.push([], [inc('a', 0.072)], []);
    // 'b' goes whole (never sent before), 'a' as its drift.
    expect(s.pushed).toEqual([
      { event: 'incidents:changed', ids: ['a'] },
      { event: 'incidents:changed', ids: ['b', 'a'] },
      { event: 'incidents:changed', ids: ['a'] },
    ]);
    expect(s.drifts.map((d) => d.values)).toEqual([[0.071], [0.072]]);
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

  it('sends a drift in place of the incident when that is all it differs by from the version last sent', () => {
    const s = setup();
    s.pushes.push([inc('a')], [], []);
    // 'b' was never sent (a renderer holds it from the list, maybe older): it goes whole.
    s.pushes.push([], [inc('a', 0.08), inc('b', 0.08)], []);
    expect(s.pushed.slice(1)).toEqual([{ event: 'incidents:changed', ids: ['b', 'a'] }]);
    expect(s.drifts).toEqual([expect.objectContaining({ id: 'a', values: [0.08], revision: 2 })]);
    // Sent whole since, so its next drift is a drift too; an acknowledged 'a' goes whole.
    s.pushes.push([], [inc('b', 0.09)], []);
    expect(s.drifts.at(-1)).toEqual(expect.objectContaining({ id: 'b', values: [0.09] }));
    s.pushes.push([], [testAlertIncident('a', 0.1, { state: 'acknowledged', revision: 3 })], []);
    expect(s.pushed.at(-1)).toEqual({ event: 'incidents:changed', ids: ['a'] });
    expect(s.drifts).toHaveLength(2);
  });

  it('makes each drift when its push goes out, against what went out before it', async () => {
    const s = setup();
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
    s.pushes.push([inc('a')], [], []);
    s.reader.unread = PUSH_BACKLOG_BYTES + 1; // the reader is behind: pushes wait in order
    s.pushes.push([], [inc('a', 0.08)], []);
    const acked = testAlertIncident('a', 0.08, { state: 'acknowledged', revision: 3 });
    s.pushes.push([acked], [], []);
    s.pushes.push([], [{ ...acked, signals: [{ ...acked.signals[0]!, value: 0.09 }], revision: 4 }], []);
    s.reader.unread = 0;
    await sleep(60);
    expect(s.pushed.map((p) => p.ids)).toEqual([['a'], ['a'], ['a'], ['a']]);
    // The first drift is against version 1, the second against the acknowledged version it follows.
    expect(s.drifts.map((d) => [d.values[0], d.revision])).toEqual([
      [0.08, 2],
      [0.09, 4],
    ]);
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
