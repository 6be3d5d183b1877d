import { conditionHolds, type Condition } from '../../shared/classify/condition';
import type { Incident } from '../../shared/domain/incident';
import type { Signal } from '../../shared/domain/signal';
import type { CheckRunView } from '../../shared/ipc/runbookContract';
import { fillQuery } from '../../shared/runbooks/fillQuery';
import type { PromqlBlock } from '../../shared/runbooks/runbookModel';
import type { WalkthroughAction } from '../../shared/runbooks/walkthrough';
import { PrometheusApiError, type PrometheusApi } from '../sources/prometheusApi';
import type { PrometheusAccess } from './sourceManager';

const RECENT_WINDOW_MS = 30 * 60_000;
const RECENT_STEP_S = 30;

/** The Prometheus a runbook's checks run against, and the labels they are filled from. */
export interface CheckTarget {
  access: PrometheusAccess | null;
  /** Why there is no Prometheus to ask, in words; or a note on the one chosen. */
  why: string | null;
  /** The labels `{{ $labels.x }}` placeholders are filled from, and `sla_seconds`. */
  labels: Record<string, string>;
  sla: number | null;
}

export interface RunbookCheckRunnerOptions {
  prometheus: {
    get(sourceId: string): PrometheusAccess | null;
    /** Every configured Prometheus source, for alerts that came another way. */
    list(): PrometheusAccess[];
  };
  createApi: (access: PrometheusAccess) => PrometheusApi;
  now: () => number;
}

export interface RunbookCheckRunner {
  /** Where the checks of the runbook matched by `signalIds` run, or why they cannot. */
  targetOf(incident: Incident, signalIds: readonly string[]): CheckTarget;
  /** Runs one check (its value now and its last 30 minutes) and says what to record. */
  run(check: PromqlBlock, target: CheckTarget): Promise<{ action: WalkthroughAction; run: CheckRunView }>;
}

/**
 * Live PromQL checks of runbook steps: the query filled from the incident's labels, asked of the
 * Prometheus that reported the alert (or the only one configured), the worst series deciding.
 */
export function createRunbookCheckRunner(opts: RunbookCheckRunnerOptions): RunbookCheckRunner {
  function targetOf(incident: Incident, signalIds: readonly string[]): CheckTarget {
    const matched = incident.signals.filter((s) => signalIds.includes(s.id));
    const pool = matched.length ? matched : incident.signals;
    const signal = firstFiring(pool.filter((s) => s.sourceKind === 'prometheus')) ?? firstFiring(pool);
    const labels = signal ? { alertname: signal.name, ...signal.labels } : {};
    const slaText = signal?.labels.sla_seconds ?? signal?.annotations.sla_seconds;
    const slaValue = slaText === undefined ? NaN : Number(slaText);
    const base = { labels, sla: Number.isFinite(slaValue) && slaValue > 0 ? slaValue : null };
    if (!signal) return { ...base, access: null, why: 'This incident has no alerts left to take labels from.' };

    if (signal.sourceKind === 'prometheus') {
      const access = opts.prometheus.get(signal.sourceId);
      if (access) return { ...base, access, why: null };
      return {
        ...base,
        access: null,
        why: `The Prometheus source that reported this alert (${signal.sourceId}) is no longer configured: enter a value you read elsewhere, or choose the branch yourself.`,
      };
    }
    if (incident.signals.every((s) => s.sourceKind === 'demo')) {
      return {
        ...base,
        access: null,
        why: 'This is a demo incident: the demo has no Prometheus to query. Enter the value you would read on the dashboard by hand, or choose the branch yourself.',
      };
    }
    const all = opts.prometheus.list();
    const kind = signal.sourceKind === 'pagerduty' ? 'PagerDuty' : 'Alertmanager';
    if (all.length === 1) {
      return {
        ...base,
        access: all[0]!,
        why: `${kind} reported this alert; checks run against ${all[0]!.name}, the only Prometheus configured.`,
      };
    }
    return {
      ...base,
      access: null,
      why:
        all.length === 0
          ? `${kind} reported this alert and no Prometheus source is configured: add one in Sources, or enter values by hand.`
          : `${kind} reported this alert and ${all.length} Prometheus sources are configured, so Vigil cannot tell which one to ask: enter values by hand.`,
    };
  }

  async function run(
    check: PromqlBlock,
    target: CheckTarget,
  ): Promise<{ action: WalkthroughAction; run: CheckRunView }> {
    const access = target.access!;
    const via = `${access.name} at ${access.baseUrl}`;
    const filled = fillQuery(check.query, target.labels);
    const sla = target.sla;
    if (!filled.ok) {
      return {
        action: { type: 'record-query', checkId: check.id, value: null, error: filled.message, sla },
        run: { query: null, via, series: null, detail: null, recent: [] },
      };
    }
    const api = opts.createApi(access);
    const t = opts.now();
    const [instant, range] = await Promise.allSettled([
      api.query(filled.query, { time: t }),
      api.queryRange(filled.query, { start: t - RECENT_WINDOW_MS, end: t, stepSeconds: RECENT_STEP_S }),
    ]);
    const recentFor = (value: number | null) =>
      range.status === 'fulfilled'
        ? pickSeries(range.value, value).map((p) => [p.at, p.value] as [number, number])
        : [];
    if (instant.status === 'rejected') {
      const recent = recentFor(null);
      const err = instant.reason as Error;
      const message = access.redact(err.message);
      const detail = err instanceof PrometheusApiError ? access.redact(err.detail) : null;
      return {
        action: { type: 'record-query', checkId: check.id, value: null, error: message, sla },
        run: { query: filled.query, via, series: null, detail, recent },
      };
    }
    const result = instant.value;
    let value: number | null = null;
    let series: number | null = null;
    let error: string | null = null;
    if (result.kind === 'scalar') value = result.value;
    else if (result.kind === 'vector') {
      series = result.samples.length;
      // Several series: the one the runbook's conditions would act on decides (the screen says how
      // many there were).
      const finite = result.samples.map((s) => s.value).filter((v) => !Number.isNaN(v));
      value = finite.length ? decidingValue(finite, check, sla) : result.samples.length ? NaN : null;
    } else {
      error = `the query returned a ${result.kind === 'matrix' ? 'range vector' : 'string'}, not a number: remove the [range] or wrap it in a function`;
    }
    return {
      action: { type: 'record-query', checkId: check.id, value, error, sla },
      run: { query: filled.query, via, series, detail: null, recent: recentFor(value) },
    };
  }

  return { targetOf, run };
}

function firstFiring(signals: readonly Signal[]): Signal | undefined {
  return signals.find((s) => s.state === 'firing') ?? signals[0];
}

/**
 * The series a sparkline shows: the one whose last value is nearest the value that decided (the
 * highest last value when nothing did).
 */
function pickSeries(series: { points: { at: number; value: number }[] }[], decided: number | null) {
  const last = (points: { value: number }[]) => points.at(-1)?.value ?? NaN;
  let best = series[0]?.points ?? [];
  for (const s of series) {
    const better =
      decided !== null && Number.isFinite(decided)
        ? Math.abs(last(s.points) - decided) < Math.abs(last(best) - decided) || Number.isNaN(last(best))
        : last(s.points) > last(best) || Number.isNaN(last(best));
    if (better) best = s.points;
  }
  return best.filter((p) => Number.isFinite(p.value));
}

/**
 * Of several series' values, the one the check's conditions act on: for the first condition, in
 * the order written, that any series meets, the value that meets it most (the lowest for
 * `value < 500`: one GPU about to run out is the answer, however many have room). When none is
 * met, the value nearest the first condition (the lowest for `<`, else the highest), so the
 * reading shown is the one closest to tipping.
 */
export function decidingValue(values: readonly number[], check: PromqlBlock, sla: number | null): number {
  const lowest = (xs: readonly number[]) => xs.reduce((a, b) => (b < a ? b : a));
  const highest = (xs: readonly number[]) => xs.reduce((a, b) => (b > a ? b : a));
  const downward = (c: Condition) => c.comparisons[0]?.op === '<' || c.comparisons[0]?.op === '<=';
  const conditions = check.rules.flatMap((r) =>
    r.condition && !(r.condition.usesSla && sla === null) ? [r.condition] : [],
  );
  for (const c of conditions) {
    const met = values.filter((v) => conditionHolds(c, v, sla));
    if (met.length) return downward(c) ? lowest(met) : highest(met);
  }
  return conditions[0] && downward(conditions[0]) ? lowest(values) : highest(values);
}
