import type { SeriesPoint } from '../../../shared/evidence/evidenceModel';

export interface SparklineGeometry {
  /** SVG path of the series ("M x y L x y ..."), empty without points. */
  path: string;
  /** Where the threshold line sits, or null when there is none. */
  thresholdY: number | null;
  /** The last point, marked: the value now (or at capture). */
  last: { x: number; y: number } | null;
  min: number;
  max: number;
}

/**
 * Scales a series into a width x height box. Time runs over [from, to] (the hour asked for, so a
 * young series starts part-way along, which is true to what happened); values over the range of
 * the series and the threshold together, so the threshold line is always in the picture, with a
 * little headroom so neither touches the edge. A flat series sits mid-height.
 */
export function sparklineGeometry(
  points: readonly SeriesPoint[],
  threshold: number | null,
  from: number,
  to: number,
  width: number,
  height: number,
  pad = 3,
): SparklineGeometry {
  let min = Infinity;
  let max = -Infinity;
  for (const [, v] of points) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (threshold !== null) {
    min = Math.min(min, threshold);
    max = Math.max(max, threshold);
  }
  if (!Number.isFinite(min)) return { path: '', thresholdY: null, last: null, min: 0, max: 0 };
  const span = max - min || Math.abs(max) || 1;
  const lo = max === min ? min - span / 2 : min - span * 0.08;
  const hi = max === min ? max + span / 2 : max + span * 0.08;
  const t0 = Math.min(from, points[0]?.[0] ?? from);
  const t1 = Math.max(to, points.at(-1)?.[0] ?? to, t0 + 1);
  const x = (t: number) => pad + ((t - t0) / (t1 - t0)) * (width - 2 * pad);
  const y = (v: number) => height - pad - ((v - lo) / (hi - lo)) * (height - 2 * pad);
  const r = (n: number) => Math.round(n * 10) / 10;
  let path = '';
  for (const [t, v] of points) path += `${path ? 'L' : 'M'}${r(x(t))} ${r(y(v))}`;
  const lastPoint = points.at(-1);
  return {
    path,
    thresholdY: threshold === null ? null : r(y(threshold)),
    last: lastPoint ? { x: r(x(lastPoint[0])), y: r(y(lastPoint[1])) } : null,
    min,
    max,
  };
}
