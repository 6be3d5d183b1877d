import { formatDuration } from '../../../shared/classify/duration';
import type { MetricStatsView } from '../../../shared/ipc/insightsContract';

const W = 280;
const H = 96;
const PAD = { left: 36, right: 8, top: 8, bottom: 18 };

/**
 * One response metric over the period: a dot per incident (x = when it was detected, y = how
 * long it took), the group's target as a dashed line when the group shares one, the mean as a
 * thin line. A dot is hollow when it missed its own target, so met / missed reads without colour.
 * Drawn as plain SVG: a handful of points per chart, themed by CSS variables, no canvas.
 */
export function MetricChart({
  stats,
  period,
  label,
}: {
  stats: MetricStatsView;
  period: { from: string; to: string };
  label: string;
}) {
  const from = Date.parse(period.from);
  const to = Date.parse(period.to);
  // A target far above every value (a day for ML quality, minutes of data) would flatten the dots
  // onto the axis; it is named above the chart instead of drawn.
  const dataMax = stats.maxMs ?? 0;
  const targetOnChart = stats.targetMs !== null && (dataMax === 0 || stats.targetMs <= dataMax * 3);
  const yMax = niceCeiling(Math.max(60_000, dataMax, targetOnChart ? stats.targetMs! : 0) * 1.05);
  const x = (ms: number) => PAD.left + ((ms - from) / Math.max(1, to - from)) * (W - PAD.left - PAD.right);
  const y = (ms: number) => H - PAD.bottom - (ms / yMax) * (H - PAD.top - PAD.bottom);
  const summary =
    stats.count === 0
      ? `${label}: no incident measured`
      : `${label}: mean ${formatDuration(stats.meanMs!)} over ${stats.count} incidents` +
        (stats.targetMs !== null ? `, target ${formatDuration(stats.targetMs)}` : '') +
        (stats.met + stats.missed > 0 ? `, ${stats.met} of ${stats.met + stats.missed} within target` : '');

  return (
    <svg className="metric-chart" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={summary}>
      <line className="axis" x1={PAD.left} x2={W - PAD.right} y1={y(0)} y2={y(0)} />
      <text className="tick" x={PAD.left - 4} y={y(0)} textAnchor="end" dominantBaseline="middle">
        0
      </text>
      <line className="grid" x1={PAD.left} x2={W - PAD.right} y1={y(yMax)} y2={y(yMax)} />
      <text className="tick" x={PAD.left - 4} y={y(yMax)} textAnchor="end" dominantBaseline="middle">
        {compactDuration(yMax)}
      </text>
      <text className="tick" x={PAD.left} y={H - 4}>
        {shortDate(from)}
      </text>
      <text className="tick" x={W - PAD.right} y={H - 4} textAnchor="end">
        {shortDate(to)}
      </text>
      {stats.targetMs !== null && !targetOnChart && (
        <text
          className="tick target-above"
          x={W - PAD.right}
          y={PAD.top + 4}
          textAnchor="end"
          dominantBaseline="middle"
        >
          {`target ${formatDuration(stats.targetMs)} (above)`}
        </text>
      )}
      {stats.targetMs !== null && targetOnChart && (
        <g className="target">
          <line x1={PAD.left} x2={W - PAD.right} y1={y(stats.targetMs)} y2={y(stats.targetMs)} />
          <title>{`target ${formatDuration(stats.targetMs)}${stats.targetWhy ? `: ${stats.targetWhy}` : ''}`}</title>
        </g>
      )}
      {stats.meanMs !== null && (
        <line className="mean" x1={PAD.left} x2={W - PAD.right} y1={y(stats.meanMs)} y2={y(stats.meanMs)} />
      )}
      {stats.points.map((p) => {
        const missed = p.targetMs !== null && p.ms > p.targetMs;
        const cls = p.targetMs === null ? 'point' : missed ? 'point missed' : 'point met';
        return (
          <circle key={p.incidentId} className={cls} cx={x(Date.parse(p.at))} cy={y(Math.min(p.ms, yMax))} r={3.5}>
            <title>
              {`${p.incidentId}: ${formatDuration(p.ms)}` +
                (p.targetMs !== null ? ` (target ${formatDuration(p.targetMs)}${missed ? ', missed' : ', met'})` : '') +
                `, detected ${new Date(p.at).toLocaleString()}`}
            </title>
          </circle>
        );
      })}
    </svg>
  );
}

/** Round steps a person reads at a glance: 5 / 10 / 15 / 30 min, 1 / 2 / 4 / 6 / 12 h, days. */
const STEPS_MIN = [1, 2, 5, 10, 15, 20, 30, 45, 60, 90, 120, 180, 240, 360, 480, 720, 1440, 2880, 4320, 10080];

function niceCeiling(ms: number): number {
  const minutes = ms / 60_000;
  const step = STEPS_MIN.find((s) => s >= minutes) ?? Math.ceil(minutes / 1440) * 1440;
  return step * 60_000;
}

/** "30m", "1h30", "2d": the axis has room for a few characters only. */
function compactDuration(ms: number): string {
  const min = Math.round(ms / 60_000);
  if (min < 60) return `${min}m`;
  if (min < 2880) return min % 60 ? `${Math.floor(min / 60)}h${String(min % 60).padStart(2, '0')}` : `${min / 60}h`;
  return `${Math.round(min / 1440)}d`;
}

function shortDate(ms: number): string {
  return new Date(ms).toLocaleDateString(undefined, { month: 'short', day: 'numeric' });
}
