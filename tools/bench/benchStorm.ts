// "Storm, end to end": a real Prometheus with thousands of distinct firing alerts whose values
// change at every evaluation, polled by the browser host (sources, engine, persistence, bridge) as
// a new user would set it up, measured from outside the host process. Imported by bench.ts.
import { createTestKit } from '../../e2e/fixtures/createTestKit';
import { startAlertmanager } from '../../electron/sources/alertmanager/testing/startAlertmanager';
import { RULES, until, type LiveFigure } from './benchLive';
import { openHostProbe } from './hostProbe';
import { cpuSeconds, diskWriteBytes, quantile, residentMb } from './processStats';
import {
  frameSummary,
  lateShare,
  watchRendererUnderStorm,
  type PushSeen,
  type RendererUnderStorm,
} from './stormRenderer';

const step = (what: string) => process.stderr.write(`  storm: ${what}\n`);
const EVAL_SECONDS = 3;
/** Whole 15 s polls over which the host's CPU share is measured with the probes stopped. */
const CPU_POLLS = 4;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function query(url: string, promql: string): Promise<number> {
  const r = (await (await fetch(`${url}/api/v1/query?query=${encodeURIComponent(promql)}`)).json()) as {
    data: { result: { value: [number, string] }[] };
  };
  return Number(r.data.result[0]?.value[1] ?? 0);
}

/** Seconds the renderer is watched: past the minute at which a storm's drifted values are pushed. */
const RENDERER_SECONDS = 75;

/** How long a new alert may take to reach the bridge before it counts as missed. */
const FIRE_WAIT_MS = 60_000;

/** Whether Alertmanager lists the flip alert of this service (Prometheus may not have sent it yet). */
async function inAlertmanager(url: string, service: string): Promise<boolean> {
  const filter = encodeURIComponent(`service="${service}"`);
  const alerts = (await (await fetch(`${url}/api/v2/alerts?filter=${filter}`)).json()) as unknown[];
  return alerts.length > 0;
}

/**
 * When Alertmanager received the flip alert of this service (its `updatedAt`, on the same clock),
 * or null when it holds none. Asked once the incident is on the bridge, well inside Prometheus's
 * 1 min resend delay, after which a resend would move it.
 */
async function receivedByAlertmanager(url: string, service: string): Promise<number | null> {
  const filter = encodeURIComponent(`service="${service}"`);
  const alerts = (await (await fetch(`${url}/api/v2/alerts?filter=${filter}`)).json()) as { updatedAt?: string }[];
  const at = Date.parse(alerts[0]?.updatedAt ?? '');
  return Number.isFinite(at) ? at : null;
}

/** Alerts Alertmanager holds as active, from its own metrics. */
async function activeInAlertmanager(url: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  return Number(/^alertmanager_alerts\{state="active"\} (\S+)$/m.exec(text)?.[1] ?? 0);
}

/**
 * One storm of `alerts` alerts at the default 15 s poll: idle host first (no source), then the
 * source added over the bridge, one poll to settle, and `seconds` of steady state measured.
 * `via: 'alertmanager'`: Prometheus sends the storm to a real Alertmanager, and Vigil's source is
 * that Alertmanager (its alerts carry no values, so only the flip alerts change).
 */
export async function stormFigures(
  alerts: number,
  seconds: number,
  via: 'prometheus' | 'alertmanager' = 'prometheus',
): Promise<LiveFigure[]> {
  const kit = createTestKit();
  const count = alerts.toLocaleString('en');
  // Figure names say the source when it is not Prometheus.
  const n = via === 'prometheus' ? count : `${count} via Alertmanager`;
  try {
    const exporter = await kit.startExporter();
    let round = 0;
    const drift = () => {
      round++;
      for (let i = 0; i < alerts; i++) {
        exporter.setMetric('bench_error_ratio', { service: `svc-${i}` }, 0.06 + ((i * 7 + round) % 31) / 1000);
      }
    };
    drift();
    const drifting = setInterval(drift, 1000);
    kit.defer(() => clearInterval(drifting));
    const am = via === 'alertmanager' ? await startAlertmanager() : null;
    if (am) kit.defer(() => am.stop());
    // 20,000 series do not scrape within 1 s on a busy 2-core machine; values still change at every evaluation.
    const prom = await kit.startPrometheus({
      rules: RULES.replace('interval: 1s', `interval: ${EVAL_SECONDS}s`),
      scrapeTargets: [exporter.target],
      intervalSeconds: EVAL_SECONDS,
      // Prometheus's own resend delay: sending 20,000 alerts again every evaluation would load the
      // machine the host is measured on. A new alert is still sent as soon as it fires.
      ...(am ? { alertmanagers: [`127.0.0.1:${am.port}`], alertResendDelay: '1m' } : {}),
    });
    await until(
      async () =>
        (await query(prom.url, 'count(ALERTS{alertname="BenchModelHighErrorRate",alertstate="firing"})')) >= alerts,
      120_000,
      `${count} alerts to fire in Prometheus`,
    );
    // A first send that raced Alertmanager's discovery is sent again after the resend delay.
    if (am)
      await until(
        async () => (await activeInAlertmanager(am.url)) >= alerts,
        180_000,
        `${count} alerts in Alertmanager`,
      );

    step(`${count} alerts firing in ${am ? 'Alertmanager' : 'Prometheus'}`);
    // BENCH_HOST_NODE_ARGS profiles the host under the storm, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof".
    const host = await kit.startHost({ nodeArgs: process.env.BENCH_HOST_NODE_ARGS?.split(' ').filter(Boolean) });
    const probe = await openHostProbe(host.port, host.token);
    kit.defer(() => probe.close());
    let polls = 0;
    const incidents = new Set<string>();
    const seenAt = new Map<string, number>();
    const pushLog: PushSeen[] = [];
    probe.onPush((event, raw) => {
      if (event === 'sources:health') polls++;
      if (event === 'incidents:changed') {
        let named = 0;
        for (const m of raw.matchAll(/"id":"(inc-[^"]+)"/g)) {
          incidents.add(m[1]!);
          named++;
        }
        pushLog.push({ at: Date.now(), incidents: named });
      }
      // The first push naming a flip's group key is when its incident reached the renderer.
      if (event === 'incidents:changed' && raw.includes('BenchFlip')) {
        for (const m of raw.matchAll(/service=(flip-\d+)/g)) if (!seenAt.has(m[1]!)) seenAt.set(m[1]!, Date.now());
      }
    });

    // Idle: the same host with nothing configured.
    await sleep(2000);
    probe.record();
    let cpu0 = cpuSeconds(host.pid);
    let t0 = Date.now();
    await sleep(10_000);
    const idle = probe.take();
    const idleCpu = (cpuSeconds(host.pid) - cpu0) / ((Date.now() - t0) / 1000);

    step('idle host measured; adding the source');
    const added = Date.now();
    await probe.call(
      'sources:add',
      am
        ? { kind: 'alertmanager', name: 'storm', url: am.url, intervalSeconds: 15 }
        : { kind: 'prometheus', name: 'storm', url: prom.url, intervalSeconds: 15 },
    );
    await until(() => polls >= 1, 120_000, 'the first poll');
    await until(() => incidents.size >= alerts, 180_000, `${count} incidents on the bridge`).catch((err: Error) => {
      throw new Error(`${err.message} (${incidents.size} seen); the host said:\n${host.logTail(15)}`);
    });
    const firstIncidentsMs = Date.now() - added;
    // Steady state: from the start of the next poll on.
    const settled = polls;
    await until(() => polls > settled, 60_000, 'the second poll');
    // The first poll's thousands of files (written and fsynced in the background) are not steady
    // state: wait until a few seconds pass with nothing written (at most a minute).
    let written = diskWriteBytes(host.pid);
    for (const end = Date.now() + 60_000; Date.now() < end;) {
      await sleep(4000);
      const now = diskWriteBytes(host.pid);
      if (now === written) break;
      written = now;
    }

    step(`${count} incidents after ${(firstIncidentsMs / 1000).toFixed(1)} s; measuring ${seconds} s of polls`);
    probe.record();
    cpu0 = cpuSeconds(host.pid);
    const w0 = diskWriteBytes(host.pid);
    t0 = Date.now();
    const fire: number[] = [];
    // Via Alertmanager: the two legs, Prometheus's queue to Alertmanager and Vigil's poll and step.
    const toAm: number[] = [];
    const amToIncident: number[] = [];
    const missed: string[] = [];
    let flip = 0;
    while (Date.now() - t0 < seconds * 1000) {
      // Fire to incident: a new alert fires in the storm; when does its incident reach the bridge?
      const service = `flip-${flip++}`;
      exporter.setMetric('bench_flip', { service }, 1);
      const firing = `ALERTS{alertname="BenchFlip",alertstate="firing",service="${service}"}`;
      await until(async () => (await query(prom.url, firing)) > 0, 60_000, `${service} to fire`);
      const firedAt = Date.now();
      const seen = await until(() => seenAt.has(service), FIRE_WAIT_MS, `${service} to reach the bridge`).then(
        () => true,
        () => false,
      );
      // One alert that never shows is a figure (a miss, counted at the wait), not a lost run.
      if (!seen) {
        fire.push(FIRE_WAIT_MS);
        missed.push(am && !(await inAlertmanager(am.url, service)) ? `${service} (not yet in Alertmanager)` : service);
        continue;
      }
      fire.push(seenAt.get(service)! - firedAt);
      const received = am ? await receivedByAlertmanager(am.url, service) : null;
      if (received !== null && received <= seenAt.get(service)!) {
        toAm.push(Math.max(0, received - firedAt));
        amToIncident.push(seenAt.get(service)! - received);
      }
      await sleep(Math.max(0, 5_000 - (Date.now() - firedAt)));
    }
    const wall = (Date.now() - t0) / 1000;
    const busy = probe.take();
    const probedCpu = (cpuSeconds(host.pid) - cpu0) / wall;
    const mbPerMin = ((diskWriteBytes(host.pid) - w0) / 1e6 / wall) * 60;
    const mem = residentMb(host.pid);
    // The probes cost the host several % of a core by themselves (see the idle figure): Vigil's own
    // share is measured over whole polls with them stopped (the renderer still connected).
    step(`measuring CPU over ${CPU_POLLS} polls without probes`);
    const quiet0 = polls;
    await until(() => polls > quiet0, 60_000, 'a poll to start');
    const c1 = cpuSeconds(host.pid);
    const q0 = Date.now();
    // Polls that stop coming (an overloaded machine) are a figure too: the CPU over those that came.
    const cpuPolls = await until(() => polls >= quiet0 + 1 + CPU_POLLS, 60_000 * CPU_POLLS, `${CPU_POLLS} polls`).then(
      () => CPU_POLLS,
      () => polls - quiet0 - 1,
    );
    const cpu = (cpuSeconds(host.pid) - c1) / ((Date.now() - q0) / 1000);
    // Last, so Chromium's share of the two cores is in none of the host's figures above. Only on
    // Prometheus, whose values drift: Alertmanager's alerts carry none, so nothing changes in bulk.
    let renderer: RendererUnderStorm | null = null;
    if (!am) {
      step(`watching the renderer in Chromium for ${RENDERER_SECONDS} s`);
      renderer = await watchRendererUnderStorm(host.url, RENDERER_SECONDS, pushLog);
    }
    const ms = (x: number) => `${x.toFixed(x < 10 ? 1 : 0)} ms`;
    const p = (xs: number[], q: number) => quantile(xs, q);
    const targets = alerts <= 5000 ? { p99: 50, cpu: 0.05, rss: 250 } : { p99: 100, cpu: 0.2, rss: 500 };
    return [
      {
        name: `storm e2e ${n}: bridge answer p99 during polls`,
        ratio: p(busy.bridge, 0.99) / targets.p99,
        baseline: `the ${targets.p99} ms target`,
        target: 1,
        detail: `p50 ${ms(p(busy.bridge, 0.5))}, p99 ${ms(p(busy.bridge, 0.99))}, max ${ms(p(busy.bridge, 1))} over ${busy.bridge.length} requests; idle host p50 ${ms(p(idle.bridge, 0.5))}, p99 ${ms(p(idle.bridge, 0.99))}`,
      },
      {
        name: `storm e2e ${n}: GET / answer p99 during polls`,
        ratio: p(busy.page, 0.99) / Math.max(1, p(idle.page, 0.99)),
        baseline: 'the idle host',
        detail: `p50 ${ms(p(busy.page, 0.5))}, p99 ${ms(p(busy.page, 0.99))}; idle p50 ${ms(p(idle.page, 0.5))}, p99 ${ms(p(idle.page, 0.99))}`,
      },
      {
        name: `storm e2e ${n}: host CPU, 15 s poll`,
        ratio: cpu / targets.cpu,
        baseline: `${targets.cpu * 100}% of a core`,
        target: 1,
        detail: `${(cpu * 100).toFixed(1)}% of a core over ${cpuPolls} polls${cpuPolls < CPU_POLLS ? ` (of ${CPU_POLLS} awaited for ${CPU_POLLS} min)` : ''} unprobed; probed ${(probedCpu * 100).toFixed(1)}% over ${wall.toFixed(0)} s (idle host probed ${(idleCpu * 100).toFixed(1)}%)`,
      },
      {
        name: `storm e2e ${n}: written to disk per minute`,
        ratio: mbPerMin / 1,
        baseline: '1 MB a minute',
        target: alerts <= 5000 ? 1 : undefined,
        detail: `${mbPerMin.toFixed(2)} MB/min in steady state (first poll to ${count} incidents: ${(firstIncidentsMs / 1000).toFixed(1)} s)`,
      },
      {
        name: `storm e2e ${n}: host RSS`,
        ratio: mem.rss / targets.rss,
        baseline: `${targets.rss} MB`,
        target: 1,
        detail: `${mem.rss.toFixed(0)} MB (peak ${mem.peak.toFixed(0)} MB)`,
      },
      {
        name: `storm e2e ${n}: fire to incident on the bridge`,
        ratio: quantile(fire, 0.5) / 15_000,
        baseline: 'the 15 s poll interval',
        target: (15 + 0.5) / 15,
        detail:
          `median ${(quantile(fire, 0.5) / 1000).toFixed(1)} s, worst ${(quantile(fire, 1) / 1000).toFixed(1)} s over ${fire.length} alerts` +
          (missed.length ? `; not on the bridge within ${FIRE_WAIT_MS / 1000} s: ${missed.join(', ')}` : ''),
      },
      ...(am
        ? [
            {
              name: `storm e2e ${n}: Alertmanager receiving to incident on the bridge`,
              ratio: quantile(amToIncident, 0.5) / 15_000,
              baseline: 'the 15 s poll interval',
              target: (15 + 0.5) / 15,
              detail: amToIncident.length
                ? `Vigil's part: median ${(quantile(amToIncident, 0.5) / 1000).toFixed(1)} s, worst ${(quantile(amToIncident, 1) / 1000).toFixed(1)} s over ${amToIncident.length} alerts; before it, Prometheus firing to Alertmanager receiving: median ${(quantile(toAm, 0.5) / 1000).toFixed(1)} s, worst ${(quantile(toAm, 1) / 1000).toFixed(1)} s`
                : 'no alert reached both Alertmanager and the bridge',
            },
          ]
        : []),
      ...(renderer ? rendererFigures(n, renderer) : []),
    ];
  } finally {
    await kit.cleanup();
  }
}

/**
 * The renderer while a storm's incidents change: frames later than a 60 Hz refresh, overall and
 * during the bulk updates (every incident's drifted value, pushed once a minute).
 */
function rendererFigures(n: string, r: RendererUnderStorm): LiveFigure[] {
  const bulk = r.bulkUpdates.map((b) => `${b.incidents.toLocaleString('en')} in ${(b.ms / 1000).toFixed(1)} s`);
  const longest = r.longTasks.length ? Math.max(...r.longTasks) : 0;
  return [
    {
      name: `storm e2e ${n}: renderer frames late while incidents change`,
      ratio: lateShare(r.frames) / 0.05,
      baseline: '5% of frames',
      target: 1,
      detail: `${frameSummary(r.frames)}; ${r.pushes} pushes named ${r.incidentsChanged.toLocaleString('en')} incidents; ${r.longTasks.length} long tasks, longest ${longest.toFixed(0)} ms; list shown ${(r.firstRowMs / 1000).toFixed(1)} s after the page opened${r.connections > 1 ? `; the bridge was dropped and reopened ${r.connections - 1} times` : ''}`,
    },
    {
      name: `storm e2e ${n}: renderer frames late during bulk updates`,
      ratio: lateShare(r.bulkFrames) / 0.05,
      baseline: '5% of frames',
      target: 1,
      detail: bulk.length
        ? `${frameSummary(r.bulkFrames)}; updates: ${bulk.join(', ')}`
        : 'no bulk update came while watched',
    },
  ];
}
