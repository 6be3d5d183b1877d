// `npm run bench`: speed as ratios measured side by side in one run (the machines are noisy, so
// absolute times mean little). Each figure interleaves the measured work with its baseline,
// repeats, and reports the median ratio. Results are printed and written to bench/results.json.
import { teamBudgetFigure } from './benchTeams';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { parseClassificationConfig } from '../../shared/classify/classificationConfig';
import { classifySignal } from '../../shared/classify/classifySignal';
import { emptyIncidentsState, reconcileIncidents } from '../../shared/incidents/reconcileIncidents';
import { sortIncidents, updateSortedIncidents } from '../../shared/incidents/sortIncidents';
import { PrometheusAlertsReply, toSignals } from '../../electron/sources/prometheusAlerts';
import { readPrometheusAlerts } from '../../electron/sources/readPrometheusAlerts';
import { idleFigure, liveFigures, rendererFigures } from './benchLive';
import { stormFigures } from './benchStorm';

interface Figure {
  name: string;
  ratio: number;
  baseline: string;
  target?: number;
  detail: string;
}

const RUNS = Number(process.env.BENCH_RUNS) || 9;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** Mean milliseconds of `batch` consecutive calls. */
function time(fn: () => void, batch: number): number {
  const t = process.hrtime.bigint();
  for (let i = 0; i < batch; i++) fn();
  return Number(process.hrtime.bigint() - t) / 1e6 / batch;
}

/**
 * Runs baseline and subject alternately RUNS times (after a warm-up) and returns median times.
 * `batch` > 1 times that many calls in a row per sample: for work that allocates about a young
 * generation's worth per pair of calls, the one scavenge per pair otherwise lands at the same
 * point every time, inside the baseline in one process and inside the subject in the next (the
 * storm figure read 1.15x or 2.9x by that phase alone). In a batch each side pays for the
 * collections its own allocation causes.
 */
function sideBySide(
  baseline: () => void,
  subject: () => void,
  batch = 1,
): { base: number; subj: number; ratio: number } {
  baseline();
  subject();
  const b: number[] = [];
  const s: number[] = [];
  const ratios: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const tb = time(baseline, batch);
    const ts = time(subject, batch);
    b.push(tb);
    s.push(ts);
    ratios.push(ts / tb);
  }
  return { base: median(b), subj: median(s), ratio: median(ratios) };
}

/** What the source does with a reply body: the hand-written check of the hot path. */
function readAlerts(body: unknown) {
  const r = readPrometheusAlerts(body);
  if (!r.ok) throw new Error(r.error);
  return r.data;
}

/**
 * A storm of distinct incidents: one service per alert (so n alerts open n incidents, the worst
 * case for grouping, diff and persistence), over 25 alert families.
 */
function stormPayload(n: number): string {
  const families = [
    ['FraudModelHighErrorRate', () => (0.02 + Math.random() * 0.08).toFixed(4)],
    ['ModelHighLatency', () => (0.3 + Math.random() * 1.5).toFixed(3)],
    ['PredictionDriftHigh', () => (0.05 + Math.random() * 0.7).toFixed(3)],
    ['ModelAccuracyDrop', () => (Math.random() * 0.2).toFixed(3)],
    ['GPUOOMRisk', () => String(Math.round(Math.random() * 4000))],
  ] as const;
  const alerts = [];
  for (let i = 0; i < n; i++) {
    const [name, value] = families[i % families.length]!;
    alerts.push({
      labels: {
        alertname: `${name}${i % 25 >= 5 ? `V${i % 25}` : ''}`,
        service: `svc-${i}`,
        pod: `pod-${i}`,
        team: 'ml-platform',
        severity: i % 3 ? 'warning' : 'critical',
        env: 'prod',
      },
      annotations: { summary: `${name} on svc-${i}`, description: 'Check the runbook and the latest deploy.' },
      state: 'firing',
      activeAt: new Date(Date.now() - (i % 3600) * 1000).toISOString(),
      value: value(),
    });
  }
  return JSON.stringify({ status: 'success', data: { alerts } });
}

const config = (() => {
  const r = parseClassificationConfig(readFileSync('resources/classification.yaml', 'utf8'));
  if (!r.ok) throw new Error('resources/classification.yaml is invalid');
  return r.config;
})();

const figures: Figure[] = [];
const payload = stormPayload(10_000);
const now = Date.now();

{
  const r = sideBySide(
    () => JSON.parse(payload),
    () => {
      const signals = toSignals('prom', readAlerts(JSON.parse(payload)));
      for (const s of signals) classifySignal(s, config, now);
    },
    16,
  );
  figures.push({
    name: 'storm: parse + validate + classify 10,000 alerts',
    target: 1.5,
    ratio: r.ratio,
    baseline: 'JSON.parse of the same payload',
    detail: `${r.subj.toFixed(1)} ms vs ${r.base.toFixed(1)} ms`,
  });
}
{
  const r = sideBySide(
    () => JSON.parse(payload),
    () => {
      const signals = toSignals('prom', readAlerts(JSON.parse(payload)));
      const first = reconcileIncidents(emptyIncidentsState(), signals, now, { classification: config });
      reconcileIncidents(first.state, signals, now + 1000, { classification: config });
    },
    4,
  );
  figures.push({
    name: 'storm: parse + validate + classify + group + diff (2 polls), 10,000 incidents',
    ratio: r.ratio,
    baseline: 'JSON.parse of the same payload',
    detail: `${r.subj.toFixed(1)} ms vs ${r.base.toFixed(1)} ms`,
  });
}

// Growth: 8x the alerts should cost about 8x (linear), not 64x (a pass over pairs of signals).
// Moved here from the unit suite, where wall-clock timings under parallel load were flaky.
{
  const signalsOf = (n: number) => toSignals('prom', readAlerts(JSON.parse(stormPayload(n))));
  const small = signalsOf(2_500);
  const large = signalsOf(20_000);
  const steps = (signals: ReturnType<typeof toSignals>) => () => {
    const first = reconcileIncidents(emptyIncidentsState(), signals, now, { classification: config });
    reconcileIncidents(first.state, signals, now + 15_000, { classification: config });
  };
  const r = sideBySide(steps(small), steps(large));
  figures.push({
    name: 'engine growth: 20,000 distinct incidents vs 2,500 (8x)',
    ratio: r.ratio,
    baseline: 'the same steps over 2,500 alerts',
    target: 20,
    detail: `${r.subj.toFixed(1)} ms vs ${r.base.toFixed(1)} ms; linear is ~8x, quadratic ~64x`,
  });
}
// The incident list: one change merged into 10,000 sorted incidents, against sorting them afresh.
{
  const first = reconcileIncidents(emptyIncidentsState(), toSignals('prom', readAlerts(JSON.parse(payload))), now, {
    classification: config,
  });
  const many = sortIncidents([...first.state.incidents.values()]);
  const changed = { ...many[many.length >> 1]!, updatedAt: new Date(now + 1000).toISOString() };
  const r = sideBySide(
    () => sortIncidents(many),
    () => updateSortedIncidents(many, [changed], []),
  );
  figures.push({
    name: `incident list: merge one change into ${many.length.toLocaleString('en')} sorted incidents`,
    ratio: r.ratio,
    baseline: 'sorting the whole list again',
    target: 0.5,
    detail: `${r.subj.toFixed(2)} ms vs ${r.base.toFixed(2)} ms`,
  });
}

// Soak: 10,000 polls of a changing alert set through the engine; memory must stay flat.
{
  const polls = Number(process.env.BENCH_SOAK_POLLS) || 10_000;
  const base = JSON.parse(stormPayload(300)) as {
    data: { alerts: { labels: Record<string, string>; value: string }[] };
  };
  let state = emptyIncidentsState();
  const sample = () => {
    (globalThis as { gc?: () => void }).gc?.();
    return process.memoryUsage();
  };
  let t = now;
  const step = (i: number) => {
    // Each poll a sliding tenth of the alerts clears and comes back, values drift.
    const alerts = base.data.alerts
      .filter((_, k) => (k + i) % 10 !== 0)
      .map((a, k) => ({ ...a, value: String((Number(a.value) * (1 + ((i + k) % 7) / 100)).toFixed(4)) }));
    const reply = PrometheusAlertsReply.parse({ status: 'success', data: { alerts } });
    t += 15_000;
    state = reconcileIncidents(state, toSignals('prom', reply), t, { classification: config }).state;
  };
  for (let i = 0; i < 500; i++) step(i); // warm up: the incident history reaches its working size
  const start = sample();
  for (let i = 500; i < polls; i++) step(i);
  const end = sample();
  figures.push({
    name: `soak: ${polls.toLocaleString('en')} polls of a changing alert set, heap`,
    ratio: end.heapUsed / start.heapUsed,
    baseline: 'heap after warm-up',
    target: 1.1,
    detail: `${(start.heapUsed / 1e6).toFixed(1)} MB -> ${(end.heapUsed / 1e6).toFixed(1)} MB; ${state.incidents.size} incidents kept`,
  });
  figures.push({
    name: `soak: ${polls.toLocaleString('en')} polls of a changing alert set, RSS`,
    ratio: end.rss / start.rss,
    baseline: 'RSS after warm-up',
    target: 1.1,
    detail: `${(start.rss / 1e6).toFixed(1)} MB -> ${(end.rss / 1e6).toFixed(1)} MB`,
  });
}

if (process.env.BENCH_LIVE !== '0') {
  figures.push(...(await liveFigures(RUNS)));
  // 10,000 as before, and a 20,000-alert storm's list (issue 15: it still filters within a frame).
  for (const count of [10_000, 20_000]) figures.push(...(await rendererFigures(count)));
  figures.push(await idleFigure(Number(process.env.BENCH_IDLE_SECONDS) || 60));
}
if (process.env.BENCH_LIVE !== '0' && process.env.BENCH_TEAMS !== '0') {
  // The fastest PagerDuty poll the settings allow, and the default one.
  for (const poll of [10, 30])
    figures.push(await teamBudgetFigure(Number(process.env.BENCH_TEAMS_SECONDS) || 120, poll));
}
if (process.env.BENCH_LIVE !== '0' && process.env.BENCH_STORM !== '0') {
  const seconds = Number(process.env.BENCH_STORM_SECONDS) || 60;
  for (const alerts of (process.env.BENCH_STORM_ALERTS ?? '5000,20000').split(',').map(Number)) {
    figures.push(...(await stormFigures(alerts, seconds)));
  }
  // The same scale on Alertmanager (issue 15): its API has no pagination, 20,000 alerts in one reply.
  if (process.env.BENCH_STORM_AM !== '0') figures.push(...(await stormFigures(20_000, seconds, 'alertmanager')));
}

console.log(`\nVigil bench (median of ${RUNS} side-by-side runs; ratio = measured / baseline)\n`);
const w = Math.max(...figures.map((f) => f.name.length));
console.log(`${'figure'.padEnd(w)}  ratio   target  baseline / detail`);
for (const f of figures) {
  const target = f.target ? `<= ${f.target}x` : '';
  const flag = f.target && f.ratio > f.target ? '  (over target)' : '';
  console.log(
    `${f.name.padEnd(w)}  ${f.ratio.toFixed(2).padStart(5)}x  ${target.padEnd(6)}  ${f.baseline}; ${f.detail}${flag}`,
  );
}
mkdirSync('bench', { recursive: true });
writeFileSync(
  'bench/results.json',
  JSON.stringify({ at: new Date().toISOString(), runs: RUNS, node: process.version, figures }, null, 2),
);
console.log('\nwritten to bench/results.json');
