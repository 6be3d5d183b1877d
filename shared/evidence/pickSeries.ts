import type { SeriesPoint } from './evidenceModel';

export interface LabelledSeries {
  labels: Record<string, string>;
  points: { at: number; value: number }[];
}

/**
 * Of the series an expression returns, the one this alert is about: every label the series has
 * (but its metric name) equals the alert's, and among those the one sharing the most labels.
 * An expression without a selector for the alert's labels returns one series per service; the
 * sparkline must show this alert's, never whichever came first. Null when none fits.
 */
export function pickSeries<S extends LabelledSeries>(
  series: readonly S[],
  alertLabels: Record<string, string>,
): S | null {
  let best: S | null = null;
  let bestShared = -1;
  for (const s of series) {
    let shared = 0;
    let fits = true;
    for (const [k, v] of Object.entries(s.labels)) {
      if (k === '__name__') continue;
      if (alertLabels[k] !== v) {
        fits = false;
        break;
      }
      shared++;
    }
    if (fits && shared > bestShared) {
      best = s;
      bestShared = shared;
    }
  }
  return best;
}

/** Finite points only, as [ms, value]. */
export function toPoints(points: readonly { at: number; value: number }[]): SeriesPoint[] {
  const out: SeriesPoint[] = [];
  for (const p of points) if (Number.isFinite(p.value) && Number.isFinite(p.at)) out.push([p.at, p.value]);
  return out;
}

/** The step that gives about `points` samples over the span: whole seconds, at least one. */
export function stepFor(spanMs: number, points = 240): number {
  return Math.max(1, Math.ceil(spanMs / 1000 / points));
}
