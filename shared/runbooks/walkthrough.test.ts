import { describe, expect, it } from 'vitest';
import { parseRunbook } from './parseRunbook';
import type { RunbookEvent } from './runbookEvent';
import type { Runbook } from './runbookModel';
import { suggestActionItems } from './suggestActionItems';
import { shippedRunbook } from './testing/shippedRunbooks';
import {
  applyWalkthroughAction,
  restoreWalkthrough,
  serializeWalkthrough,
  startWalkthrough,
  stepClock,
  walkthroughClock,
  WalkthroughAction,
  type WalkthroughState,
} from './walkthrough';

const T0 = Date.parse('2026-11-24T22:50:00Z');
const sec = (s: number) => T0 + s * 1000;
const min = (m: number) => sec(m * 60);

/** Applies an action and fails the test if it is refused; returns state and events. */
function act(rb: Runbook, state: WalkthroughState, action: WalkthroughAction, now: number) {
  const r = applyWalkthroughAction(rb, state, action, now);
  if (!r.ok) throw new Error(r.message);
  return r;
}

function refuse(rb: Runbook, state: WalkthroughState, action: WalkthroughAction, now: number): string {
  const r = applyWalkthroughAction(rb, state, action, now);
  if (r.ok) throw new Error('expected the action to be refused');
  return r.message;
}

function small(body: string): Runbook {
  const r = parseRunbook(
    ['---', 'id: small', 'title: Small', 'match: [\'alertname="X"\']', 'owner: t', 'timebox: 10m', '---', body].join(
      '\n',
    ),
  );
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.runbook;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}

const kinds = (events: RunbookEvent[]) => events.map((e) => e.kind);

describe('walking the latency runbook (seed 002) for one incident', () => {
  const rb = shippedRunbook('model-high-latency.md');

  it('starts at step 1 with its timebox running', () => {
    const { state, events } = startWalkthrough(rb, 'inc-1', T0);
    expect(state).toMatchObject({
      runbookId: 'model-high-latency',
      incidentId: 'inc-1',
      current: '1',
      finishedAt: null,
    });
    expect(events).toEqual([
      {
        kind: 'runbook-started',
        text: 'Started runbook "Model p99 latency over its SLO" at Step 1 "Find the slow stage"',
        at: '2026-11-24T22:50:00.000Z',
        data: {
          runbookId: 'model-high-latency',
          runbookTitle: 'Model p99 latency over its SLO',
          incidentId: 'inc-1',
          stepKey: '1',
        },
      },
    ]);
    expect(stepClock(rb, state, '1', sec(90))).toEqual({
      stepKey: '1',
      timeboxMs: 120_000,
      startedAt: '2026-11-24T22:50:00.000Z',
      spentMs: 90_000,
      remainingMs: 30_000,
      overran: false,
      overByMs: 0,
      running: true,
    });
  });

  it('chooses the branch from check results, in the order the runbook states them', () => {
    let { state } = startWalkthrough(rb, 'inc-1', T0);
    // The inference check holds, but feature fetch (the earlier rule) is unknown: no decision yet.
    let r = act(rb, state, { type: 'record-query', checkId: '1.q2', value: 0.31 }, sec(20));
    expect(kinds(r.events)).toEqual(['runbook-query']);
    expect(r.events[0]!.text).toBe('Step 1 check "inference p99 (s)" returned 0.31');
    expect(r.state.steps['1']!.branch).toBeNull();
    state = r.state;

    r = act(rb, state, { type: 'record-query', checkId: '1.q1', value: 0.048 }, sec(30));
    expect(kinds(r.events)).toEqual(['runbook-query', 'runbook-branch']);
    expect(r.events[1]!.text).toBe(
      'Step 1: the checks point to Step 3 (Inference is slow) (inference p99 (s) = 0.31, value > 0.2)',
    );
    expect(r.events[1]!.data).toMatchObject({ stepKey: '1', target: '3', by: 'condition', overridden: false });
    expect(r.state.steps['1']!.branch).toMatchObject({ target: '3', by: 'condition', suggested: '3' });
  });

  it('falls to else only when every condition is known to be false', () => {
    let { state } = startWalkthrough(rb, 'inc-1', T0);
    state = act(rb, state, { type: 'record-query', checkId: '1.q1', value: 0.05 }, sec(10)).state;
    state = act(rb, state, { type: 'record-query', checkId: '1.q2', value: 0.04 }, sec(11)).state;
    expect(state.steps['1']!.branch).toBeNull();
    const r = act(rb, state, { type: 'record-query', checkId: '1.q3', value: 0.02 }, sec(12));
    expect(r.state.steps['1']!.branch).toMatchObject({
      target: '5',
      by: 'condition',
      because: 'no condition held: feature fetch p99 (s) = 0.05, inference p99 (s) = 0.04, postprocess p99 (s) = 0.02',
    });
  });

  it('a failed or empty check decides nothing', () => {
    let { state } = startWalkthrough(rb, 'inc-1', T0);
    let r = act(
      rb,
      state,
      { type: 'record-query', checkId: '1.q1', value: null, error: 'Prometheus refused the connection' },
      sec(5),
    );
    expect(r.events[0]!.text).toBe('Step 1 check "feature fetch p99 (s)" failed: Prometheus refused the connection');
    state = r.state;
    r = act(rb, state, { type: 'record-query', checkId: '1.q1', value: Number.NaN }, sec(6));
    expect(r.events[0]!.text).toContain('returned NaN, which is not a number that can be compared');
    expect(r.state.steps['1']!.results['1.q1']!.value).toBeNull();
    expect(r.state.steps['1']!.branch).toBeNull();
  });

  it('the engineer can override the checks; both are recorded', () => {
    let { state } = startWalkthrough(rb, 'inc-1', T0);
    state = act(rb, state, { type: 'record-query', checkId: '1.q1', value: 0.35 }, sec(10)).state;
    expect(state.steps['1']!.branch?.target).toBe('2');
    const r = act(rb, state, { type: 'choose-branch', stepKey: '1', target: '5' }, sec(40));
    expect(r.events).toHaveLength(1);
    expect(r.events[0]!.text).toBe(
      'Step 1: chose Step 5 (Every stage is normal) over Step 2 (Feature store is slow), which the checks pointed to (feature fetch p99 (s) = 0.35, value > 0.2)',
    );
    expect(r.events[0]!.data).toMatchObject({ target: '5', by: 'user', suggested: '2', overridden: true });
    state = r.state;
    // A later result does not undo the engineer's choice, but is remembered.
    state = act(rb, state, { type: 'record-query', checkId: '1.q1', value: 0.05 }, sec(50)).state;
    expect(state.steps['1']!.branch).toMatchObject({ target: '5', by: 'user', suggested: null });
    const done = act(rb, state, { type: 'complete-step', stepKey: '1' }, sec(60));
    expect(done.state.current).toBe('5');
  });

  it('a step with branches needs a decision before it is done', () => {
    const { state } = startWalkthrough(rb, 'inc-1', T0);
    expect(refuse(rb, state, { type: 'complete-step', stepKey: '1' }, sec(10))).toBe(
      'Step 1 branches: run its checks or choose where to go next (Step 2 (Feature store is slow), Step 3 (Inference is slow), Step 4 (Postprocessing is slow), Step 5 (Every stage is normal))',
    );
    const r = act(rb, state, { type: 'complete-step', stepKey: '1', next: '4' }, sec(10));
    expect(kinds(r.events)).toEqual(['runbook-branch', 'runbook-step-done']);
    expect(r.state.current).toBe('4');
  });

  it('refuses unknown steps, items, checks and targets, and a skip without a reason', () => {
    const { state } = startWalkthrough(rb, 'inc-1', T0);
    expect(refuse(rb, state, { type: 'open-step', stepKey: '9' }, T0)).toBe('this runbook has no step "9"');
    expect(refuse(rb, state, { type: 'check-item', itemId: '1.i9', checked: true }, T0)).toContain('no checklist item');
    expect(refuse(rb, state, { type: 'record-query', checkId: '7.q1', value: 1 }, T0)).toContain('no check');
    expect(refuse(rb, state, { type: 'choose-branch', stepKey: '1', target: '12' }, T0)).toContain(
      '"12" is not a step',
    );
    expect(refuse(rb, state, { type: 'skip-step', stepKey: '1', reason: '   ' }, T0)).toBe(
      'say why Step 1 is skipped: the reason becomes a post-mortem action item',
    );
  });

  it('a full walk: timeline events, timeboxes, skip, override, finish and post-mortem suggestions', () => {
    const events: RunbookEvent[] = [];
    const start = startWalkthrough(rb, 'inc-7', T0);
    let state = start.state;
    events.push(...start.events);
    const step = (action: WalkthroughAction, now: number) => {
      const r = act(rb, state, action, now);
      state = r.state;
      events.push(...r.events);
      return r;
    };

    // Step 1 runs over its 2 min timebox; tick notices once.
    step({ type: 'tick' }, sec(100));
    step({ type: 'tick' }, sec(150));
    step({ type: 'tick' }, sec(160));
    expect(events.filter((e) => e.kind === 'runbook-step-overran').map((e) => e.text)).toEqual([
      'Step 1 "Find the slow stage" ran past its 2 min timebox',
    ]);
    expect(stepClock(rb, state, '1', min(3))).toMatchObject({ remainingMs: 0, overran: true, overByMs: 60_000 });
    step({ type: 'record-query', checkId: '1.q1', value: 0.05 }, min(2.5));
    step({ type: 'record-query', checkId: '1.q2', value: 0.9 }, min(2.5));
    const done1 = step({ type: 'complete-step', stepKey: '1' }, min(3));
    expect(done1.events[0]!.text).toBe(
      'Step 1 "Find the slow stage" done after 3 min, 1 min over its 2 min timebox; next: Step 3 (Inference is slow)',
    );
    expect(done1.events[0]!.data).toMatchObject({ spentMs: 180_000, timeboxMs: 120_000, overran: true, next: '3' });

    // Step 3: ticks, then the rollout is to blame.
    step({ type: 'check-item', itemId: '3.i1', checked: true }, min(4));
    expect(step({ type: 'check-item', itemId: '3.i1', checked: true }, min(4)).events).toEqual([]);
    step({ type: 'check-item', itemId: '3.i2', checked: true }, min(4));
    step({ type: 'check-item', itemId: '3.i2', checked: false }, min(5));
    expect(state.steps['3']!.checked).toEqual(['3.i1']);
    step({ type: 'choose-branch', stepKey: '3', target: 'rollback' }, min(6));
    step({ type: 'complete-step', stepKey: '3' }, min(6));
    expect(state.current).toBe('rollback');

    // Rollback cannot be done from here: skipped with a reason; it leads on to step 6.
    const skipped = step(
      { type: 'skip-step', stepKey: 'rollback', reason: 'no kubectl access to ml-prod from this laptop' },
      min(8),
    );
    expect(skipped.events[0]!.text).toBe(
      'Rollback "Rollback" skipped: no kubectl access to ml-prod from this laptop; next: Step 6 (Confirm recovery)',
    );
    expect(state.current).toBe('6');

    // Step 6: the checks say recovered (-> done) but the engineer escalates anyway.
    step({ type: 'record-query', checkId: '6.q1', value: 0.42 }, min(9));
    expect(state.steps['6']!.branch).toMatchObject({ target: 'done', by: 'condition' });
    step({ type: 'complete-step', stepKey: '6', next: 'escalation' }, min(10));
    expect(state.current).toBe('escalation');
    const finished = step({ type: 'complete-step', stepKey: 'escalation' }, min(12));
    expect(kinds(finished.events)).toEqual(['runbook-step-done', 'runbook-finished']);
    expect(finished.events[1]!.text).toBe('Runbook "Model p99 latency over its SLO" finished: 4 steps done, 1 skipped');
    expect(state).toMatchObject({ current: null, finishedAt: new Date(min(12)).toISOString() });
    expect(walkthroughClock(rb, state, min(60))).toMatchObject({
      elapsedMs: 12 * 60_000,
      remainingMs: 18 * 60_000,
      overran: false,
      finished: true,
    });

    expect(kinds(events)).toEqual([
      'runbook-started',
      'runbook-step-overran',
      'runbook-query',
      'runbook-query',
      'runbook-branch',
      'runbook-step-done',
      'runbook-item-checked',
      'runbook-item-checked',
      'runbook-item-unchecked',
      'runbook-branch',
      'runbook-step-done',
      'runbook-step-skipped',
      'runbook-query',
      'runbook-branch',
      'runbook-branch',
      'runbook-step-done',
      'runbook-step-done',
      'runbook-finished',
    ]);
    for (const e of events) {
      expect(e.data).toMatchObject({ runbookId: 'model-high-latency', incidentId: 'inc-7' });
      expect(Number.isNaN(Date.parse(e.at))).toBe(false);
    }

    expect(suggestActionItems(rb, state, min(60))).toEqual([
      expect.objectContaining({
        kind: 'overran-step',
        stepKey: '1',
        spentMs: 180_000,
        timeboxMs: 120_000,
        text: 'Step 1 "Find the slow stage" of runbook "Model p99 latency over its SLO" took 3 min against a 2 min timebox: make it faster (a direct link, a ready query) or give it a realistic timebox',
      }),
      expect.objectContaining({
        kind: 'overridden-branch',
        stepKey: '6',
        text: 'Step 6 "Confirm recovery" of runbook "Model p99 latency over its SLO": the checks pointed to the end (no condition held: end-to-end p99 (s) = 0.42) but the responder went to Escalation: review the step\'s thresholds',
      }),
      expect.objectContaining({
        kind: 'skipped-step',
        stepKey: 'rollback',
        reason: 'no kubectl access to ml-prod from this laptop',
        text: 'Rollback "Rollback" of runbook "Model p99 latency over its SLO" was skipped (no kubectl access to ml-prod from this laptop): remove what stopped it, or change or drop the step',
      }),
    ]);
  });

  it('records a step done once, however many times Done arrives (two windows, a double click)', () => {
    const { state } = startWalkthrough(rb, 'inc-1', T0);
    const first = act(rb, state, { type: 'complete-step', stepKey: '1', next: '3' }, sec(10));
    const again = act(rb, first.state, { type: 'complete-step', stepKey: '1' }, sec(11));
    expect(again.events).toEqual([]);
    expect(again.state.current).toBe(first.state.current);
  });

  it('dates an overrun when the timebox ran out, not when a tick noticed it (Vigil was closed)', () => {
    const { state } = startWalkthrough(rb, 'inc-1', T0);
    // Step 1's 2 min timebox ran out at T0 + 2 min; the next tick is an hour later.
    const r = act(rb, state, { type: 'tick' }, min(61));
    const step = r.events.find((e) => e.kind === 'runbook-step-overran')!;
    expect(step.at).toBe(new Date(min(2)).toISOString());
    expect(r.state.steps['1']!.overranAt).toBe(new Date(min(2)).toISOString());
    const total = r.events.find((e) => e.kind === 'runbook-overran')!;
    expect(total.at).toBe(new Date(min(30)).toISOString());
  });

  it('the total timebox: tick notes the overrun once', () => {
    let { state } = startWalkthrough(rb, 'inc-1', T0);
    state = act(rb, state, { type: 'tick' }, min(29)).state;
    expect(state.overranAt).toBeNull();
    const r = act(rb, state, { type: 'tick' }, min(31));
    expect(r.events.map((e) => e.text)).toContain(
      'Runbook "Model p99 latency over its SLO" ran past its 30 min timebox',
    );
    expect(act(rb, r.state, { type: 'tick' }, min(32)).events).toEqual([]);
    expect(walkthroughClock(rb, r.state, min(31))).toMatchObject({ overran: true, remainingMs: 0 });
  });

  it('jumping to another step pauses the clock of the one left', () => {
    let { state } = startWalkthrough(rb, 'inc-1', T0);
    const r = act(rb, state, { type: 'open-step', stepKey: '4' }, sec(50));
    expect(r.events[0]!.text).toBe('Opened Step 4 "Postprocessing is slow"');
    state = r.state;
    expect(stepClock(rb, state, '1', min(10))).toMatchObject({ spentMs: 50_000, running: false });
    expect(stepClock(rb, state, '4', min(1))).toMatchObject({ spentMs: 10_000, remainingMs: 290_000, running: true });
    state = act(rb, state, { type: 'open-step', stepKey: '1' }, min(2)).state;
    expect(stepClock(rb, state, '1', min(3))).toMatchObject({ spentMs: 110_000, running: true });
  });

  it('never changes the state it is given', () => {
    const { state } = startWalkthrough(rb, 'inc-1', T0);
    deepFreeze(state);
    const before = JSON.stringify(state);
    act(rb, state, { type: 'record-query', checkId: '1.q1', value: 0.5 }, sec(5));
    act(rb, state, { type: 'complete-step', stepKey: '1', next: '2' }, sec(5));
    expect(JSON.stringify(state)).toBe(before);
  });
});

describe('conditions that need the SLA, and loops', () => {
  it('uses the incident SLA when the condition asks for it', () => {
    const rb = small(
      [
        '## Step 1: Measure (2 min)',
        '```promql',
        'p99',
        '```',
        'if value > 2 * sla -> step 2',
        'else -> done',
        '## Step 2: Act',
      ].join('\n'),
    );
    let { state } = startWalkthrough(rb, 'i', T0);
    let r = act(rb, state, { type: 'record-query', checkId: '1.q1', value: 1.2 }, sec(5));
    expect(r.state.steps['1']!.branch).toBeNull();
    state = r.state;
    r = act(rb, state, { type: 'record-query', checkId: '1.q1', value: 1.2, sla: 0.5 }, sec(6));
    expect(r.state.steps['1']!.branch).toMatchObject({ target: '2', because: 'check 1 = 1.2, value > 2 * sla' });
  });

  it('coming back round a loop starts the step afresh', () => {
    const rb = small(
      [
        '## Step 1: Restart (2 min)',
        '-> step 2',
        '## Step 2: Re-check (2 min)',
        '```promql healthy replicas',
        'sum(up)',
        '```',
        'if value < 1 -> step 1',
        'else -> done',
      ].join('\n'),
    );
    let { state } = startWalkthrough(rb, 'i', T0);
    state = act(rb, state, { type: 'complete-step', stepKey: '1' }, min(1)).state;
    state = act(rb, state, { type: 'record-query', checkId: '2.q1', value: 0 }, min(2)).state;
    state = act(rb, state, { type: 'complete-step', stepKey: '2' }, min(2)).state;
    expect(state.current).toBe('1');
    expect(state.steps['1']).toMatchObject({ status: 'pending', endedAt: null });
    state = act(rb, state, { type: 'complete-step', stepKey: '1' }, min(4)).state;
    expect(state.steps['2']).toMatchObject({ status: 'pending', results: {}, branch: null });
    // Time adds up across visits: 1 min, then 2 more.
    expect(stepClock(rb, state, '1', min(10))).toMatchObject({ spentMs: 3 * 60_000, overran: true });
    state = act(rb, state, { type: 'record-query', checkId: '2.q1', value: 3 }, min(5)).state;
    const end = act(rb, state, { type: 'complete-step', stepKey: '2' }, min(5));
    expect(end.state.current).toBeNull();
  });
});

describe('saving and restoring progress', () => {
  const rb = shippedRunbook('model-high-latency.md');

  function midway(): WalkthroughState {
    let { state } = startWalkthrough(rb, 'inc-1', T0);
    state = act(rb, state, { type: 'record-query', checkId: '1.q1', value: 0.3 }, sec(30)).state;
    state = act(rb, state, { type: 'complete-step', stepKey: '1' }, sec(60)).state;
    state = act(rb, state, { type: 'check-item', itemId: '2.i1', checked: true }, sec(70)).state;
    return state;
  }

  it('round-trips through JSON and carries on exactly as before', () => {
    const state = midway();
    const saved = serializeWalkthrough(state);
    const restored = restoreWalkthrough(saved, rb);
    expect(restored).toEqual({ ok: true, state, runbookChanged: false, notes: [] });
    if (!restored.ok) return;
    const action: WalkthroughAction = { type: 'complete-step', stepKey: '2' };
    expect(applyWalkthroughAction(rb, restored.state, action, sec(300))).toEqual(
      applyWalkthroughAction(rb, state, action, sec(300)),
    );
    // The action schema is what a request carries: it validates as data.
    expect(WalkthroughAction.safeParse(JSON.parse(JSON.stringify(action))).success).toBe(true);
  });

  it('keeps what still exists when the runbook was edited, and says what was dropped', () => {
    const state = midway();
    const text = (SHIPPED_EDIT: string) => SHIPPED_EDIT;
    const edited = parseRunbook(
      text(
        [
          '---',
          'id: model-high-latency',
          'title: Latency',
          'match: [\'alertname="X"\']',
          'owner: t',
          '---',
          '## Step 1: Find the slow stage (2 min)',
          '- slow -> step 3',
          '## Step 3: Other',
        ].join('\n'),
      ),
    );
    if (!edited.ok) throw new Error(JSON.stringify(edited.problems));
    const restored = restoreWalkthrough(serializeWalkthrough(state), edited.runbook);
    expect(restored.ok).toBe(true);
    if (!restored.ok) return;
    expect(restored.runbookChanged).toBe(true);
    expect(restored.state.steps['1']!.status).toBe('done');
    expect(restored.state.steps['1']!.branch).toBeNull();
    expect(restored.state.current).toBe('3');
    // The step taken up in place of the one that is gone has a running clock.
    expect(restored.state.steps['3']!.activeSince).not.toBeNull();
    expect(stepClock(edited.runbook, restored.state, '3', min(40))).toMatchObject({ running: true });
    expect(restored.notes).toEqual([
      'Step 1: results of checks that changed or no longer exist were dropped',
      'Step 1: the chosen branch leads to a step that no longer exists',
      'progress on step 2, which is no longer in the runbook, was dropped',
      'progress on step 4, which is no longer in the runbook, was dropped',
      'progress on step 5, which is no longer in the runbook, was dropped',
      'progress on step 6, which is no longer in the runbook, was dropped',
      'progress on step escalation, which is no longer in the runbook, was dropped',
      'progress on step rollback, which is no longer in the runbook, was dropped',
      'the step you were on is gone; continuing at Step 3',
    ]);
  });

  it('keeps a tick or a result only where the same item or query still stands after an edit', () => {
    // Ids are positions: an item and a check added at the top of a step take the old ids.
    const base = (extraItem: string, extraCheck: string) =>
      [
        '---',
        'id: cache',
        'title: Cache',
        'match: [\'alertname="X"\']',
        'owner: t',
        '---',
        '## Step 1: Look (5 min)',
        extraItem,
        '- [ ] Redis pods are Running',
        extraCheck,
        '```promql p99',
        'histogram_quantile(0.99, rate(redis_latency_seconds_bucket[5m]))',
        '```',
        '## Step 2: Next',
      ]
        .filter((l) => l !== '')
        .join('\n');
    const before = parseRunbook(base('', ''));
    if (!before.ok) throw new Error(JSON.stringify(before.problems));
    let state = startWalkthrough(before.runbook, 'inc-1', T0).state;
    const apply = (action: Parameters<typeof applyWalkthroughAction>[2]) => {
      const r = applyWalkthroughAction(before.runbook, state, action, T0 + 60_000);
      if (!r.ok) throw new Error(r.message);
      state = r.state;
    };
    apply({ type: 'check-item', itemId: '1.i1', checked: true });
    apply({ type: 'record-query', checkId: '1.q1', value: 0.9 });
    const same = restoreWalkthrough(serializeWalkthrough(state), before.runbook);
    expect(same.ok && same.state.steps['1']!.checked).toEqual(['1.i1']);

    const after = parseRunbook(
      base('- [ ] Rollout of feature-server finished', '```promql error ratio\nsum(rate(errors[5m]))\n```'),
    );
    if (!after.ok) throw new Error(JSON.stringify(after.problems));
    const moved = restoreWalkthrough(serializeWalkthrough(state), after.runbook);
    if (!moved.ok) throw new Error(moved.message);
    // "Rollout of feature-server finished" now has id 1.i1 and was never ticked; the error-ratio
    // check now has id 1.q1 and was never run.
    expect(moved.state.steps['1']!.checked).toEqual([]);
    expect(moved.state.steps['1']!.results).toEqual({});
    expect(moved.notes).toEqual([
      'Step 1: ticks on items that changed or no longer exist were dropped',
      'Step 1: results of checks that changed or no longer exist were dropped',
    ]);
  });

  it('refuses what it cannot read, in words', () => {
    expect(restoreWalkthrough('{"version":1,', rb)).toEqual({
      ok: false,
      message: expect.stringMatching(/^the saved walkthrough is not valid JSON/),
    });
    expect(restoreWalkthrough('{"version":2}', rb)).toEqual({
      ok: false,
      message: expect.stringMatching(/^the saved walkthrough is not one Vigil can read \(version: /),
    });
    const other = { ...midway(), runbookId: 'gpu-oom-risk' };
    expect(restoreWalkthrough(JSON.stringify(other), rb)).toEqual({
      ok: false,
      message: 'the saved walkthrough belongs to runbook "gpu-oom-risk", not "model-high-latency"',
    });
  });
});
