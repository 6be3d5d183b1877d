// The bench figures that need the real world: a real Prometheus with thousands of alerts, the
// services' poll loop, and the browser host's idle CPU. Imported by bench.ts.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createTestKit } from '../../e2e/fixtures/createTestKit';
import { createPrometheusSource } from '../../electron/sources/prometheusSource';
import { createVigilServices } from '../../electron/services/createVigilServices';
import { callHandler } from '../../shared/ipc/callHandler';
import { cpuSeconds } from './processStats';
import { median, parseCheckClassify } from './sideBySide';
import { bundledClassification } from './stormPayload';

export interface LiveFigure {
  name: string;
  ratio: number;
  baseline: string;
  target?: number;
  detail: string;
}

export async function until(cond: () => boolean | Promise<boolean>, ms: number, what: string) {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`bench: timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A 5% error-ratio alert per `bench_error_ratio` series, and `BenchFlip` for fire-time figures. */
export const RULES = `groups:
  - name: bench
    interval: 1s
    rules:
      - alert: BenchModelHighErrorRate
        expr: bench_error_ratio > 0.05
        for: 0s
        labels: { severity: critical, team: ml-platform }
        annotations: { summary: "bench error ratio above 5%" }
      - alert: BenchFlip
        expr: bench_flip > 0
        for: 0s
        labels: { severity: critical }
        annotations: { summary: "flipped" }
`;

export async function liveFigures(runs: number): Promise<LiveFigure[]> {
  const kit = createTestKit();
  const figures: LiveFigure[] = [];
  try {
    const exporter = await kit.startExporter();
    for (let i = 0; i < 5000; i++) exporter.setMetric('bench_error_ratio', { service: `svc-${i}` }, 0.07);
    exporter.setMetric('bench_flip', {}, 0);
    const prom = await kit.startPrometheus({ rules: RULES, scrapeTargets: [exporter.target] });
    await until(
      async () => {
        const r = (await (await fetch(`${prom.url}/api/v1/alerts`)).json()) as { data: { alerts: unknown[] } };
        return r.data.alerts.length >= 5000;
      },
      60_000,
      '5,000 alerts to fire in Prometheus',
    );

    // The storm target on a reply this Prometheus wrote, not one the bench made up: its labels
    // come sorted, its activeAt carries nanoseconds, its values are Go's exponent form.
    {
      const reply = await (await fetch(`${prom.url}/api/v1/alerts`)).text();
      const r = parseCheckClassify(reply, bundledClassification(), Date.now());
      figures.push({
        name: 'storm: parse + validate + classify, a real Prometheus reply of 5,000 alerts',
        target: 1.5,
        ratio: r.ratio,
        baseline: 'JSON.parse of the same reply',
        detail: `${r.subj.toFixed(1)} ms vs ${r.base.toFixed(1)} ms`,
      });
    }

    // Poll cycle (fetch + validate + normalise) against the bare fetch of the same endpoint.
    {
      let done = 0;
      const source = createPrometheusSource({
        id: 'p',
        name: 'P',
        url: prom.url,
        intervalMs: 3_600_000,
        onUpdate: () => done++,
      });
      const bare: number[] = [];
      const full: number[] = [];
      source.start();
      await until(() => done >= 1, 30_000, 'the first poll');
      for (let i = 0; i < runs; i++) {
        let t = performance.now();
        await (await fetch(`${prom.url}/api/v1/alerts`)).text();
        bare.push(performance.now() - t);
        const before = done;
        t = performance.now();
        source.pollNow();
        await until(() => done > before, 30_000, 'a poll');
        full.push(performance.now() - t);
      }
      source.stop();
      figures.push({
        name: 'poll cycle, real Prometheus, 5,000 active alerts',
        ratio: median(full) / median(bare),
        baseline: 'bare HTTP fetch of /api/v1/alerts',
        detail: `${median(full).toFixed(1)} ms vs ${median(bare).toFixed(1)} ms`,
      });
    }

    // Fire to notification: from Prometheus marking the alert firing to the notifier being called.
    {
      const dataDir = mkdtempSync(join(tmpdir(), 'vigil-bench-'));
      const intervalSeconds = 2;
      const sent: number[] = [];
      let notified = 0;
      const services = createVigilServices({
        dataDir,
        resourcesDir: resolve('resources'),
        mode: 'browser',
        version: 'bench',
        notifier: {
          send: (n) => {
            notified++;
            if (n.title.includes('BenchFlip')) sent.push(Date.now());
          },
        },
      });
      await callHandler(services.handlers, 'sources:add', {
        kind: 'prometheus',
        name: 'bench',
        url: prom.url,
        intervalSeconds,
      });
      services.start();
      // The first poll opens the 5,000 incidents and says so in one summary. A flip that fires
      // before that poll fetches is one of them, in the summary, and was timed out waiting for
      // its own notification (in about one bench run of three).
      await until(() => notified > 0, 60_000, 'the first poll’s notification');
      const latencies: number[] = [];
      for (let i = 0; i < Math.min(runs, 5); i++) {
        // A new service each time: a new incident, so the engine's flap window and cooldown
        // (which rightly hold back a re-fire of the same one) do not hide the latency.
        const count = sent.length;
        exporter.setMetric('bench_flip', { service: `flip-${i}` }, 1);
        let firingAt = 0;
        await until(
          async () => {
            const r = (await (await fetch(`${prom.url}/api/v1/alerts`)).json()) as {
              data: { alerts: { labels: Record<string, string>; state: string }[] };
            };
            const firing = r.data.alerts.some((a) => a.labels.service === `flip-${i}` && a.state === 'firing');
            if (firing) firingAt = Date.now();
            return firing;
          },
          30_000,
          'BenchFlip to fire',
        );
        await until(() => sent.length > count, 30_000, 'the notification');
        latencies.push(sent[sent.length - 1]! - firingAt);
      }
      services.stop();
      rmSync(dataDir, { recursive: true, force: true });
      if (latencies.length) {
        const m = median(latencies);
        figures.push({
          name: 'fire to notification (real Prometheus, 2 s poll)',
          ratio: m / (intervalSeconds * 1000),
          baseline: 'the poll interval',
          target: (intervalSeconds + 0.5) / intervalSeconds,
          detail: `median ${m} ms over ${latencies.length} alerts (target: interval + 0.5 s)`,
        });
      }
    }
  } finally {
    await kit.cleanup();
  }
  return figures;
}

/** CPU time the browser host uses over `seconds` with a healthy, unchanging source, as a share of wall time. */
export async function idleFigure(seconds: number): Promise<LiveFigure> {
  const kit = createTestKit();
  try {
    const exporter = await kit.startExporter();
    exporter.setMetric('bench_error_ratio', { service: 'a' }, 0.07);
    const prom = await kit.startPrometheus({ rules: RULES, scrapeTargets: [exporter.target] });
    const host = await kit.startHost({ sources: [{ name: 'idle', url: prom.url, intervalSeconds: 15 }] });
    const pid = host.pid;
    await new Promise((r) => setTimeout(r, 3000));
    const before = cpuSeconds(pid);
    const t0 = Date.now();
    await new Promise((r) => setTimeout(r, seconds * 1000));
    const used = cpuSeconds(pid) - before;
    const wall = (Date.now() - t0) / 1000;
    return {
      name: `idle: browser host CPU over ${seconds} s, nothing changing`,
      ratio: used / wall,
      baseline: 'wall time (1.0 = one core busy)',
      detail: `${(used * 1000).toFixed(0)} ms CPU in ${wall.toFixed(0)} s`,
    };
  } finally {
    await kit.cleanup();
  }
}

/**
 * Renderer: `count` incidents in Chromium, time per filter keystroke against the 16 ms frame and
 * DOM rows. Measured by the Playwright test that seeds them (e2e/specs/workspace.spec.ts).
 */
export async function rendererFigures(count = 10_000): Promise<LiveFigure[]> {
  const n = count.toLocaleString('en');
  const dir = mkdtempSync(join(tmpdir(), 'vigil-bench-ui-'));
  const out = join(dir, 'renderer.json');
  const r = await new Promise<number>((res) => {
    const p = spawn(
      'npx',
      [
        'playwright',
        'test',
        '-c',
        'e2e/playwright.config.ts',
        'e2e/specs/workspace.spec.ts',
        '-g',
        'incidents: the DOM holds the rows',
        '--reporter=line',
      ],
      { stdio: 'ignore', env: { ...process.env, VIGIL_BENCH_OUT: out, VIGIL_BENCH_INCIDENTS: String(count) } },
    );
    p.on('close', (code) => res(code ?? 1));
  });
  try {
    if (r !== 0) throw new Error(`the renderer measurement failed (exit ${r}); run the workspace spec to see why`);
    const m = JSON.parse(readFileSync(out, 'utf8')) as {
      domRows: number;
      work: { median: number; worst: number; n: number };
      frame: { median: number; worst: number };
    };
    return [
      {
        name: `renderer: ${n} incidents, work per filter keystroke`,
        ratio: m.work.median / 16,
        baseline: 'the 16 ms frame',
        target: 1,
        detail: `median ${m.work.median.toFixed(1)} ms, worst ${m.work.worst.toFixed(1)} ms over ${m.work.n} keys; to next frame median ${m.frame.median.toFixed(1)} ms`,
      },
      {
        name: `renderer: ${n} incidents, DOM rows`,
        ratio: m.domRows / count,
        baseline: 'incidents in the list',
        detail: `${m.domRows} rows in the DOM`,
      },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
