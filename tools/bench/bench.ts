// `npm run bench`: speed as ratios measured side by side in one run (the machines are noisy, so
// absolute times mean little). Each figure interleaves the measured work with its baseline,
// repeats, and reports the median ratio. Results are printed and written to bench/results.json.
import { teamBudgetFigure } from './benchTeams';
import { mkdirSync, writeFileSync } from 'node:fs';
import { emptyIncidentsState, reconcileIncidents } from '../../shared/incidents/reconcileIncidents';
import { sortIncidents, updateSortedIncidents } from '../../shared/incidents/sortIncidents';
import { toSignals } from '../../electron/sources/prometheusAlerts';
import { idleFigure, liveFigures, rendererFigures } from './benchLive';
import { stormFigures } from './benchStorm';
import { soakFigures } from './benchSoak';
import { parseCheckClassify, readAlerts, RUNS, sideBySide } from './sideBySide';
import { bundledClassification, stormPayload } from './stormPayload';

interface Figure {
  name: string;
  ratio: number;
  baseline: string;
  target?: number;
  detail: string;
}

const config = bundledClassification();
const figures: Figure[] = [];
const payload = stormPayload(10_000);
const now = Date.now();

{
  const r = parseCheckClassify(payload, config, now);
  figures.push({
    name: 'storm: parse + validate + classify 10,000 alerts',
    target: 1.5,
    ratio: r.ratio,
    baseline: 'JSON.parse of the same payload',
    detail: `${r.subj.toFixed(1)} ms vs ${r.base.toFixed(1)} ms`,
  });
  // A poll whose label sets are all new (the source's first, or a storm's first): no target.
  const first = parseCheckClassify(payload, config, now, true);
  figures.push({
    name: 'storm: the same, first poll (no label set seen before)',
    ratio: first.ratio,
    baseline: 'JSON.parse of the same payload',
    detail: `${first.subj.toFixed(1)} ms vs ${first.base.toFixed(1)} ms`,
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

figures.push(...soakFigures());

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
