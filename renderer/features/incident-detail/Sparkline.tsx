import { formatValue, type ValueUnit } from '../../../shared/classify/formatValue';
import type { SeriesCapture } from '../../../shared/evidence/evidenceModel';
import { clockTime } from '../../components/localTime';
import { sparklineGeometry } from './sparklineGeometry';

const W = 260;
const H = 52;

/**
 * The alert's series as a small SVG: drawn by hand rather than with a charting library because a
 * sparkline is one path and one dashed line. SVG takes the theme's colours from CSS (both themes,
 * no redraw), scales with the layout, carries a text alternative for screen readers, and adds
 * nothing to the bundle or to the CSP (uPlot would draw on a canvas with its own styles).
 */
export function Sparkline({
  capture,
  threshold,
  unit,
  label,
}: {
  capture: SeriesCapture;
  threshold: number | null;
  unit: ValueUnit;
  label: string;
}) {
  const from = Date.parse(capture.from);
  const to = Date.parse(capture.to);
  const g = sparklineGeometry(capture.points, threshold, from, to, W, H);
  const values = capture.points.map((p) => p[1]);
  const fmt = (v: number) => formatValue(v, unit);
  const summary = values.length
    ? `${label}: ${values.length} samples from ${clockTime(capture.from)} to ${clockTime(capture.to)}, lowest ${fmt(Math.min(...values))}, highest ${fmt(Math.max(...values))}, last ${fmt(values.at(-1)!)}${threshold === null ? '' : `; threshold ${fmt(threshold)}`}`
    : `${label}: no samples`;
  return (
    <svg
      className="sparkline"
      viewBox={`0 0 ${W} ${H}`}
      width={W}
      height={H}
      role="img"
      aria-label={summary}
      data-testid="sparkline"
      data-points={capture.points.length}
      preserveAspectRatio="none"
    >
      <title>{summary}</title>
      {g.thresholdY !== null && (
        <line
          className="spark-threshold"
          x1={0}
          x2={W}
          y1={g.thresholdY}
          y2={g.thresholdY}
          data-testid="sparkline-threshold"
        />
      )}
      {g.path && <path className="spark-line" d={g.path} />}
      {g.last && <circle className="spark-last" cx={g.last.x} cy={g.last.y} r={2.5} />}
    </svg>
  );
}
