import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestKit } from '../../e2e/fixtures/createTestKit';
import { waitFor } from '../../e2e/fixtures/waitFor';
import { callHandler } from '../../shared/ipc/callHandler';
import type { Incident } from '../../shared/domain/incident';
import { updateSortedIncidents } from '../../shared/incidents/sortIncidents';
import { createVigilServices } from './createVigilServices';

const kit = createTestKit();
afterEach(() => kit.cleanup());

const ALERTS = 300;
const RULES = `groups:
  - name: storm
    interval: 1s
    rules:
      - alert: StormModelHighErrorRate
        expr: storm_error_ratio > 0.05
        for: 0s
        labels: { severity: critical }
        annotations: { summary: "error ratio above 5%" }
`;

/** Every file of the data dir with its inode and size: a replaced file has a new inode. */
function filesOf(dir: string, out = new Map<string, { ino: number; size: number }>()) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const st = statSync(path);
    if (st.isDirectory()) filesOf(path, out);
    else out.set(path, { ino: st.ino, size: st.size });
  }
  return out;
}

/** Bytes written between two listings: whole files replaced or added, and what logs grew by. */
function bytesWritten(before: Map<string, { ino: number; size: number }>, after: typeof before): number {
  let bytes = 0;
  for (const [path, now] of after) {
    const was = before.get(path);
    if (!was || was.ino !== now.ino) bytes += now.size;
    else bytes += Math.max(0, now.size - was.size);
  }
  return bytes;
}

/**
 * `alerts` firing alerts in a real Prometheus whose values move every 400 ms, and the services
 * (not started, no source yet) with a data dir of their own; all stopped and removed after the test.
 */
async function driftingStorm(alerts: number) {
  const exporter = await kit.startExporter();
  const drift = (round: number) => {
    for (let i = 0; i < alerts; i++) {
      exporter.setMetric('storm_error_ratio', { service: `svc-${i}` }, 0.07 + ((i + round) % 13) / 1000);
    }
  };
  drift(0);
  let round = 0;
  const drifting = setInterval(() => drift(++round), 400);
  kit.defer(() => clearInterval(drifting));
  const prom = await kit.startPrometheus({ rules: RULES, scrapeTargets: [exporter.target] });
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-storm-'));
  kit.defer(() => rmSync(dataDir, { recursive: true, force: true }));
  const services = createVigilServices({
    dataDir,
    resourcesDir: resolve('resources'),
    mode: 'browser',
    version: 'test',
    notifier: { send: () => {} },
  });
  kit.defer(async () => {
    services.stop();
    await services.flush();
  });
  return { prom, dataDir, services };
}

describe('a storm whose values drift at every evaluation, through the running services', () => {
  it('writes the incidents once, then bounded bytes while only their values move', async () => {
    const { prom, dataDir, services } = await driftingStorm(ALERTS);
    let polls = 0;
    services.on('sources:health', (h) => {
      if (h.some((s) => s.status === 'ok')) polls++;
    });
    await callHandler(services.handlers, 'sources:add', {
      kind: 'prometheus',
      name: 'storm',
      url: prom.url,
      intervalSeconds: 2,
    });
    services.start();
    const list = () => services.listIncidents();
    await waitFor(() => list().filter((i) => i.state === 'open').length === ALERTS, {
      what: `${ALERTS} open incidents`,
      timeoutMs: 45_000,
    });
    const pollsThen = polls;
    await waitFor(() => polls >= pollsThen + 2, { what: 'two more polls', timeoutMs: 20_000 });
    await services.flush();
    const before = filesOf(dataDir);
    const firstWrite = bytesWritten(new Map(), before);
    const valuesBefore = new Map(list().map((i) => [i.id, i.signals[0]?.value]));

    const pollsAt = polls;
    await waitFor(() => polls >= pollsAt + 5, { what: 'five polls of drifting values', timeoutMs: 30_000 });
    await services.flush();
    const after = filesOf(dataDir);
    const moved = list().filter((i) => i.signals[0]?.value !== valuesBefore.get(i.id)).length;

    // The reason for this test: the values did move, and every incident counted as changed.
    expect(moved).toBeGreaterThan(ALERTS / 2);
    // The first poll wrote each incident and its "fired" line: about a kilobyte or more each.
    expect(firstWrite).toBeGreaterThan(ALERTS * 1000);
    // Five polls of drift write next to nothing (rewriting each incident per poll: ~firstWrite x 5).
    expect(bytesWritten(before, after)).toBeLessThan(firstWrite / 100);
    expect(existsSync(join(dataDir, 'signal-values.json'))).toBe(false); // no checkpoint yet (5 min)
  }, 120_000);

  it('a renderer applying the pushes holds what the engine holds, the drifting values sent as drifts', async () => {
    const LIVE = 40; // under DRIFT_LIVE_MAX: values go at once, not once a minute
    const { prom, services } = await driftingStorm(LIVE);
    // What the renderer does with each push (shared/incidents/sortIncidents.ts), from the start.
    let held: Incident[] = [];
    const sent = { whole: 0, drifts: 0 };
    services.on('incidents:changed', (diff) => {
      held = updateSortedIncidents(held, diff.changed, diff.removed, diff.drifted);
      sent.whole += diff.changed.length;
      sent.drifts += diff.drifted?.length ?? 0;
    });
    await callHandler(services.handlers, 'sources:add', {
      kind: 'prometheus',
      name: 'drift',
      url: prom.url,
      intervalSeconds: 2,
    });
    services.start();
    await waitFor(() => sent.drifts >= LIVE * 4, { what: 'four polls of drifts', timeoutMs: 45_000 });
    services.stop();
    await services.flush();
    const engine = () => services.listIncidents();
    await waitFor(() => JSON.stringify(held) === JSON.stringify(engine()), {
      what: "the renderer's copy to equal the engine's",
      timeoutMs: 5_000,
    });
    expect(held).toEqual(engine());
    expect(new Set(held.map((i) => i.signals[0]?.value)).size).toBeGreaterThan(1);
    // Each incident went whole once (opened) and its values after as drifts.
    expect(sent.whole).toBeLessThan(LIVE * 2);
  }, 120_000);
});
