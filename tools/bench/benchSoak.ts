// The soak, in a process of its own: 10,000 polls of a changing alert set through the engine,
// whose heap and RSS must stay flat. Run inside bench.ts after the figures that hold 20,000
// incidents, the process's RSS started with their freed pages and moved with what the allocator
// returned (heap flat, RSS 399 -> 470 MB once) rather than with the soak; run first, its objects
// (spread copies, not parsed replies) gave the storm figure's hot path other shapes to handle
// (1.8x -> 2.1x in one run). Here it measures only itself. `npm run bench` runs this file with --expose-gc.
import { pathToFileURL } from 'node:url';
import { spawnSync } from 'node:child_process';
import { emptyIncidentsState, reconcileIncidents } from '../../shared/incidents/reconcileIncidents';
import { PrometheusAlertsReply, toSignals } from '../../electron/sources/prometheusAlerts';
import type { LiveFigure } from './benchLive';
import { bundledClassification, stormPayload } from './stormPayload';

/** The soak's figures, measured in a child process (the same Node, with --expose-gc). */
export function soakFigures(): LiveFigure[] {
  const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', 'tools/bench/benchSoak.ts'], {
    encoding: 'utf8',
    env: process.env,
    maxBuffer: 1 << 20,
  });
  if (r.status !== 0) throw new Error(`the soak failed (exit ${r.status}): ${r.stderr.slice(-2000)}`);
  return JSON.parse(r.stdout) as LiveFigure[];
}

function soak(): LiveFigure[] {
  const config = bundledClassification();
  const figures: LiveFigure[] = [];
  const polls = Number(process.env.BENCH_SOAK_POLLS) || 10_000;
  const base = JSON.parse(stormPayload(300)) as {
    data: { alerts: { labels: Record<string, string>; value: string }[] };
  };
  let state = emptyIncidentsState();
  const sample = () => {
    (globalThis as { gc?: () => void }).gc?.();
    return process.memoryUsage();
  };
  let t = Date.now();
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
  return figures;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) process.stdout.write(JSON.stringify(soak()));
