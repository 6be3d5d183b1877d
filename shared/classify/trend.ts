/** One observed value of a series (an alert's value or a query result) at a time in ms. */
export interface Sample {
  at: number;
  value: number;
}

/** Previous samples by series key, oldest first; the engine keeps them between steps. */
export type SeriesHistory = ReadonlyMap<string, readonly Sample[]>;

/**
 * Direction of a series over the last `windowMs`, from its kept samples plus the current value:
 * the sign of the least-squares slope. Needs at least one earlier sample in the window, so a
 * value seen for the first time is never "rising". Values are taken relative to the oldest
 * sample so a flat series gives exactly zero, never a rounding-error slope.
 */
export function trendDirection(
  history: readonly Sample[] | undefined,
  now: number,
  current: number,
  windowMs: number,
): 'rising' | 'falling' | 'flat' | 'unknown' {
  if (!history || history.length === 0) return 'unknown';
  const from = now - windowMs;
  let start = history.length;
  while (start > 0 && history[start - 1]!.at >= from) start--;
  const points: Sample[] = [];
  for (let i = start; i < history.length; i++) if (history[i]!.at < now) points.push(history[i]!);
  if (points.length === 0) return 'unknown';
  points.push({ at: now, value: current });
  const y0 = points[0]!.value;
  let sx = 0;
  let sy = 0;
  for (const p of points) {
    sx += (p.at - now) / 1000;
    sy += p.value - y0;
  }
  const mx = sx / points.length;
  const my = sy / points.length;
  let num = 0;
  let den = 0;
  for (const p of points) {
    const dx = (p.at - now) / 1000 - mx;
    num += dx * (p.value - y0 - my);
    den += dx * dx;
  }
  if (den === 0 || num === 0) return 'flat';
  return num > 0 ? 'rising' : 'falling';
}
