import { describe, expect, it } from 'vitest';
import { emptyProgress, type StepProgress } from '../../../shared/runbooks/walkthrough';
import { clockText, stepTiming } from './stepTiming';

const T0 = Date.parse('2026-11-24T22:41:00Z');
const at = (ms: number) => new Date(T0 + ms).toISOString();

const progress = (over: Partial<StepProgress>): StepProgress => ({ ...emptyProgress(), ...over });

describe('stepTiming', () => {
  it('formats clocks the way a countdown reads', () => {
    expect(clockText(0)).toBe('0:00');
    expect(clockText(100_000)).toBe('1:40');
    expect(clockText(3_723_000)).toBe('1:02:03');
    expect(clockText(-5)).toBe('0:00');
  });

  it('shows the timebox before the step starts, then counts down, then how far over', () => {
    expect(stepTiming(120_000, progress({}), T0)).toMatchObject({ text: '2 min', tone: 'idle' });
    const running = progress({ startedAt: at(0), activeSince: at(0) });
    expect(stepTiming(120_000, running, T0 + 20_000)).toMatchObject({ text: '1:40 left', tone: 'running' });
    expect(stepTiming(120_000, running, T0 + 150_000)).toMatchObject({ text: 'over by 0:30', tone: 'over' });
    expect(stepTiming(null, running, T0 + 65_000)).toMatchObject({ text: '1:05', tone: 'running' });
  });

  it('says how long a finished step took, in red when it overran', () => {
    const done = progress({ status: 'done', startedAt: at(0), spentMs: 70_000, endedAt: at(70_000) });
    expect(stepTiming(120_000, done, T0 + 999_000)).toMatchObject({ text: 'took 1:10 of 2 min', tone: 'done' });
    expect(stepTiming(60_000, done, T0)).toMatchObject({ text: 'took 1:10 of 1 min', tone: 'over' });
    const skipped = progress({ status: 'skipped', startedAt: at(0), spentMs: 5_000, skipReason: 'x' });
    expect(stepTiming(null, skipped, T0)).toMatchObject({ text: 'took 0:05', tone: 'done' });
  });
});
