import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseClassificationConfig } from '../../shared/classify/classificationConfig';
import type { Signal } from '../../shared/domain/signal';
import { typicalExpr } from '../../shared/testing/signalFixtures';
import type { SourceHealth } from '../../shared/domain/sourceHealth';
import type { EventName } from '../../shared/ipc/contract';
import type { NotifierHealth } from '../../shared/ipc/incidentContract';
import { defaultNotificationSettings, type OutgoingNotification } from '../../shared/notify/notificationPolicy';
import { openIncidentStore, type IncidentStore } from '../store/incidentStore';
import { createIncidentService, SLICED_ABOVE } from './incidentService';

const cfg = parseClassificationConfig(readFileSync('resources/classification.yaml', 'utf8'));
if (!cfg.ok) throw new Error('bad shipped classification');
const T0 = Date.parse('2026-11-24T22:41:00Z');

const signal: Signal = {
  id: 'prom/fp1',
  sourceId: 'prom',
  sourceKind: 'prometheus',
  fingerprint: 'fp1',
  name: 'FraudModelHighErrorRate',
  labels: { alertname: 'FraudModelHighErrorRate', service: 'fraud-model', severity: 'critical' },
  annotations: { summary: 'Fraud model error rate exceeds 5%' },
  state: 'firing',
  activeAt: new Date(T0 - 60_000).toISOString(),
  value: 0.072,
  generatorURL: null,
  expr: typicalExpr('FraudModelHighErrorRate'),
  stale: false,
};
const health_ = (lastSuccessAt: string | null): SourceHealth => health(lastSuccessAt);
const health = (lastSuccessAt: string | null): SourceHealth => ({
  sourceId: 'prom',
  name: 'Prometheus',
  kind: 'prometheus',
  target: 'http://127.0.0.1:9090',
  status: lastSuccessAt ? 'ok' : 'starting',
  since: new Date(T0).toISOString(),
  lastSuccessAt,
  message: null,
  detail: null,
});

/** `n` distinct firing alerts, one service each: more than SLICED_ABOVE makes a storm's step. */
const stormOf = (n: number) =>
  Array.from({ length: n }, (_, i): Signal => ({
    ...signal,
    id: `prom/storm-${i}`,
    fingerprint: `storm-${i}`,
    labels: { ...signal.labels, service: `svc-${i}` },
  }));

function setup(
  dataDir: string,
  opts: {
    store?: IncidentStore;
    clock?: { t: number };
    notifierFails?: { now: boolean };
    checkpointMs?: number;
    sliceBudgetMs?: number;
  } = {},
) {
  const clock = opts.clock ?? { t: T0 };
  const sent: OutgoingNotification[] = [];
  const notices: string[] = [];
  const emitted: { event: EventName; payload: unknown }[] = [];
  const service = createIncidentService({
    store: opts.store ?? openIncidentStore(dataDir),
    classification: cfg.ok ? cfg.config : (undefined as never),
    notifier: {
      send: (n) => {
        if (opts.notifierFails?.now) throw new Error('notify-send: not found');
        sent.push(n);
      },
    },
    notificationSettings: defaultNotificationSettings,
    now: () => clock.t,
    localMinutes: () => 12 * 60,
    actor: () => 'you',
    retentionDays: () => 90,
    checkpointMs: opts.checkpointMs,
    sliceBudgetMs: opts.sliceBudgetMs,
    emit: (event, payload) => emitted.push({ event, payload }),
    notice: (m) => notices.push(m),
    log: () => {},
  });
  return { service, sent, notices, emitted, clock };
}

describe('incidentService', () => {
  it('holds pages back while the notifier is failing, says why once, and pages when it works again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-incsvc-'));
    const sent: OutgoingNotification[] = [];
    let health: NotifierHealth = {
      status: 'failing',
      since: new Date(T0).toISOString(),
      message: 'no notification server answers',
    };
    const clock = { t: T0 };
    const service = createIncidentService({
      store: openIncidentStore(dir),
      classification: cfg.ok ? cfg.config : (undefined as never),
      notifier: { send: (n) => sent.push(n), health: () => health },
      notificationSettings: defaultNotificationSettings,
      now: () => clock.t,
      localMinutes: () => 12 * 60,
      actor: () => 'you',
      emit: () => {},
      notice: () => {},
      log: () => {},
    });
    const ok = [health_(new Date(T0).toISOString())];
    service.reconcile([signal], ok);
    clock.t += 15_000;
    service.reconcile([signal], ok);
    expect(sent).toEqual([]);
    const [inc] = service.list();
    const texts = () => service.timelineEvents(inc!.id).events.map((e) => e.text);
    expect(texts().filter((t) => /held back|paged/.test(t))).toEqual([
      'notification held back: desktop notifications are failing: no notification server answers',
    ]);
    health = { status: 'ok', since: new Date(clock.t).toISOString(), message: null };
    clock.t += 15_000;
    service.reconcile([signal], ok);
    expect(sent.map((n) => n.urgency)).toEqual(['critical']);
    expect(texts().at(-1)).toBe('paged: P0 FraudModelHighErrorRate');
  });

  it('writes "paged" only once the notifier took the page; a refused one is held back, said once, and retried', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-incsvc-'));
    const fails = { now: true };
    const a = setup(dir, { notifierFails: fails });
    const ok = [health(new Date(T0).toISOString())];
    a.service.reconcile([signal], ok);
    a.clock.t += 15_000;
    a.service.reconcile([signal], ok);
    const [held] = a.service.list();
    expect(held).toMatchObject({ phase: 'detected', notifiedAt: null });
    const texts = () => a.service.timelineEvents(held!.id).events.map((e) => e.text);
    expect(texts().filter((t) => /paged/.test(t))).toEqual([]);
    expect(texts().filter((t) => /held back/.test(t))).toEqual([
      'notification held back: the desktop notification could not be handed to the system (notify-send: not found)',
    ]);
    expect(a.notices).toContain('Desktop notification failed: notify-send: not found');

    fails.now = false;
    a.clock.t += 15_000;
    a.service.reconcile([signal], ok);
    expect(a.sent.map((n) => n.title)).toEqual(['P0 FraudModelHighErrorRate (fraud-model)']);
    const [paged] = a.service.list();
    expect(paged).toMatchObject({ phase: 'notified', notifiedAt: new Date(a.clock.t).toISOString() });
    expect(texts().filter((t) => /paged/.test(t))).toEqual(['paged: P0 FraudModelHighErrorRate']);
  });

  it('pages once, persists the incident and its timeline, and keeps both across a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-incsvc-'));
    const a = setup(dir);
    a.service.reconcile([signal], [health(new Date(T0).toISOString())]);
    expect(a.sent.map((n) => n.title)).toEqual(['P0 FraudModelHighErrorRate (fraud-model)']);
    const [inc] = a.service.list();
    expect(inc).toMatchObject({ severity: 'P0', state: 'open' });
    expect(a.emitted.map((e) => e.event)).toEqual(['incidents:changed', 'timeline:appended']);
    await a.service.flush();

    const b = setup(dir, { clock: { t: T0 + 60_000 } });
    const [restored] = b.service.list();
    expect(restored).toMatchObject({ id: inc!.id, state: 'open', stale: true });
    // Before Prometheus answers again, nothing resolves and nothing pages twice.
    b.service.reconcile([], [health(null)]);
    expect(b.service.list()[0]).toMatchObject({ state: 'open' });
    b.service.reconcile([signal], [health(new Date(T0 + 60_000).toISOString())]);
    expect(b.service.list()[0]).toMatchObject({
      id: inc!.id,
      state: 'open',
      stale: false,
    });
    expect(b.sent).toEqual([]);
    const timeline = b.service.timelineEvents(inc!.id);
    expect(timeline.events.map((e) => e.kind)).toContain('fired');
  });

  it('an acknowledgement is stored, stops reminders, and is on the timeline after a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-incsvc-'));
    const a = setup(dir);
    a.service.reconcile([signal], [health(new Date(T0).toISOString())]);
    const [inc] = a.service.list();
    // Six minutes unacknowledged: the P0 reminder goes out.
    a.clock.t = T0 + 6 * 60_000;
    a.service.reconcile([signal], [health(new Date(a.clock.t).toISOString())]);
    expect(a.sent.map((n) => n.kind)).toEqual(['incident', 'reminder']);
    const acked = await a.service.handlers['incident:ack']({ id: inc!.id, note: 'looking at the v2.4.1 rollout' });
    expect(acked).toMatchObject({ state: 'acknowledged', acknowledgedBy: 'you' });
    a.clock.t = T0 + 20 * 60_000;
    a.service.reconcile([signal], [health(new Date(a.clock.t).toISOString())]);
    expect(a.sent).toHaveLength(2);
    await a.service.flush();

    const b = setup(dir, { clock: { t: T0 + 21 * 60_000 } });
    expect(b.service.list()[0]).toMatchObject({ state: 'acknowledged' });
    const kinds = b.service.timelineEvents(inc!.id).events.map((e) => e.kind);
    expect(kinds).toEqual(expect.arrayContaining(['fired', 'notified', 'acknowledged']));
  });

  it('says clearly when an action does not apply, and changes nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-incsvc-'));
    const a = setup(dir);
    await expect(a.service.handlers['incident:ack']({ id: 'inc-nope' })).rejects.toThrow(
      /no incident|not found|unknown/i,
    );
  });

  it('a save that fails (disk full) is reported, and the incident stays in memory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-incsvc-'));
    const real = openIncidentStore(dir);
    const full: IncidentStore = {
      ...real,
      saveAsync: () =>
        Promise.reject(Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' })),
    };
    const a = setup(dir, { store: full });
    a.service.reconcile([signal], [health(new Date(T0).toISOString())]);
    await a.service.flush();
    expect(a.notices[0]).toMatch(
      /Could not save incident FraudModelHighErrorRate \(ENOSPC\).*kept in memory.*free disk space/,
    );
    expect(a.service.list()).toHaveLength(1);
  });

  it('writes a drifting value only at the checkpoint, and restores it from there after a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-incsvc-'));
    const a = setup(dir, { checkpointMs: 5 * 60_000 });
    const ok = () => [health(new Date(a.clock.t).toISOString())];
    a.service.reconcile([signal], ok());
    await a.service.flush();
    const [inc] = a.service.list();
    const file = join(dir, 'incidents', inc!.id, 'incident.json');
    const written = readFileSync(file, 'utf8');
    for (let i = 1; i <= 4; i++) {
      a.clock.t = T0 + i * 15_000;
      a.service.reconcile([{ ...signal, value: 0.072 + i / 1000 }], ok());
    }
    await a.service.flush();
    expect(readFileSync(file, 'utf8')).toBe(written);
    expect(existsSync(join(dir, 'signal-values.json'))).toBe(false);

    a.clock.t = T0 + 5 * 60_000;
    a.service.reconcile([{ ...signal, value: 0.081 }], ok());
    await a.service.flush();
    expect(readFileSync(file, 'utf8')).toBe(written);
    const b = setup(dir, { clock: { t: T0 + 6 * 60_000 } });
    expect(b.service.list()[0]!.signals[0]!.value).toBe(0.081);
  });

  it("runs a storm's step in slices: requests are answered meanwhile, and an ack given during it is kept", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-incsvc-'));
    const a = setup(dir);
    const ok = () => [health(new Date(a.clock.t).toISOString())];
    a.service.reconcile([signal], ok());
    const [first] = a.service.list();
    const storm = stormOf(SLICED_ABOVE * 3);
    a.clock.t = T0 + 15_000;
    a.service.reconcile([signal, ...storm], ok());
    // The step has not committed yet; the event loop is free between its slices.
    expect(a.service.list()).toHaveLength(1);
    let turns = 0;
    const counting = setInterval(() => turns++, 0);
    await new Promise((r) => setImmediate(r));
    // Someone acknowledges the first incident while the storm is being judged.
    await a.service.handlers['incident:ack']({ id: first!.id, note: 'on it' });
    await a.service.flush();
    clearInterval(counting);
    expect(turns).toBeGreaterThan(0);
    const all = a.service.list();
    expect(all).toHaveLength(storm.length + 1);
    expect(all.find((i) => i.id === first!.id)).toMatchObject({ state: 'acknowledged', acknowledgedBy: 'you' });
  });

  it("an ack given while a storm's step is being committed is kept in memory, on disk and in the last push", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-incsvc-'));
    // A budget of 0 gives the loop back at every pause, so the ack lands inside the commit.
    const a = setup(dir, { sliceBudgetMs: 0 });
    const ok = () => [health(new Date(a.clock.t).toISOString())];
    a.service.reconcile([signal], ok());
    const [first] = a.service.list();
    const storm = stormOf(SLICED_ABOVE * 3);
    a.clock.t = T0 + 15_000;
    // The first incident's value moves in this step: the step holds a newer version of it too.
    a.service.reconcile([{ ...signal, value: 0.081 }, ...storm], ok());
    // The list shows the storm once the commit has begun (its state is taken at once); the
    // notifications, the writes and the pushes are still being done in slices.
    while (a.service.list().length === 1) await new Promise((r) => setImmediate(r));
    const pushedIds = () =>
      a.emitted.flatMap((e) =>
        e.event === 'incidents:changed' ? (e.payload as { changed: { id: string }[] }).changed.map((i) => i.id) : [],
      );
    expect(pushedIds().every((id) => id === first!.id)).toBe(true);
    await a.service.handlers['incident:ack']({ id: first!.id, note: 'on it' });
    await a.service.flush();
    // Pushes go 200 incidents per turn of the loop: wait for all of them.
    while (new Set(pushedIds()).size < storm.length + 1) await new Promise((r) => setImmediate(r));

    const kept = { state: 'acknowledged', acknowledgedBy: 'you' };
    const now = a.service.list();
    expect(now).toHaveLength(storm.length + 1);
    expect(now.find((i) => i.id === first!.id)).toMatchObject(kept);
    // The renderer's last word on it is the acknowledged version, with the step's value.
    const pushes = a.emitted.flatMap((e) =>
      e.event === 'incidents:changed'
        ? (e.payload as { changed: { id: string; state: string }[] }).changed.filter((i) => i.id === first!.id)
        : [],
    );
    expect(pushes.at(-1)).toMatchObject(kept);
    expect(pushes.at(-1)).toMatchObject({ signals: [{ value: 0.081 }] });
    // And so is the disk: a restart reads the acknowledged version back.
    const b = setup(dir, { clock: { t: T0 + 30_000 } });
    expect(b.service.list().find((i) => i.id === first!.id)).toMatchObject(kept);
  });

  it("sends no reminder for an incident acknowledged while a storm's notifications were being decided", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-incsvc-'));
    // A budget of 0 gives the loop back at every pause, so the ack lands inside the decision.
    const a = setup(dir, { sliceBudgetMs: 0 });
    const ok = () => [health(new Date(a.clock.t).toISOString())];
    a.service.reconcile([signal], ok());
    const [first] = a.service.list();
    expect(a.sent.map((n) => n.kind)).toEqual(['incident']);
    // Past the P0's 5-minute reminder, a storm of P3 alerts arrives (routed to Vigil only, so the
    // reminder would go out on its own).
    const storm = stormOf(SLICED_ABOVE * 3).map((s) => ({
      ...s,
      name: 'BatchJobSlow',
      labels: { alertname: 'BatchJobSlow', service: s.labels.service!, severity: 'info' },
      expr: null,
    }));
    a.clock.t = T0 + 6 * 60_000;
    a.service.reconcile([signal, ...storm], ok());
    while (a.service.list().length === 1) await new Promise((r) => setImmediate(r));
    await a.service.handlers['incident:ack']({ id: first!.id, note: 'on it' });
    await a.service.flush();
    expect(a.sent.filter((n) => n.kind === 'reminder')).toEqual([]);
    // Without the ack the same step does remind: the test would see it.
    const b = setup(mkdtempSync(join(tmpdir(), 'vigil-incsvc-')), { sliceBudgetMs: 0 });
    b.service.reconcile([signal], [health(new Date(b.clock.t).toISOString())]);
    b.clock.t = T0 + 6 * 60_000;
    b.service.reconcile([signal, ...storm], [health(new Date(b.clock.t).toISOString())]);
    await b.service.flush();
    expect(b.sent.filter((n) => n.kind === 'reminder').map((n) => n.incidentId)).toEqual([first!.id]);
  });

  it('lets a resolved incident leave memory after the grace period; its history stays reachable from disk', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-incsvc-'));
    const a = setup(dir);
    const ok = () => [health(new Date(a.clock.t).toISOString())];
    a.service.reconcile([signal], ok());
    const [inc] = a.service.list();
    a.clock.t += 15_000;
    a.service.reconcile([], ok());
    await a.service.flush();
    expect(a.service.get(inc!.id)).toMatchObject({ state: 'resolved' });

    // A day and an hour later the next step lets it go: out of the list, and the renderer told so.
    a.clock.t += 25 * 3_600_000;
    a.service.reconcile([], ok());
    await a.service.flush();
    await new Promise((r) => setImmediate(r));
    expect(a.service.list()).toEqual([]);
    const removed = a.emitted.flatMap((e) =>
      e.event === 'incidents:changed' ? (e.payload as { removed: string[] }).removed : [],
    );
    expect(removed).toEqual([inc!.id]);

    // Still there for whoever asks by id (post-mortem, timeline) and for the history (Insights).
    expect(a.service.get(inc!.id)).toMatchObject({ id: inc!.id, state: 'resolved', title: inc!.title });
    expect(a.service.timelineEvents(inc!.id).events.map((e) => e.kind)).toContain('resolved');
    expect(a.service.knownIds()).toEqual([inc!.id]);
    const week = { from: a.clock.t - 7 * 86_400_000, to: a.clock.t };
    expect((await a.service.history(week)).map((i) => i.id)).toEqual([inc!.id]);
    expect(await a.service.history({ from: a.clock.t - 3_600_000, to: a.clock.t })).toEqual([]);

    // The same alert firing again opens a new incident (the flap window is long over).
    a.service.reconcile([{ ...signal, activeAt: new Date(a.clock.t).toISOString() }], ok());
    const [again] = a.service.list();
    expect(again!.id).not.toBe(inc!.id);

    // After a restart the old incident does not come back into memory, but stays in history.
    await a.service.flush();
    const b = setup(dir, { clock: a.clock });
    expect(b.service.list().map((i) => i.id)).toEqual([again!.id]);
    expect((await b.service.history(week)).map((i) => i.id).sort()).toEqual([inc!.id, again!.id].sort());
  });
});
