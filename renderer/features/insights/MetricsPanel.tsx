import { formatDuration } from '../../../shared/classify/duration';
import type { MetricStatsView, MetricsGroupView, MetricsView } from '../../../shared/ipc/insightsContract';
import { RESPONSE_TARGETS, TARGET_CLASSES } from '../../../shared/timeline/responseTargets';
import { useInsightsStore, type MetricsGrouping } from '../../store/insightsSlice';
import { capitalise } from './capitalise';
import { MetricChart } from './MetricChart';
import { PeriodPicker } from './PeriodPicker';
import { useReport } from './useReport';

const METRICS = [
  ['detect', 'MTTD', 'time to detect: first symptom to the alert'],
  ['acknowledge', 'MTTA', 'time to acknowledge, from detection'],
  ['mitigate', 'MTTM', 'time to mitigate, from detection'],
  ['resolve', 'MTTR', 'time to resolve, from detection'],
] as const;

const GROUPINGS: [MetricsGrouping, string][] = [
  ['type', 'incident type'],
  ['alertname', 'alert family'],
  ['service', 'service'],
  ['severity', 'severity'],
];

const ALL = 'all incidents';

/** MTTD / MTTA / MTTM / MTTR per incident type over the period, against seed 002's targets. */
export function MetricsPanel() {
  const days = useInsightsStore((s) => s.days);
  const groupBy = useInsightsStore((s) => s.groupBy);
  const chartGroup = useInsightsStore((s) => s.chartGroup);
  const { data, error, reload } = useReport('insights:metrics', { days, groupBy });

  return (
    <section className="insights-section" aria-label="Response times">
      <div className="insights-controls">
        <PeriodPicker />
        <label>
          Group by{' '}
          <select
            value={groupBy}
            onChange={(e) => useInsightsStore.getState().setGroupBy(e.target.value as MetricsGrouping)}
          >
            {GROUPINGS.map(([g, label]) => (
              <option key={g} value={g}>
                {label}
              </option>
            ))}
          </select>
        </label>
      </div>
      {error ? (
        <ReportError error={error} retry={reload} />
      ) : !data ? (
        <p role="status">Reading the history…</p>
      ) : data.report.overall.incidents === 0 ? (
        <p className="insights-empty">
          No incident was detected in the last {days} days, so there is nothing to measure yet. Response times appear
          here as incidents are handled.
        </p>
      ) : (
        <MetricsBody data={data} chartGroup={chartGroup} />
      )}
    </section>
  );
}

function MetricsBody({ data, chartGroup }: { data: MetricsView; chartGroup: string | null }) {
  const { report } = data;
  const rows = [...report.groups, report.overall];
  const shown = rows.find((g) => g.key === chartGroup) ?? report.overall;
  return (
    <>
      <table className="insights-table metrics-table">
        <caption className="visually-hidden">Response times by {report.groupBy}: mean, median and targets met</caption>
        <thead>
          <tr>
            <th scope="col">{capitalise(GROUPINGS.find(([g]) => g === report.groupBy)?.[1] ?? '')}</th>
            <th scope="col" className="n">
              Incidents
            </th>
            {METRICS.map(([m, abbr, why]) => (
              <th key={m} scope="col" title={why}>
                {abbr}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((g) => (
            <tr
              key={g.key}
              className={g.key === shown.key ? 'selected' : undefined}
              aria-selected={g.key === shown.key}
              onClick={() => useInsightsStore.getState().setChartGroup(g.key === ALL ? null : g.key)}
            >
              <th scope="row">
                <button
                  type="button"
                  className="link-button"
                  title="Show this group's charts"
                  onClick={() => useInsightsStore.getState().setChartGroup(g.key === ALL ? null : g.key)}
                >
                  {g.key === ALL ? 'All incidents' : g.key}
                </button>
              </th>
              <td className="n num">{g.incidents}</td>
              {METRICS.map(([m]) => (
                <MetricCell key={m} stats={g.metrics[m]} />
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <h2 className="charts-title">
        {shown.key === ALL ? 'All incidents' : shown.key}: one dot per incident{' '}
        <span className="muted small">(hollow: missed its target; dashed: target; thin line: mean)</span>
      </h2>
      <div className="metric-charts">
        {METRICS.map(([m, abbr, why]) => (
          <ChartCard key={m} group={shown} metric={m} abbr={abbr} why={why} period={report.period} />
        ))}
      </div>
      <p className="muted small targets-note">
        Targets: detection and resolution per incident type —{' '}
        {TARGET_CLASSES.map((c) => RESPONSE_TARGETS[c].why).join('; ')}. Acknowledgement and mitigation against each
        incident&apos;s severity SLA.
      </p>
      {data.problems.length > 0 && <Problems problems={data.problems} />}
    </>
  );
}

function MetricCell({ stats }: { stats: MetricStatsView }) {
  if (stats.meanMs === null) {
    return (
      <td className="muted" title={`${stats.missing} without this milestone`}>
        n/a
      </td>
    );
  }
  const judged = stats.met + stats.missed;
  const state = judged === 0 ? '' : stats.missed === 0 ? 'met' : 'missed';
  return (
    <td className={`metric-cell ${state}`} title={stats.targetWhy ?? 'targets differ within this group'}>
      <span className="num">{formatDuration(stats.meanMs)}</span>
      <span className="muted small num">
        {' '}
        median {formatDuration(stats.medianMs!)}
        {judged > 0 && (
          <>
            {' · '}
            <span className={stats.missed ? 'missed-count' : undefined}>
              {stats.met}/{judged} met
            </span>
          </>
        )}
      </span>
    </td>
  );
}

function ChartCard({
  group,
  metric,
  abbr,
  why,
  period,
}: {
  group: MetricsGroupView;
  metric: (typeof METRICS)[number][0];
  abbr: string;
  why: string;
  period: { from: string; to: string };
}) {
  const s = group.metrics[metric];
  return (
    <figure className="chart-card" data-testid={`chart-${metric}`}>
      <figcaption>
        <strong>{abbr}</strong> <span className="muted small">{why}</span>
        <br />
        <span className="num">
          {s.meanMs === null ? 'no value' : `mean ${formatDuration(s.meanMs)}`}
          {s.targetMs !== null ? ` · target ${formatDuration(s.targetMs)}` : ''}
          {s.missing > 0 ? ` · ${s.missing} not measured` : ''}
        </span>
      </figcaption>
      <MetricChart stats={s} period={period} label={abbr} />
    </figure>
  );
}

export function ReportError({ error, retry }: { error: string; retry: () => void }) {
  return (
    <p className="result-error" role="alert">
      {error}{' '}
      <button type="button" className="link-button" onClick={retry}>
        try again
      </button>
    </p>
  );
}

export function Problems({ problems }: { problems: string[] }) {
  return (
    <details className="insights-problems">
      <summary>
        {problems.length} line{problems.length === 1 ? '' : 's'} of history could not be read and were left out
      </summary>
      <ul>
        {problems.map((p) => (
          <li key={p}>{p}</li>
        ))}
      </ul>
    </details>
  );
}
