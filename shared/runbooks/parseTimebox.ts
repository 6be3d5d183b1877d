import { parseDuration } from '../classify/duration';

const UNITS: [RegExp, string][] = [
  [/^(ms|msecs?|milliseconds?)$/, 'ms'],
  [/^(s|secs?|seconds?)$/, 's'],
  [/^(m|mins?|minutes?)$/, 'm'],
  [/^(h|hrs?|hours?)$/, 'h'],
  [/^(d|days?)$/, 'd'],
];

/**
 * Timeboxes as people write them in headings ("2 min", "90 s", "1 h 30 min") as well as
 * Prometheus durations ("2m", "1h30m"). Returns milliseconds, or null when the text is not
 * a positive duration.
 */
export function parseTimebox(text: string): number | null {
  const trimmed = text.trim().toLowerCase();
  if (!/^(\d+\s*[a-z]+\s*)+$/.test(trimmed)) return null;
  let compact = '';
  for (const [, n, word] of trimmed.matchAll(/(\d+)\s*([a-z]+)/g)) {
    const unit = UNITS.find(([re]) => re.test(word!))?.[1];
    if (!unit) return null;
    compact += `${n}${unit}`;
  }
  const ms = parseDuration(compact);
  return ms !== null && ms > 0 ? ms : null;
}

export const TIMEBOX_HINT = 'write it like (2 min), (90 s), (1 h 30 min) or (2m)';
