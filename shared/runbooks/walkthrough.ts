import { z } from 'zod';
import { formatDuration } from '../classify/duration';
import { decideBranch, formatNumber, type BranchDecision } from './decideBranch';
import type { RunbookEvent, RunbookEventData, RunbookEventKind } from './runbookEvent';
import {
  DONE,
  defaultNext,
  describeTarget,
  findStep,
  walkableSteps,
  type PromqlBlock,
  type Runbook,
  type Step,
  type Target,
} from './runbookModel';

/*
 * Walking one runbook for one incident, as a pure state machine:
 *   (runbook, state, action, now) -> (state, events)
 * The state is plain JSON (ISO times, no Maps, no Dates), so the service stores it beside the
 * incident and a restart resumes exactly where the engineer was.
 */

const Iso = z.string();

const CheckResultSchema = z.object({
  value: z.number().nullable(),
  error: z.string().nullable(),
  at: Iso,
  /** The check's query when it ran: a result is kept across an edit of the file only for the same query. */
  query: z.string().optional(),
});

const BranchPick = z.object({
  target: z.string(),
  /** 'condition': the checks decided; 'user': the engineer chose (maybe against the checks). */
  by: z.enum(['condition', 'user']),
  /** What the checks pointed to when the choice was made (null when they could not tell). */
  suggested: z.string().nullable(),
  /** The checks' reason for `suggested`. */
  because: z.string().nullable(),
  at: Iso,
});

const StepProgress = z.object({
  status: z.enum(['pending', 'done', 'skipped']),
  /** First time the step was opened. */
  startedAt: Iso.nullable(),
  /** Set while the step is the current one: the running part of its clock. */
  activeSince: Iso.nullable(),
  /** Time spent on the step in earlier visits (a step can be left and come back to). */
  spentMs: z.number().nonnegative(),
  endedAt: Iso.nullable(),
  skipReason: z.string().nullable(),
  checked: z.array(z.string()),
  /**
   * The ticked items' text when ticked: item ids are positions, so after an edit of the file a tick
   * is kept only where the same item still stands (absent in walkthroughs saved before).
   */
  checkedText: z.record(z.string(), z.string()).optional(),
  results: z.record(z.string(), CheckResultSchema),
  branch: BranchPick.nullable(),
  overranAt: Iso.nullable(),
});
export type StepProgress = z.infer<typeof StepProgress>;

export const WalkthroughState = z.object({
  version: z.literal(1),
  runbookId: z.string(),
  /** The runbook file's revision when the walkthrough started (see Runbook.revision). */
  revision: z.string(),
  incidentId: z.string(),
  startedAt: Iso,
  finishedAt: Iso.nullable(),
  /** The step being worked on; null once the walkthrough reached its end. */
  current: z.string().nullable(),
  /** When the runbook's total timebox ran out (noted by `tick`). */
  overranAt: Iso.nullable(),
  steps: z.record(z.string(), StepProgress),
});
export type WalkthroughState = z.infer<typeof WalkthroughState>;

/** Every request a screen can make, as data: the IPC contract can reuse this schema as is. */
export const WalkthroughAction = z.discriminatedUnion('type', [
  z.object({ type: z.literal('check-item'), itemId: z.string(), checked: z.boolean() }),
  /** `next` picks the branch at the same time (same as choose-branch, then complete). */
  z.object({ type: z.literal('complete-step'), stepKey: z.string(), next: z.string().optional() }),
  z.object({ type: z.literal('skip-step'), stepKey: z.string(), reason: z.string() }),
  /** A check's result as the service got it from Prometheus; `sla` (seconds) for conditions using `sla`. */
  z.object({
    type: z.literal('record-query'),
    checkId: z.string(),
    value: z.number().nullable(),
    error: z.string().nullable().optional(),
    sla: z.number().positive().nullable().optional(),
  }),
  z.object({ type: z.literal('choose-branch'), stepKey: z.string(), target: z.string() }),
  z.object({ type: z.literal('open-step'), stepKey: z.string() }),
  /** Called periodically: notes steps (and the runbook) that ran past their timebox. */
  z.object({ type: z.literal('tick') }),
]);
export type WalkthroughAction = z.infer<typeof WalkthroughAction>;

export type WalkthroughResult =
  { ok: true; state: WalkthroughState; events: RunbookEvent[] } | { ok: false; message: string };

// ---------------------------------------------------------------- start, serialise, restore

export function startWalkthrough(
  runbook: Runbook,
  incidentId: string,
  now: number,
): { state: WalkthroughState; events: RunbookEvent[] } {
  const at = iso(now);
  const steps: Record<string, StepProgress> = {};
  for (const step of walkableSteps(runbook)) steps[step.key] = emptyProgress();
  const first = runbook.steps[0] ?? walkableSteps(runbook)[0] ?? null;
  const state: WalkthroughState = {
    version: 1,
    runbookId: runbook.id,
    revision: runbook.revision,
    incidentId,
    startedAt: at,
    finishedAt: first ? null : at,
    current: first?.key ?? null,
    overranAt: null,
    steps,
  };
  if (first) enter(state.steps[first.key]!, now);
  const text = first
    ? `Started runbook "${runbook.title}" at ${first.label} "${first.title}"`
    : `Started runbook "${runbook.title}"`;
  return { state, events: [event(runbook, state, 'runbook-started', text, now, { stepKey: first?.key ?? null })] };
}

export function serializeWalkthrough(state: WalkthroughState): string {
  return JSON.stringify(state);
}

export type RestoreResult =
  | {
      ok: true;
      state: WalkthroughState;
      /** True when the runbook file changed since the walkthrough began. */
      runbookChanged: boolean;
      /** What had to be adapted to the current file, in words (empty when nothing). */
      notes: string[];
    }
  | { ok: false; message: string };

/**
 * Reads a saved walkthrough back. When the runbook was edited in between, progress on steps,
 * items and checks that still exist is kept and the rest is dropped, with a note for each
 * so the screen can say what happened instead of silently losing ticks.
 */
export function restoreWalkthrough(saved: string, runbook: Runbook): RestoreResult {
  let json: unknown;
  try {
    json = JSON.parse(saved);
  } catch (err) {
    return { ok: false, message: `the saved walkthrough is not valid JSON (${(err as Error).message})` };
  }
  const parsed = WalkthroughState.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return {
      ok: false,
      message: `the saved walkthrough is not one Vigil can read (${issue.path.join('.') || 'top level'}: ${issue.message})`,
    };
  }
  const state = parsed.data;
  if (state.runbookId !== runbook.id) {
    return { ok: false, message: `the saved walkthrough belongs to runbook "${state.runbookId}", not "${runbook.id}"` };
  }
  const notes: string[] = [];
  const steps: Record<string, StepProgress> = {};
  for (const step of walkableSteps(runbook)) {
    const prior = state.steps[step.key];
    if (!prior) {
      steps[step.key] = emptyProgress();
      continue;
    }
    // Ids are positions in the file: a tick or a result stays only where the same item or query
    // still stands, not on whatever an edit moved into its place.
    const itemText = new Map(step.items.map((i) => [i.id, i.text]));
    const checkQuery = new Map(step.checks.map((c) => [c.id, c.query]));
    const checked = prior.checked.filter(
      (id) => itemText.has(id) && (prior.checkedText?.[id] === undefined || prior.checkedText[id] === itemText.get(id)),
    );
    if (checked.length < prior.checked.length)
      notes.push(`${step.label}: ticks on items that changed or no longer exist were dropped`);
    const results = Object.fromEntries(
      Object.entries(prior.results).filter(
        ([id, r]) => checkQuery.has(id) && (r.query === undefined || r.query === checkQuery.get(id)),
      ),
    );
    if (Object.keys(results).length < Object.keys(prior.results).length)
      notes.push(`${step.label}: results of checks that changed or no longer exist were dropped`);
    const checkedText = prior.checkedText
      ? Object.fromEntries(Object.entries(prior.checkedText).filter(([id]) => checked.includes(id)))
      : undefined;
    let branch = prior.branch;
    if (branch && branch.target !== DONE && !findStep(runbook, branch.target)) {
      notes.push(`${step.label}: the chosen branch leads to a step that no longer exists`);
      branch = null;
    }
    steps[step.key] = { ...prior, checked, ...(checkedText ? { checkedText } : {}), results, branch };
  }
  for (const key of Object.keys(state.steps)) {
    if (!steps[key]) notes.push(`progress on step ${key}, which is no longer in the runbook, was dropped`);
  }
  let current = state.current;
  let finishedAt = state.finishedAt;
  if (current !== null && !steps[current]) {
    // The time spent on the step that is gone carries on in the step taken up in its place.
    const since = state.steps[current]?.activeSince ?? null;
    current = walkableSteps(runbook).find((s) => steps[s.key]!.status === 'pending')?.key ?? null;
    if (current !== null) {
      const next = steps[current]!;
      steps[current] = { ...next, startedAt: next.startedAt ?? since, activeSince: next.activeSince ?? since };
    } else {
      finishedAt = since ?? lastEnded(steps) ?? state.startedAt;
    }
    notes.push(
      `the step you were on is gone; continuing at ${current ? findStep(runbook, current)!.label : 'the end'}`,
    );
  }
  return {
    ok: true,
    state: { ...state, steps, current, finishedAt: current === null ? (finishedAt ?? state.startedAt) : null },
    runbookChanged: state.revision !== runbook.revision,
    notes,
  };
}

/** When the last step that ended ended, or null. */
function lastEnded(steps: Record<string, StepProgress>): string | null {
  let last: string | null = null;
  for (const p of Object.values(steps)) if (p.endedAt && (last === null || p.endedAt > last)) last = p.endedAt;
  return last;
}

// ---------------------------------------------------------------- transitions

export function applyWalkthroughAction(
  runbook: Runbook,
  state: WalkthroughState,
  action: WalkthroughAction,
  now: number,
): WalkthroughResult {
  // Work on a copy: the caller's state is never touched, and the copy is JSON by construction.
  const next = JSON.parse(JSON.stringify(state)) as WalkthroughState;
  const events: RunbookEvent[] = [];
  const ctx: Ctx = { runbook, state: next, now, events };
  const failure = run(ctx, action);
  return failure === null ? { ok: true, state: next, events } : { ok: false, message: failure };
}

interface Ctx {
  runbook: Runbook;
  state: WalkthroughState;
  now: number;
  events: RunbookEvent[];
}

/** Applies the action to ctx.state in place; returns an error message or null. */
function run(ctx: Ctx, action: WalkthroughAction): string | null {
  switch (action.type) {
    case 'check-item':
      return checkItem(ctx, action.itemId, action.checked);
    case 'record-query':
      return recordQuery(ctx, action.checkId, action.value, action.error ?? null, action.sla ?? null);
    case 'choose-branch': {
      const step = stepOf(ctx, action.stepKey);
      if (typeof step === 'string') return step;
      return chooseBranch(ctx, step, action.target);
    }
    case 'complete-step':
      return completeStep(ctx, action.stepKey, action.next);
    case 'skip-step':
      return skipStep(ctx, action.stepKey, action.reason);
    case 'open-step':
      return openStep(ctx, action.stepKey);
    case 'tick':
      tick(ctx);
      return null;
  }
}

function stepOf(ctx: Ctx, key: string): Step | string {
  return findStep(ctx.runbook, key) ?? `this runbook has no step "${key}"`;
}

function checkItem(ctx: Ctx, itemId: string, checked: boolean): string | null {
  const step = walkableSteps(ctx.runbook).find((s) => s.items.some((i) => i.id === itemId));
  if (!step) return `this runbook has no checklist item "${itemId}"`;
  const item = step.items.find((i) => i.id === itemId)!;
  const progress = ctx.state.steps[step.key]!;
  const has = progress.checked.includes(itemId);
  if (has === checked) return null;
  progress.checked = checked ? [...progress.checked, itemId] : progress.checked.filter((id) => id !== itemId);
  const texts = { ...progress.checkedText };
  if (checked) texts[itemId] = item.text;
  else delete texts[itemId];
  progress.checkedText = texts;
  emit(
    ctx,
    checked ? 'runbook-item-checked' : 'runbook-item-unchecked',
    `${checked ? 'Checked' : 'Unchecked'} "${item.text}" (${step.label})`,
    { stepKey: step.key, itemId },
  );
  return null;
}

function recordQuery(
  ctx: Ctx,
  checkId: string,
  rawValue: number | null,
  error: string | null,
  sla: number | null,
): string | null {
  const step = walkableSteps(ctx.runbook).find((s) => s.checks.some((c) => c.id === checkId));
  if (!step) return `this runbook has no check "${checkId}"`;
  const check = step.checks.find((c) => c.id === checkId)!;
  // NaN and ±Inf cannot be stored in JSON and decide nothing reliably: kept as "no value".
  const value = rawValue !== null && Number.isFinite(rawValue) ? rawValue : null;
  const progress = ctx.state.steps[step.key]!;
  progress.results[checkId] = { value, error, at: iso(ctx.now), query: check.query };

  const outcome = error
    ? `failed: ${error}`
    : value === null
      ? rawValue === null
        ? 'returned no value'
        : `returned ${String(rawValue)}, which is not a number that can be compared`
      : `returned ${formatNumber(value)}`;
  emit(ctx, 'runbook-query', `${step.label} check "${checkName(check)}" ${outcome}`, {
    stepKey: step.key,
    checkId,
    value,
    error,
  });

  const decision = decideBranch(step, progress.results, sla);
  if (!decision) return null;
  const before = progress.branch;
  if (before?.by === 'user') {
    // The engineer's choice stands; remember what the checks now say, for the post-mortem.
    progress.branch = { ...before, suggested: decision.target, because: decision.because };
    return null;
  }
  if (decision.target === null) {
    progress.branch = null;
    return null;
  }
  if (before?.target === decision.target) {
    progress.branch = { ...before, suggested: decision.target, because: decision.because };
    return null;
  }
  progress.branch = {
    target: decision.target,
    by: 'condition',
    suggested: decision.target,
    because: decision.because,
    at: iso(ctx.now),
  };
  emit(
    ctx,
    'runbook-branch',
    `${step.label}: the checks point to ${describeTarget(ctx.runbook, decision.target)} (${decision.because})`,
    { stepKey: step.key, target: decision.target, by: 'condition', suggested: decision.target, overridden: false },
  );
  return null;
}

function chooseBranch(ctx: Ctx, step: Step, target: Target): string | null {
  const problem = checkTarget(ctx.runbook, target);
  if (problem) return problem;
  const progress = ctx.state.steps[step.key]!;
  const decision: BranchDecision | null = decideBranch(step, progress.results);
  const suggested = progress.branch?.suggested ?? decision?.target ?? null;
  const because = progress.branch?.because ?? decision?.because ?? null;
  if (progress.branch?.target === target && progress.branch.by === 'user') return null;
  progress.branch = { target, by: 'user', suggested, because, at: iso(ctx.now) };
  const overridden = suggested !== null && suggested !== target;
  const listed = step.targets.includes(target) ? '' : ' (not one of its listed branches)';
  const text = overridden
    ? `${step.label}: chose ${describeTarget(ctx.runbook, target)}${listed} over ${describeTarget(ctx.runbook, suggested)}, which the checks pointed to (${because})`
    : `${step.label}: chose ${describeTarget(ctx.runbook, target)}${listed}`;
  emit(ctx, 'runbook-branch', text, { stepKey: step.key, target, by: 'user', suggested, overridden });
  return null;
}

function completeStep(ctx: Ctx, key: string, explicitNext: string | undefined): string | null {
  const step = stepOf(ctx, key);
  if (typeof step === 'string') return step;
  const progress = ctx.state.steps[step.key]!;
  // Done already and moved on from (a second click, or another window): nothing more to record.
  if (progress.status === 'done' && ctx.state.current !== step.key && explicitNext === undefined) return null;
  if (explicitNext !== undefined && explicitNext !== progress.branch?.target) {
    const failure = chooseBranch(ctx, step, explicitNext);
    if (failure) return failure;
  }
  const branches = step.checks.some((c) => c.rules.length > 0) || step.choices.length > 0;
  let target: Target;
  if (progress.branch) target = progress.branch.target;
  else if (branches && !step.next) {
    const options = step.targets.map((t) => describeTarget(ctx.runbook, t)).join(', ');
    return `${step.label} branches: run its checks or choose where to go next (${options})`;
  } else target = defaultNext(ctx.runbook, step);

  const isCurrent = ctx.state.current === step.key;
  if (isCurrent) leave(progress, ctx.now);
  progress.status = 'done';
  progress.endedAt = iso(ctx.now);
  progress.skipReason = null;
  const spent = spentMs(progress, ctx.now);
  const timing =
    step.timeboxMs === null
      ? ` after ${formatDuration(spent)}`
      : spent > step.timeboxMs
        ? ` after ${formatDuration(spent)}, ${formatDuration(spent - step.timeboxMs)} over its ${formatDuration(step.timeboxMs)} timebox`
        : ` after ${formatDuration(spent)} of its ${formatDuration(step.timeboxMs)} timebox`;
  const onward = isCurrent ? `; next: ${describeTarget(ctx.runbook, target)}` : '';
  emit(ctx, 'runbook-step-done', `${step.label} "${step.title}" done${timing}${onward}`, {
    stepKey: step.key,
    spentMs: spent,
    timeboxMs: step.timeboxMs,
    overran: step.timeboxMs !== null && spent > step.timeboxMs,
    next: isCurrent ? target : null,
  });
  if (isCurrent) moveTo(ctx, target);
  return null;
}

function skipStep(ctx: Ctx, key: string, reason: string): string | null {
  const step = stepOf(ctx, key);
  if (typeof step === 'string') return step;
  const why = reason.trim();
  if (!why) return `say why ${step.label} is skipped: the reason becomes a post-mortem action item`;
  const progress = ctx.state.steps[step.key]!;
  const isCurrent = ctx.state.current === step.key;
  // A skipped step still leads somewhere: the branch already picked, else its default way on.
  const target = progress.branch?.target ?? defaultNext(ctx.runbook, step);
  if (isCurrent) leave(progress, ctx.now);
  progress.status = 'skipped';
  progress.skipReason = why;
  progress.endedAt = iso(ctx.now);
  const onward = isCurrent ? `; next: ${describeTarget(ctx.runbook, target)}` : '';
  emit(ctx, 'runbook-step-skipped', `${step.label} "${step.title}" skipped: ${why}${onward}`, {
    stepKey: step.key,
    reason: why,
    next: isCurrent ? target : null,
  });
  if (isCurrent) moveTo(ctx, target);
  return null;
}

function openStep(ctx: Ctx, key: string): string | null {
  const step = stepOf(ctx, key);
  if (typeof step === 'string') return step;
  if (ctx.state.current === step.key) return null;
  if (ctx.state.current !== null) leave(ctx.state.steps[ctx.state.current]!, ctx.now);
  ctx.state.current = step.key;
  ctx.state.finishedAt = null;
  enter(ctx.state.steps[step.key]!, ctx.now);
  emit(ctx, 'runbook-step-opened', `Opened ${step.label} "${step.title}"`, { stepKey: step.key });
  return null;
}

function tick(ctx: Ctx): void {
  const { state, runbook, now } = ctx;
  if (state.current !== null) {
    const step = findStep(runbook, state.current)!;
    const progress = state.steps[step.key]!;
    if (step.timeboxMs !== null && progress.overranAt === null && spentMs(progress, now) > step.timeboxMs) {
      // When the timebox ran out, not when this tick noticed (Vigil may have been closed then).
      const ranOut = progress.activeSince
        ? Math.min(now, Date.parse(progress.activeSince) + step.timeboxMs - progress.spentMs)
        : now;
      progress.overranAt = iso(ranOut);
      emitAt(
        ctx,
        ranOut,
        'runbook-step-overran',
        `${step.label} "${step.title}" ran past its ${formatDuration(step.timeboxMs)} timebox`,
        {
          stepKey: step.key,
          timeboxMs: step.timeboxMs,
        },
      );
    }
  }
  if (runbook.timeboxMs !== null && state.overranAt === null && state.finishedAt === null) {
    if (now - Date.parse(state.startedAt) > runbook.timeboxMs) {
      const ranOut = Date.parse(state.startedAt) + runbook.timeboxMs;
      state.overranAt = iso(ranOut);
      emitAt(
        ctx,
        ranOut,
        'runbook-overran',
        `Runbook "${runbook.title}" ran past its ${formatDuration(runbook.timeboxMs)} timebox`,
        {
          timeboxMs: runbook.timeboxMs,
        },
      );
    }
  }
}

function moveTo(ctx: Ctx, target: Target): void {
  if (target === DONE) {
    ctx.state.current = null;
    ctx.state.finishedAt = iso(ctx.now);
    const all = Object.values(ctx.state.steps);
    const done = all.filter((p) => p.status === 'done').length;
    const skipped = all.filter((p) => p.status === 'skipped').length;
    emit(
      ctx,
      'runbook-finished',
      `Runbook "${ctx.runbook.title}" finished: ${done} step${done === 1 ? '' : 's'} done, ${skipped} skipped`,
      { done, skipped },
    );
    return;
  }
  const progress = ctx.state.steps[target]!;
  if (progress.status !== 'pending') {
    // Coming back round a loop: the step is worked again, so its old decision must not carry over.
    progress.status = 'pending';
    progress.endedAt = null;
    progress.results = {};
    progress.branch = null;
  }
  ctx.state.current = target;
  enter(progress, ctx.now);
}

function checkTarget(runbook: Runbook, target: Target): string | null {
  if (target === DONE || findStep(runbook, target)) return null;
  return `"${target}" is not a step of this runbook: choose a step key (e.g. "2"), "escalation", "rollback" or "done"`;
}

// ---------------------------------------------------------------- clocks

export interface StepClock {
  stepKey: string;
  timeboxMs: number | null;
  startedAt: string | null;
  /** Time spent on the step so far, across visits. */
  spentMs: number;
  /** Time left in the timebox, never below 0; null without a timebox. */
  remainingMs: number | null;
  overran: boolean;
  /** How far past the timebox, 0 when within it. */
  overByMs: number;
  /** True while it is the current step (the clock is running). */
  running: boolean;
}

export function stepClock(runbook: Runbook, state: WalkthroughState, stepKey: string, now: number): StepClock | null {
  const step = findStep(runbook, stepKey);
  const progress = state.steps[stepKey];
  if (!step || !progress) return null;
  const spent = spentMs(progress, now);
  const tb = step.timeboxMs;
  return {
    stepKey,
    timeboxMs: tb,
    startedAt: progress.startedAt,
    spentMs: spent,
    remainingMs: tb === null ? null : Math.max(0, tb - spent),
    overran: tb !== null && spent > tb,
    overByMs: tb === null ? 0 : Math.max(0, spent - tb),
    running: progress.activeSince !== null,
  };
}

export interface WalkthroughClock {
  timeboxMs: number | null;
  startedAt: string;
  elapsedMs: number;
  remainingMs: number | null;
  overran: boolean;
  finished: boolean;
}

/** The runbook's total timebox against the time since the walkthrough started (stops at its end). */
export function walkthroughClock(runbook: Runbook, state: WalkthroughState, now: number): WalkthroughClock {
  const end = state.finishedAt ? Date.parse(state.finishedAt) : now;
  const elapsed = Math.max(0, end - Date.parse(state.startedAt));
  const tb = runbook.timeboxMs;
  return {
    timeboxMs: tb,
    startedAt: state.startedAt,
    elapsedMs: elapsed,
    remainingMs: tb === null ? null : Math.max(0, tb - elapsed),
    overran: tb !== null && elapsed > tb,
    finished: state.finishedAt !== null,
  };
}

export function spentMs(progress: StepProgress, now: number): number {
  const running = progress.activeSince ? Math.max(0, now - Date.parse(progress.activeSince)) : 0;
  return progress.spentMs + running;
}

// ---------------------------------------------------------------- helpers

export function emptyProgress(): StepProgress {
  return {
    status: 'pending',
    startedAt: null,
    activeSince: null,
    spentMs: 0,
    endedAt: null,
    skipReason: null,
    checked: [],
    results: {},
    branch: null,
    overranAt: null,
  };
}

function enter(progress: StepProgress, now: number): void {
  progress.startedAt ??= iso(now);
  progress.activeSince ??= iso(now);
}

function leave(progress: StepProgress, now: number): void {
  progress.spentMs = spentMs(progress, now);
  progress.activeSince = null;
}

function checkName(check: PromqlBlock): string {
  return check.label ?? check.id;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function emit(ctx: Ctx, kind: RunbookEventKind, text: string, data: RunbookEventData): void {
  emitAt(ctx, ctx.now, kind, text, data);
}

function emitAt(ctx: Ctx, at: number, kind: RunbookEventKind, text: string, data: RunbookEventData): void {
  ctx.events.push(event(ctx.runbook, ctx.state, kind, text, at, data));
}

function event(
  runbook: Runbook,
  state: WalkthroughState,
  kind: RunbookEventKind,
  text: string,
  now: number,
  data: RunbookEventData,
): RunbookEvent {
  return {
    kind,
    text,
    at: iso(now),
    data: { runbookId: runbook.id, runbookTitle: runbook.title, incidentId: state.incidentId, ...data },
  };
}
