import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { callBridge, connectBridge, startTestHost } from '../../electron/host/testing/bridgeClient';
import { openSecretStore } from '../../electron/store/secretStore';
import { defaultSettings } from '../../electron/store/settingsSchema';
import { startFaultServer } from './faultServer';

const fresh = () => mkdtempSync(join(tmpdir(), 'vigil-faults-'));

/** Starts the real services on `dataDir` and returns what the renderer would be told at start. */
async function startAndAsk(dataDir: string) {
  const t = await startTestHost({ dataDir });
  const ws = await connectBridge(t.host.port);
  const info = (await callBridge(ws, { id: 1, channel: 'app:info', input: {} })).output as { notices: string[] };
  const list = (
    (await callBridge(ws, { id: 2, channel: 'incidents:page', input: { limit: 500 } })).output as {
      incidents: { id: string }[];
    }
  ).incidents;
  return { t, ws, info, list };
}

const incidentJson = (id: string) =>
  JSON.stringify({
    id,
    key: `alertname=X${id}`,
    title: `X${id}`,
    summary: null,
    severity: 'P1',
    classification: { severity: 'P1', ruleId: 'r', reason: 'r: P1' },
    state: 'resolved',
    startedAt: '2026-11-24T22:41:00.000Z',
    detectedAt: '2026-11-24T22:41:05.000Z',
    updatedAt: '2026-11-24T23:00:00.000Z',
    resolvedAt: new Date().toISOString(),
    notifiedAt: null,
    sourceKinds: ['prometheus'],
    stale: false,
    signals: [],
  });

describe('faults: files on disk', () => {
  it('corrupt settings file: the app starts, says so, keeps the bytes, uses defaults', async () => {
    const dir = fresh();
    writeFileSync(join(dir, 'settings.json'), '{"version":2,"sources":[{"id":');
    const { t, ws, info } = await startAndAsk(dir);
    expect(info.notices.join('\n')).toMatch(/Settings file .* could not be used .*kept as .*corrupt-/);
    const aside = readdirSync(dir).find((f) => f.startsWith('settings.json.corrupt-'))!;
    expect(readFileSync(join(dir, aside), 'utf8')).toBe('{"version":2,"sources":[{"id":');
    ws.close();
    await t.close();
  });

  it('settings.json broken by a hand edit while Vigil runs: new alerts still page, the window is told, the edit is kept', async () => {
    const dir = fresh();
    const alerts: object[] = [];
    const prometheus = await startFaultServer();
    prometheus.set((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      const data = req.url?.startsWith('/api/v1/alerts') ? { alerts } : { groups: [] };
      res.end(JSON.stringify({ status: 'success', data }));
    });
    const alert = (name: string) => ({
      labels: { alertname: name, service: 'checkout', severity: 'critical' },
      annotations: { summary: `${name} on checkout` },
      state: 'firing',
      activeAt: new Date(Date.now() - 600_000).toISOString(),
      value: '1',
    });
    const settings = {
      ...defaultSettings(),
      sources: [{ id: 'prom', kind: 'prometheus', name: 'Prom', url: prometheus.url, intervalSeconds: 2 }],
    };
    writeFileSync(join(dir, 'settings.json'), JSON.stringify(settings));
    const t = await startTestHost({ dataDir: dir });
    try {
      alerts.push(alert('CheckoutDown'));
      await until(() => t.notified.length === 1, 15_000);
      const half = '{"version": 2, "sources": [{"id": "prom", "name": "Prom (renamed';
      writeFileSync(join(dir, 'settings.json'), half);
      alerts.push(alert('PaymentsDown'));
      await until(() => t.notified.length === 2, 15_000);
      expect(t.notified.map((n) => n.title)).toEqual([
        expect.stringMatching(/CheckoutDown/),
        expect.stringMatching(/PaymentsDown/),
      ]);
      const ws = await connectBridge(t.host.port);
      const info = (await callBridge(ws, { id: 1, channel: 'app:info', input: {} })).output as { notices: string[] };
      ws.close();
      expect(info.notices.join('\n')).toMatch(
        /settings\.json was changed and cannot be used .*goes on with the settings it had/,
      );
      expect(readFileSync(join(dir, 'settings.json'), 'utf8')).toBe(half);
    } finally {
      await t.close();
      await prometheus.close();
    }
  });

  it('settings written by a newer Vigil: kept untouched, not run with', async () => {
    const dir = fresh();
    const newer = JSON.stringify({ version: 9, sources: [], demo: { enabled: false }, future: true });
    writeFileSync(join(dir, 'settings.json'), newer);
    const { t, ws, info } = await startAndAsk(dir);
    expect(info.notices.join('\n')).toMatch(/newer Vigil/);
    const aside = readdirSync(dir).find((f) => f.startsWith('settings.json.corrupt-'))!;
    expect(readFileSync(join(dir, aside), 'utf8')).toBe(newer);
    ws.close();
    await t.close();
  });

  it('corrupt incident file: quarantined and reported, the other incidents still load', async () => {
    const dir = fresh();
    for (const id of ['inc-good', 'inc-bad']) {
      mkdirSync(join(dir, 'incidents', id), { recursive: true });
      writeFileSync(join(dir, 'incidents', id, 'incident.json'), incidentJson(id));
    }
    writeFileSync(join(dir, 'incidents', 'inc-bad', 'incident.json'), '{"id":"inc-bad","sev');
    const { t, ws, info, list } = await startAndAsk(dir);
    expect(list.map((i) => i.id)).toEqual(['inc-good']);
    expect(info.notices.join('\n')).toMatch(/inc-bad.*could not be read.*kept as/);
    expect(readdirSync(join(dir, 'incidents', 'inc-bad'))[0]).toMatch(/^incident\.json\.corrupt-/);
    ws.close();
    await t.close();
  });

  it('torn last timeline line (crash mid-append): the rest is shown and the tear reported', async () => {
    const dir = fresh();
    mkdirSync(join(dir, 'incidents', 'inc-1'), { recursive: true });
    writeFileSync(join(dir, 'incidents', 'inc-1', 'incident.json'), incidentJson('inc-1'));
    const event = {
      id: 'inc-1#1.0',
      incidentId: 'inc-1',
      at: '2026-11-24T22:41:05.000Z',
      kind: 'fired',
      text: 'X fired',
      source: 'vigil',
      actor: 'vigil',
      data: {},
    };
    writeFileSync(
      join(dir, 'incidents', 'inc-1', 'timeline.jsonl'),
      `${JSON.stringify(event)}\n{"id":"inc-1#2.0","incid`,
    );
    const { t, ws } = await startAndAsk(dir);
    const r = (await callBridge(ws, { id: 3, channel: 'timeline:list', input: { incidentId: 'inc-1' } })) as {
      output: { events?: { id: string }[]; entries?: unknown[]; problems: string[] };
    };
    expect(JSON.stringify(r.output)).toContain('X fired');
    expect(r.output.problems.join('\n')).toMatch(/torn last line/);
    ws.close();
    await t.close();
  });

  it('corrupt secrets file: kept aside, the user is told to set tokens again', () => {
    const dir = fresh();
    writeFileSync(join(dir, 'secrets.json'), '{"source/pd-1/token": "u+abc');
    const s = openSecretStore(dir);
    expect(s.notices[0]).toMatch(/Set your tokens again/);
    expect(readdirSync(dir).some((f) => f.startsWith('secrets.json.corrupt-'))).toBe(true);
  });

  it('an unknown incident in a request gets a clear error, nothing else changes', async () => {
    const dir = fresh();
    const { t, ws } = await startAndAsk(dir);
    const r = await callBridge(ws, { id: 4, channel: 'incident:ack', input: { id: 'inc-nope' } });
    expect(r).toMatchObject({ ok: false });
    expect(String(r.error)).toMatch(/inc-nope/);
    expect(existsSync(join(dir, 'incidents', 'inc-nope'))).toBe(false);
    ws.close();
    await t.close();
  });
});

describe('faults: disk full', () => {
  it('disk full while saving an incident (a real file size limit): said in words, nothing lost from memory, the old file intact', async () => {
    const work = fresh();
    const child = join(work, 'saveUnderFileSizeLimit.cjs');
    await build({
      entryPoints: ['tools/faults/testing/saveUnderFileSizeLimit.ts'],
      outfile: child,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      logLevel: 'silent',
    });
    const dataDir = join(work, 'data');
    mkdirSync(dataDir);
    // 32 KiB per file, enforced by the kernel: the first save fits, the grown incident does not.
    const run = spawnSync(
      'bash',
      [
        '-c',
        `trap '' XFSZ; ulimit -f 32; exec "$0" "$@"`,
        process.execPath,
        child,
        dataDir,
        'resources/classification.yaml',
      ],
      { encoding: 'utf8' },
    );
    expect(run.stderr).toBe('');
    const r = JSON.parse(run.stdout) as {
      id: string;
      before: string;
      notices: string[];
      ackState: string;
      heldState: string;
      heldSummaryLength: number;
      files: string[];
    };
    expect(r.notices.join('\n')).toMatch(
      /Could not save incident FraudModelServingDown \(EFBIG\).*kept in memory.*free disk space/,
    );
    // In memory, the incident has its new summary and the acknowledgement.
    expect(r.heldSummaryLength).toBeGreaterThan(32 * 1024);
    expect(r.ackState).toBe('acknowledged');
    expect(r.heldState).toBe('acknowledged');
    // On disk: the last complete write, no half-written temp file beside it.
    const incidentDir = join(dataDir, 'incidents', r.id);
    expect(readFileSync(join(incidentDir, 'incident.json'), 'utf8')).toBe(r.before);
    expect(r.files.filter((f) => f.endsWith('.tmp'))).toEqual([]);
    // The next start reads the old incident back.
    const { openIncidentStore } = await import('../../electron/store/incidentStore');
    const loaded = openIncidentStore(dataDir).loadAll();
    expect(loaded.problems).toEqual([]);
    expect(loaded.incidents.map((i) => i.id)).toEqual([r.id]);
  });
});

async function until(cond: () => boolean, ms: number) {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}
