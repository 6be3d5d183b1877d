import { formatDuration } from '../../../shared/classify/duration';
import { spentMs, type StepProgress } from '../../../shared/runbooks/walkthrough';

/** "0:42", "12:05", "1:02:03": a countdown read at a glance, in tabular figures. */
export function clockText(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

export interface StepTiming {
  text: string;
  /** 'over' is drawn in red: a timebox ran out (red is kept for P0 and breaches). */
  tone: 'idle' | 'running' | 'over' | 'done';
  /** Fuller words for the tooltip and screen readers. */
  title: string;
}

/**
 * A step's clock as the screen shows it: the timebox before it starts, a countdown while it is
 * worked (then how far over), and how long it took once done or skipped.
 */
export function stepTiming(timeboxMs: number | null, progress: StepProgress | undefined, now: number): StepTiming {
  const box = timeboxMs === null ? null : formatDuration(timeboxMs);
  if (!progress || progress.startedAt === null) {
    return { text: box ?? '', tone: 'idle', title: box ? `timebox ${box}` : 'no timebox' };
  }
  const spent = spentMs(progress, now);
  const over = timeboxMs !== null && spent > timeboxMs;
  if (progress.activeSince !== null) {
    if (timeboxMs === null)
      return { text: clockText(spent), tone: 'running', title: `${formatDuration(spent)} on this step` };
    return over
      ? { text: `over by ${clockText(spent - timeboxMs)}`, tone: 'over', title: `past its ${box} timebox` }
      : { text: `${clockText(timeboxMs - spent)} left`, tone: 'running', title: `of its ${box} timebox` };
  }
  if (progress.status === 'pending') {
    return { text: `${clockText(spent)} spent`, tone: over ? 'over' : 'idle', title: 'left before it was finished' };
  }
  const took = `took ${clockText(spent)}`;
  return {
    text: box ? `${took} of ${box}` : took,
    tone: over ? 'over' : 'done',
    title: over
      ? `${formatDuration(spent - timeboxMs!)} over its ${box} timebox`
      : `${formatDuration(spent)} on this step`,
  };
}
