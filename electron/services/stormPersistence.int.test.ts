import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestKit } from '../../e2e/fixtures/createTestKit';
import { waitFor } from '../../e2e/fixtures/waitFor';
import { callHandler } from '../../shared/ipc/callHandler';
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

describe('a storm whose values drift at every evaluation, through the running services', () => {
  it('writes the incidents once, then bounded bytes while only their values move', async () => {
    const exporter = await kit.startExporter();
    const drift = (round: number) => {
      for (let i = 0; i < ALERTS; i++) {
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
    let polls = 0;
    services.on('sources:health', (h) => {
      if (h.some((s) => s.status === 'ok')) polls++;
    });
    kit.defer(async () => {
      services.stop();
      await services.flush();
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
});
