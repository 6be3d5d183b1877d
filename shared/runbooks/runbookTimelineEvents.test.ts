import { describe, expect, it } from 'vitest';
import { TimelineEvent } from '../domain/timeline';
import { runbookTimelineEvents } from './runbookTimelineEvents';
import type { RunbookEvent } from './runbookEvent';
import { shippedRunbook } from './testing/shippedRunbooks';
import { applyWalkthroughAction, startWalkthrough } from './walkthrough';

const T0 = Date.parse('2026-11-24T22:41:00Z');
const latency = shippedRunbook('model-high-latency.md');

function ev(kind: RunbookEvent['kind'], data: RunbookEvent['data'] = {}): RunbookEvent {
  return { kind, text: `${kind} text`, at: new Date(T0).toISOString(), data: { runbookId: 'rb', ...data } };
}

describe('runbookTimelineEvents', () => {
  it('numbers events from the stored counter, so ids are unique and the same on every read', () => {
    const out = runbookTimelineEvents([ev('runbook-started'), ev('runbook-step-done')], {
      incidentId: 'inc-1',
      firstSeq: 7,
      actor: 'Ana',
      origin: 'user',
    });
    expect(out.map((e) => e.id)).toEqual(['inc-1#runbook.7', 'inc-1#runbook.8']);
    expect(out.every((e) => TimelineEvent.safeParse(e).success)).toBe(true);
    expect(out[0]).toMatchObject({
      incidentId: 'inc-1',
      kind: 'runbook-started',
      text: 'runbook-started text',
      source: 'user',
      actor: 'Ana',
      at: '2026-11-24T22:41:00.000Z',
      data: { runbookId: 'rb' },
    });
  });

  it("attributes a branch the checks chose to Vigil, and the person's own choice to them", () => {
    const out = runbookTimelineEvents(
      [ev('runbook-query'), ev('runbook-branch', { by: 'condition' }), ev('runbook-branch', { by: 'user' })],
      { incidentId: 'i', firstSeq: 0, actor: 'you', origin: 'user' },
    );
    expect(out.map((e) => [e.kind, e.source, e.actor])).toEqual([
      ['runbook-query', 'user', 'you'],
      ['runbook-branch', 'vigil', 'vigil'],
      ['runbook-branch', 'user', 'you'],
    ]);
  });

  it('marks what Vigil noticed alone (a timebox running out) as Vigil', () => {
    const [e] = runbookTimelineEvents([ev('runbook-step-overran')], {
      incidentId: 'i',
      firstSeq: 3,
      actor: 'you',
      origin: 'vigil',
    });
    expect(e).toMatchObject({ source: 'vigil', actor: 'vigil', kind: 'runbook-step-overran' });
  });

  it('says when a check value was typed in by hand rather than read from Prometheus', () => {
    const out = runbookTimelineEvents([ev('runbook-query'), ev('runbook-branch', { by: 'condition' })], {
      incidentId: 'i',
      firstSeq: 0,
      actor: 'you',
      origin: 'user',
      manual: true,
    });
    expect(out[0]!.text).toBe('runbook-query text (entered by hand)');
    expect(out[0]!.data).toMatchObject({ manual: true });
    // Only the query itself was typed; the branch that follows is the checks' doing as usual.
    expect(out[1]!.text).toBe('runbook-branch text');
    expect(out[1]!.data.manual).toBeUndefined();
  });

  it('maps a real walkthrough: start, checks, the branch they pick and a skipped step', () => {
    const started = startWalkthrough(latency, 'inc-9', T0);
    let state = started.state;
    const events = [...started.events];
    for (const action of [
      { type: 'record-query', checkId: '1.q1', value: 0.31 },
      { type: 'record-query', checkId: '1.q2', value: 0.05 },
      { type: 'record-query', checkId: '1.q3', value: 0.02 },
      { type: 'complete-step', stepKey: '1' },
      { type: 'skip-step', stepKey: '2', reason: 'Redis dashboard is down' },
    ] as const) {
      const r = applyWalkthroughAction(latency, state, action, T0 + 60_000);
      if (!r.ok) throw new Error(r.message);
      state = r.state;
      events.push(...r.events);
    }
    const out = runbookTimelineEvents(events, { incidentId: 'inc-9', firstSeq: 0, actor: 'you', origin: 'user' });
    expect(out.map((e) => `${e.kind}/${e.source}`)).toEqual([
      'runbook-started/user',
      'runbook-query/user',
      // The first check already holds, so it decides before the others report.
      'runbook-branch/vigil',
      'runbook-query/user',
      'runbook-query/user',
      'runbook-step-done/user',
      'runbook-step-skipped/user',
    ]);
    expect(out[2]!.text).toContain('Step 2 (Feature store is slow)');
    expect(out[6]!.text).toContain('skipped: Redis dashboard is down');
    expect(new Set(out.map((e) => e.id)).size).toBe(out.length);
  });
});
