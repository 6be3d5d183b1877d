import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { callBridge, connectBridge, startTestHost } from '../../electron/host/testing/bridgeClient';
import { openSecretStore } from '../../electron/store/secretStore';

const fresh = () => mkdtempSync(join(tmpdir(), 'vigil-faults-'));

/** Starts the real services on `dataDir` and returns what the renderer would be told at start. */
async function startAndAsk(dataDir: string) {
  const t = await startTestHost({ dataDir });
  const ws = await connectBridge(t.host.port);
  const info = (await callBridge(ws, { id: 1, channel: 'app:info', input: {} })).output as { notices: string[] };
  const list = (await callBridge(ws, { id: 2, channel: 'incidents:list', input: {} })).output as { id: string }[];
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
  it('disk full while saving an incident (simulated ENOSPC): said in words, nothing lost from memory, the old file intact', async () => {
    const { parseClassificationConfig } = await import('../../shared/classify/classificationConfig');
    const { createIncidentService } = await import('../../electron/services/incidentService');
    const { openIncidentStore } = await import('../../electron/store/incidentStore');
    const { defaultNotificationSettings } = await import('../../shared/notify/notificationPolicy');
    const cfg = parseClassificationConfig(readFileSync('resources/classification.yaml', 'utf8'));
    if (!cfg.ok) throw new Error('bad shipped matrix');
    const dir = fresh();
    const real = openIncidentStore(dir);
    let full = false;
    const store = {
      ...real,
      save: (inc: Parameters<typeof real.save>[0]) => {
        if (full) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
        real.save(inc);
      },
    };
    const notices: string[] = [];
    const svc = createIncidentService({
      store,
      classification: cfg.config,
      notifier: { send: () => {} },
      notificationSettings: defaultNotificationSettings,
      now: () => Date.now(),
      localMinutes: () => 720,
      actor: () => 'you',
      emit: () => {},
      notice: (m) => notices.push(m),
      log: () => {},
    });
    const signal = {
      id: 'p/1',
      sourceId: 'p',
      sourceKind: 'prometheus' as const,
      fingerprint: '1',
      name: 'FraudModelServingDown',
      labels: { alertname: 'FraudModelServingDown', service: 'fraud-model' },
      annotations: {},
      state: 'firing' as const,
      activeAt: new Date().toISOString(),
      value: 1,
      generatorURL: null,
      stale: false,
    };
    const health = [
      {
        sourceId: 'p',
        name: 'P',
        kind: 'prometheus' as const,
        target: 'x',
        status: 'ok' as const,
        since: new Date().toISOString(),
        lastSuccessAt: new Date().toISOString(),
        message: null,
        detail: null,
      },
    ];
    svc.reconcile([signal], health);
    const [inc] = await svc.handlers['incidents:list']({});
    const onDisk = readFileSync(join(dir, 'incidents', inc!.id, 'incident.json'), 'utf8');
    full = true;
    const acked = await svc.handlers['incident:ack']({ id: inc!.id });
    expect(acked.state).toBe('acknowledged');
    expect(notices.join('\n')).toMatch(
      /Could not save incident FraudModelServingDown \(ENOSPC\).*kept in memory.*free disk space/,
    );
    // The file on disk is the last complete write, not a torn one.
    expect(readFileSync(join(dir, 'incidents', inc!.id, 'incident.json'), 'utf8')).toBe(onDisk);
    expect((await svc.handlers['incidents:list']({}))[0]!.state).toBe('acknowledged');
  });
});
