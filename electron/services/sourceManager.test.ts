import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startCheckedFakePagerDuty } from '../../tools/pagerduty/startCheckedFakePagerDuty';
import { parseDemoScenario } from '../../shared/demo/demoScenario';
import { callHandler, UserFacingError } from '../../shared/ipc/callHandler';
import type { RequestHandlers, RequestInput, RequestName, RequestOutput, SourceView } from '../../shared/ipc/contract';
import { openSecretStore } from '../store/secretStore';
import { openSettingsStore } from '../store/settingsStore';
import { createSourceManager, type SourceManager } from './sourceManager';

/*
 * The source manager against small local servers that check credentials (and, when they are
 * wrong, echo the Authorization header back the way a careless proxy does) and the
 * contract-checked PagerDuty fake. The secret checks call every sources:* request through the
 * same callHandler the IPC binding and the browser host use, and scan what comes back.
 */

const PD_TOKEN = 'pd-token-Qm7vXz2LwK9s';
const BEARER = 'prom-bearer-5hT8nRc1';
const AM_PASSWORD = 'am-password-Wd4jYp6e';
const SECRETS = [PD_TOKEN, BEARER, AM_PASSWORD];

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

interface SeenRequest {
  path: string;
  headers: IncomingMessage['headers'];
}

/** A loopback HTTP(S) server; `expectAuth` makes it answer 401 with the header it got echoed back. */
async function startServer(
  routes: Record<string, unknown>,
  opts: { expectAuth?: string; status?: number; tls?: { key: string; cert: string } } = {},
) {
  const seen: SeenRequest[] = [];
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0]!;
    seen.push({ path, headers: req.headers });
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (opts.status) return send(opts.status, { error: `no (you sent ${req.headers.authorization ?? 'nothing'})` });
    if (opts.expectAuth !== undefined && req.headers.authorization !== opts.expectAuth) {
      return send(401, { error: `unauthorized: got ${req.headers.authorization ?? 'no Authorization header'}` });
    }
    if (!(path in routes)) return send(404, { error: 'not found' });
    send(200, routes[path]);
  };
  const server = opts.tls ? createHttpsServer(opts.tls, handle) : createHttpServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  cleanups.push(() => new Promise((resolve) => server.close(resolve)));
  return { url: `${opts.tls ? 'https' : 'http'}://127.0.0.1:${port}`, seen };
}

const firingAlert = {
  labels: { alertname: 'FraudModelHighErrorRate', service: 'fraud-model', severity: 'critical' },
  annotations: { summary: 'errors' },
  state: 'firing',
  activeAt: new Date(Date.now() - 60_000).toISOString(),
  value: '7.2e-02',
};
const prometheusRoutes = (prefix = '') => ({
  [`${prefix}/api/v1/alerts`]: { status: 'success', data: { alerts: [firingAlert] } },
});
const alertmanagerRoutes = {
  '/api/v2/status': {
    cluster: { status: 'disabled', peers: [] },
    versionInfo: { version: '0.25.0' },
    config: { original: 'route: {}' },
    uptime: new Date().toISOString(),
  },
  '/api/v2/alerts': [],
};

function setup(dataDir = mkdtempSync(join(tmpdir(), 'vigil-sources-'))) {
  const settings = openSettingsStore(dataDir);
  const secrets = openSecretStore(dataDir);
  const logs: string[] = [];
  const scenario = parseDemoScenario(
    readFileSync(new URL('../../resources/demo/ml-serving-incident.yaml', import.meta.url), 'utf8'),
  );
  const manager = createSourceManager({
    settings,
    secrets,
    scenario,
    demoSpeed: 1,
    now: Date.now,
    onUpdate: () => {},
    log: (m) => logs.push(m),
    testTimeoutMs: 3000,
  });
  manager.start();
  cleanups.push(() => manager.stop());
  /** Every output and every error message, as a renderer would receive them. */
  const received: string[] = [];
  const call = async <K extends RequestName>(channel: K, input: RequestInput<K>) => {
    try {
      const out = await callHandler(manager.handlers as unknown as RequestHandlers, channel, input);
      received.push(JSON.stringify(out));
      return out as RequestOutput<K>;
    } catch (err) {
      received.push((err as Error).message);
      throw err;
    }
  };
  return { dataDir, settings, secrets, manager, logs, received, call };
}

async function until<T>(what: string, probe: () => T | null | undefined | false, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const healthOf = (m: SourceManager, id: string) => m.health().find((h) => h.sourceId === id)!;

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

describe('source manager: secrets', () => {
  it('keeps every secret out of every sources:* response, the logs and every file but secrets.json', async () => {
    const pd = await startCheckedFakePagerDuty({ token: PD_TOKEN });
    cleanups.push(() => pd.finish());
    const prom = await startServer(prometheusRoutes('/prom'), { expectAuth: `Bearer ${BEARER}` });
    const basic = `Basic ${Buffer.from(`vigil:${AM_PASSWORD}`).toString('base64')}`;
    const am = await startServer(alertmanagerRoutes, { expectAuth: basic });
    const { manager, call, received, logs, dataDir } = setup();

    const p: SourceView = await call('sources:add', {
      kind: 'prometheus',
      name: 'Mimir (ml)',
      url: prom.url,
      pathPrefix: '/prom/',
      headers: { 'X-Scope-OrgID': 'team-ml' },
      bearerToken: BEARER,
      intervalSeconds: 2,
    });
    const a: SourceView = await call('sources:add', {
      kind: 'alertmanager',
      name: 'Alertmanager',
      url: am.url,
      basicAuthUser: 'vigil',
      basicAuthPassword: AM_PASSWORD,
    });
    const d: SourceView = await call('sources:add', {
      kind: 'pagerduty',
      name: 'PagerDuty',
      url: pd.fake.url,
      token: PD_TOKEN,
    });
    expect(p).toMatchObject({
      kind: 'prometheus',
      secrets: { bearerToken: { set: true }, basicAuthPassword: { set: false } },
    });
    expect(a).toMatchObject({
      kind: 'alertmanager',
      secrets: { bearerToken: { set: false }, basicAuthPassword: { set: true } },
    });
    expect(d).toMatchObject({ kind: 'pagerduty', secrets: { token: { set: true } } });

    // Each source really uses its credentials, prefix and tenant header.
    await until('all three sources healthy', () => [p, a, d].every((s) => healthOf(manager, s.id).status === 'ok'));
    // The alerts, and the rule list their expressions come from, with the same credentials.
    for (const path of ['/prom/api/v1/alerts', '/prom/api/v1/rules']) {
      expect(prom.seen.findLast((r) => r.path === path)).toMatchObject({
        path,
        headers: { authorization: `Bearer ${BEARER}`, 'x-scope-orgid': 'team-ml' },
      });
    }
    expect(am.seen.at(-1)!.headers.authorization).toBe(basic);
    expect(manager.signals().some((s) => s.sourceId === p.id && s.name === 'FraudModelHighErrorRate')).toBe(true);
    expect(healthOf(manager, d.id).requestBudget).toMatchObject({ limit: 960 });

    // Every request, including the failing ones.
    await call('sources:list', {});
    // "Test" on an edit form: the form's settings, the stored secrets.
    for (const s of [p, a, d]) {
      const { id, kind, url } = s;
      const form =
        kind === 'pagerduty'
          ? { id, kind, url }
          : kind === 'demo'
            ? null
            : { id, kind, url, pathPrefix: s.pathPrefix, basicAuthUser: s.basicAuthUser };
      expect(await call('sources:test', form!)).toMatchObject({ ok: true });
    }
    expect(await call('sources:test', { kind: 'pagerduty', url: pd.fake.url, token: `${PD_TOKEN}x` })).toMatchObject({
      ok: false,
      message: `PagerDuty at ${pd.fake.url} rejected the token (HTTP 401): check that it is a REST API key, copied whole`,
    });
    expect(
      await call('sources:test', {
        kind: 'prometheus',
        id: p.id,
        url: prom.url,
        pathPrefix: '/prom',
        bearerToken: null,
      }),
    ).toMatchObject({ ok: false, message: expect.stringContaining('rejected the credentials (HTTP 401)') });
    await call('sources:update', { id: d.id, kind: 'pagerduty', name: 'PagerDuty (ml)', url: pd.fake.url });
    await call('sources:update', {
      id: p.id,
      kind: 'prometheus',
      name: 'Mimir (ml)',
      url: prom.url,
      pathPrefix: '/prom',
      headers: { 'X-Scope-OrgID': 'team-ml' },
      intervalSeconds: 3,
    });
    await call('sources:poll', {});
    await call('sources:poll', { id: a.id });
    await expect(
      call('sources:add', { kind: 'alertmanager', name: 'x', url: am.url, basicAuthUser: 'u', bearerToken: BEARER }),
    ).rejects.toThrow('basic auth or a bearer token, not both');
    await expect(
      call('sources:add', { kind: 'pagerduty', name: 'x', token: PD_TOKEN, fromEmail: 'not-an-email' }),
    ).rejects.toThrow(/invalid sources:add request/);
    await expect(
      call('sources:update', { id: d.id, kind: 'prometheus', name: 'x', url: am.url, bearerToken: PD_TOKEN }),
    ).rejects.toThrow(/the kind cannot change/);
    await expect(call('sources:remove', { id: 'prom-nope' })).rejects.toThrow(UserFacingError);
    received.push(JSON.stringify(manager.health()));

    for (const secret of SECRETS) {
      for (const r of received) expect(r).not.toContain(secret);
      for (const line of logs) expect(line).not.toContain(secret);
    }
    const secretsFile = join(dataDir, 'secrets.json');
    for (const file of filesUnder(dataDir)) {
      const text = readFileSync(file, 'utf8');
      for (const secret of SECRETS) {
        if (file === secretsFile) expect(text).toContain(secret);
        else expect(text, `${secret} found in ${file}`).not.toContain(secret);
      }
    }
    expect(statSync(secretsFile).mode & 0o777).toBe(0o600);

    // Removing a source deletes its secrets.
    for (const s of [p, a, d]) await call('sources:remove', { id: s.id });
    const left = readFileSync(secretsFile, 'utf8');
    for (const secret of SECRETS) expect(left).not.toContain(secret);
    expect(await call('sources:list', {})).toEqual([]);
  });

  it('scrubs a secret that a server echoes back out of health and test results', async () => {
    const prom = await startServer(prometheusRoutes(), { expectAuth: `Bearer ${BEARER}` });
    const { manager, call } = setup();
    const wrong = 'wrong-bearer-Hy3k0Lq';
    const p: SourceView = await call('sources:add', {
      kind: 'prometheus',
      name: 'P',
      url: prom.url,
      bearerToken: wrong,
      intervalSeconds: 2,
    });
    const h = await until('auth rejected', () => {
      const x = healthOf(manager, p.id);
      return x.status === 'auth-rejected' && x;
    });
    // The server did echo it: the detail would carry it without the redactor.
    expect(h.detail).toContain('Bearer [secret]');
    expect(JSON.stringify(manager.health())).not.toContain(wrong);
    const listed = JSON.stringify(await call('sources:list', {}));
    expect(listed).not.toContain(wrong);
    expect(listed).toContain('rejected the credentials (HTTP 401)');
  });

  it('replaces a secret given, keeps one left out, clears one set to null', async () => {
    const am = await startServer(alertmanagerRoutes);
    const { call, secrets } = setup();
    const base = { kind: 'alertmanager' as const, name: 'AM', url: am.url };
    const a: SourceView = await call('sources:add', {
      ...base,
      basicAuthUser: 'vigil',
      basicAuthPassword: 'first-pass',
    });
    const key = `source/${a.id}/basicAuthPassword`;
    await call('sources:update', { ...base, id: a.id, basicAuthUser: 'vigil' });
    expect(secrets.get(key)).toBe('first-pass');
    await call('sources:update', { ...base, id: a.id, basicAuthUser: 'vigil', basicAuthPassword: 'second-pass' });
    expect(secrets.get(key)).toBe('second-pass');
    await expect(call('sources:update', { ...base, id: a.id, basicAuthUser: null })).rejects.toThrow(
      'A basic-auth password is set but no user',
    );
    const cleared: SourceView = await call('sources:update', {
      ...base,
      id: a.id,
      basicAuthUser: null,
      basicAuthPassword: null,
      bearerToken: 'a-bearer-token',
    });
    expect(secrets.has(key)).toBe(false);
    expect(cleared).toMatchObject({
      basicAuthUser: null,
      secrets: { basicAuthPassword: { set: false }, bearerToken: { set: true } },
    });
  });

  it('a new PagerDuty token keeps the running client (and its rate-limit state); other edits rebuild it', async () => {
    const pd = await startCheckedFakePagerDuty({ token: PD_TOKEN });
    cleanups.push(() => pd.finish());
    const { manager, call } = setup();
    const base = { kind: 'pagerduty' as const, name: 'PD', url: pd.fake.url };
    const d: SourceView = await call('sources:add', { ...base, token: `${PD_TOKEN}-old` });
    await until('token rejected', () => healthOf(manager, d.id).status === 'auth-rejected');
    const before = manager.pagerDuty(d.id);
    await call('sources:update', { ...base, id: d.id, token: PD_TOKEN });
    expect(manager.pagerDuty(d.id)).toBe(before);
    await until('healthy with the new token', () => healthOf(manager, d.id).status === 'ok');
    await call('sources:update', { ...base, id: d.id, intervalSeconds: 60 });
    expect(manager.pagerDuty(d.id)).not.toBe(before);
    await expect(call('sources:update', { ...base, id: d.id, token: null })).rejects.toThrow('needs an API token');
  });

  it('a rejected token is asked again after "Check now", after saving the same token, and after a good "Test connection"', async () => {
    const pd = await startCheckedFakePagerDuty({ token: PD_TOKEN });
    cleanups.push(() => pd.finish());
    const { manager, call } = setup();
    const base = { kind: 'pagerduty' as const, name: 'PD', url: pd.fake.url };
    const d: SourceView = await call('sources:add', { ...base, token: PD_TOKEN });
    await until('first poll', () => healthOf(manager, d.id).status === 'ok');
    const reject = async () => {
      // The token is revoked in PagerDuty: one 401, then Vigil stops asking.
      pd.fake.setToken(`${PD_TOKEN}-rotated`);
      await call('sources:poll', { id: d.id });
      await until('token rejected', () => healthOf(manager, d.id).status === 'auth-rejected');
      expect(healthOf(manager, d.id).message).toMatch(/on the Sources screen.*"Check now"/);
      // ...and it works again (restored in PagerDuty), with nothing changed in Vigil.
      pd.fake.setToken(PD_TOKEN);
    };

    await reject();
    await call('sources:poll', { id: d.id });
    await until('ok after Check now', () => healthOf(manager, d.id).status === 'ok');

    await reject();
    await call('sources:update', { ...base, id: d.id, token: PD_TOKEN });
    await until('ok after saving the same token', () => healthOf(manager, d.id).status === 'ok');

    await reject();
    const tested = await call('sources:test', { ...base, id: d.id });
    expect(tested).toMatchObject({ ok: true });
    await until('ok after a good test of the stored token', () => healthOf(manager, d.id).status === 'ok');
  });

  it('sends a stored secret only to the address it was saved for', async () => {
    const pd = await startCheckedFakePagerDuty({ token: PD_TOKEN });
    cleanups.push(() => pd.finish());
    const elsewhere = await startServer({});
    const { call, secrets } = setup();
    const d: SourceView = await call('sources:add', {
      kind: 'pagerduty',
      name: 'PD',
      url: pd.fake.url,
      token: PD_TOKEN,
    });
    const moved = `The address changed from ${pd.fake.url} to ${elsewhere.url}: enter the API token again`;
    await expect(call('sources:test', { kind: 'pagerduty', id: d.id, url: elsewhere.url })).rejects.toThrow(moved);
    await expect(
      call('sources:update', { kind: 'pagerduty', id: d.id, name: 'PD', url: elsewhere.url }),
    ).rejects.toThrow(moved);
    expect(elsewhere.seen).toEqual([]);
    // Same address, another path: still the same server.
    await call('sources:test', { kind: 'pagerduty', id: d.id, url: `${pd.fake.url}/` });
    // Typing the token again is consent to send it there.
    await call('sources:update', {
      kind: 'pagerduty',
      id: d.id,
      name: 'PD',
      url: elsewhere.url,
      token: 'another-token',
    });
    expect(secrets.get(`source/${d.id}/token`)).toBe('another-token');
  });

  it('sends stored secrets to no new HA member: members get the same credentials as the address', async () => {
    const prom = await startServer(prometheusRoutes(), { expectAuth: `Bearer ${BEARER}` });
    const twin = await startServer(prometheusRoutes());
    const elsewhere = await startServer(prometheusRoutes());
    const { call } = setup();
    const base = { kind: 'prometheus' as const, name: 'Prom', url: prom.url };
    const d: SourceView = await call('sources:add', {
      ...base,
      members: [twin.url],
      bearerToken: BEARER,
      headers: { 'X-Api-Key': 'gateway-key-7' },
    });
    await until('both members polled', () => twin.seen.some((r) => r.path === '/api/v1/alerts'));
    const added = `A member address is new (${elsewhere.url}): enter the bearer token and extra headers again`;
    await expect(call('sources:test', { ...base, id: d.id, members: [twin.url, elsewhere.url] })).rejects.toThrow(
      added,
    );
    await expect(call('sources:update', { ...base, id: d.id, members: [elsewhere.url] })).rejects.toThrow(added);
    // The members the secrets were saved for may swap places with the address.
    await call('sources:test', { ...base, id: d.id, url: twin.url, members: [prom.url] });
    await call('sources:poll', { id: d.id });
    await new Promise((r) => setTimeout(r, 300));
    expect(elsewhere.seen).toEqual([]);
    const [kept] = (await call('sources:list', {})) as SourceView[];
    expect(kept).toMatchObject({ id: d.id, url: prom.url, members: [twin.url] });
    // Typing them again is consent to send them there too.
    await call('sources:update', {
      ...base,
      id: d.id,
      members: [elsewhere.url],
      bearerToken: BEARER,
      headers: { 'X-Api-Key': 'gateway-key-7' },
    });
    await until('the new member is polled with the token', () =>
      elsewhere.seen.some((r) => r.headers.authorization === `Bearer ${BEARER}`),
    );
  });

  it('builds every kind from settings and the secret store at the next start', async () => {
    const pd = await startCheckedFakePagerDuty({ token: PD_TOKEN });
    cleanups.push(() => pd.finish());
    const first = setup();
    const d: SourceView = await first.call('sources:add', {
      kind: 'pagerduty',
      name: 'PD',
      url: pd.fake.url,
      token: PD_TOKEN,
    });
    first.manager.stop();
    const second = setup(first.dataDir);
    await until('PagerDuty healthy after a restart', () => healthOf(second.manager, d.id)?.status === 'ok');
  });
});

describe('source manager: extra headers are secrets', () => {
  it('headers an older Vigil kept in settings.json move into the secret store at start, and still go out', async () => {
    const prom = await startServer(prometheusRoutes());
    const dataDir = mkdtempSync(join(tmpdir(), 'vigil-sources-'));
    const old = openSettingsStore(dataDir);
    old.update((s) => ({
      ...s,
      sources: [
        {
          id: 'prom-old',
          kind: 'prometheus',
          name: 'Old',
          url: prom.url,
          intervalSeconds: 2,
          pathPrefix: '',
          headers: { 'X-Scope-OrgID': 'tenant-old-7' },
          basicAuthUser: null,
          caPem: null,
          members: [],
          replicaLabels: [],
        },
      ],
    }));
    const { manager, call } = setup(dataDir);
    expect(readFileSync(join(dataDir, 'settings.json'), 'utf8')).not.toContain('tenant-old-7');
    const [view] = await call('sources:list', {});
    expect(view).toMatchObject({ headers: { 'X-Scope-OrgID': { set: true } } });
    manager.pollNow('prom-old');
    await until('the header went out', () => prom.seen.some((r) => r.headers['x-scope-orgid'] === 'tenant-old-7'));
  });
});

describe('source manager: scheduling', () => {
  it('pauses every poller while the machine sleeps and polls at once on wake', async () => {
    const prom = await startServer(prometheusRoutes());
    const { manager, call } = setup();
    await call('sources:add', { kind: 'prometheus', name: 'P', url: prom.url, intervalSeconds: 2 });
    // Polls only: the rule list a first poll also asks for may still be on its way at the pause.
    const polls = () => prom.seen.filter((r) => r.path === '/api/v1/alerts').length;
    await until('first poll', () => polls() >= 1);
    manager.pauseAll();
    const atPause = polls();
    await call('sources:add', { kind: 'prometheus', name: 'Q', url: prom.url, intervalSeconds: 2 });
    await call('sources:poll', {});
    await new Promise((r) => setTimeout(r, 2500));
    expect(polls()).toBe(atPause);
    manager.resumeAll();
    await until('both sources poll on wake', () => polls() >= atPause + 2, 1000);
  });

  it('rebuilds an edited source without a restart and keeps its alerts (stale) until it answers again', async () => {
    const prom = await startServer(prometheusRoutes());
    const { manager, call } = setup();
    const p: SourceView = await call('sources:add', {
      kind: 'prometheus',
      name: 'P',
      url: prom.url,
      intervalSeconds: 2,
    });
    await until('alert seen', () => manager.signals().length === 1);
    const dead = await startServer({}, { status: 503 });
    await call('sources:update', { kind: 'prometheus', id: p.id, name: 'P', url: dead.url, intervalSeconds: 2 });
    await until('the new URL is polled', () => dead.seen.length >= 1);
    await until('unreachable', () => healthOf(manager, p.id).status === 'unreachable');
    expect(manager.signals()).toMatchObject([{ name: 'FraudModelHighErrorRate', stale: true }]);
    expect(((await call('sources:list', {})) as SourceView[])[0]!.lastError).toMatchObject({
      message: expect.stringContaining('answered HTTP 503'),
    });
    await call('sources:update', { kind: 'prometheus', id: p.id, name: 'P', url: prom.url, intervalSeconds: 2 });
    await until('fresh again', () => manager.signals()[0]?.stale === false);
    // The last error stays visible after recovery, with when it happened.
    expect(((await call('sources:list', {})) as SourceView[])[0]!.lastError).not.toBeNull();
  });
});

describe('sources:test says exactly what is wrong', () => {
  const messageFor = async (input: RequestInput<'sources:test'>) => {
    const { call } = setup();
    return ((await call('sources:test', input)) as { message: string }).message;
  };

  it('refused, DNS, 401, 403, 404 and not-Prometheus / not-Alertmanager', async () => {
    const closed = await startServer({});
    const port = Number(new URL(closed.url).port);
    const forbidden = await startServer({}, { status: 403 });
    const locked = await startServer({}, { status: 401 });
    const amLike = await startServer({ '/api/v1/alerts': { status: 'success', data: [] } });
    const promLike = await startServer(prometheusRoutes());
    // A port that was just free: nothing listens there.
    const dead = `http://127.0.0.1:${port === 65535 ? port - 1 : port + 1}`;

    expect(await messageFor({ kind: 'alertmanager', url: dead })).toMatch(
      /^Alertmanager at http:\/\/127\.0\.0\.1:\d+ refused the connection \(is it running\?\)$/,
    );
    expect(await messageFor({ kind: 'prometheus', url: 'http://vigil-no-such-host.invalid:9090' })).toBe(
      'Prometheus at http://vigil-no-such-host.invalid:9090: the host name does not resolve (check the URL)',
    );
    expect(await messageFor({ kind: 'prometheus', url: locked.url, bearerToken: 'nope-nope' })).toBe(
      `Prometheus at ${locked.url} rejected the credentials (HTTP 401): check the user and password or the token in Sources`,
    );
    expect(await messageFor({ kind: 'alertmanager', url: forbidden.url })).toBe(
      `Alertmanager at ${forbidden.url} refused access (HTTP 403): these credentials are not allowed to read it (check their permissions or the tenant header)`,
    );
    expect(await messageFor({ kind: 'prometheus', url: amLike.url })).toBe(
      `${amLike.url} answered, but not like Prometheus's /api/v1/alerts (is this a Prometheus URL?)`,
    );
    expect(await messageFor({ kind: 'alertmanager', url: promLike.url })).toBe(
      `${promLike.url} has no Alertmanager API (HTTP 404 for /api/v2/status): check the URL and the path prefix`,
    );
    expect(await messageFor({ kind: 'prometheus', url: promLike.url, pathPrefix: '/prometheus' })).toBe(
      `${promLike.url}/prometheus has no Prometheus API (HTTP 404 for /api/v1/alerts): check the URL and the path prefix`,
    );
    expect(await messageFor({ kind: 'prometheus', url: promLike.url })).toBe(
      `Connected to Prometheus at ${promLike.url}: 1 alert firing`,
    );
  });

  it('TLS: an untrusted certificate is named as such, and the source CA fixes it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-tls-'));
    // A throw-away self-signed certificate for 127.0.0.1, made for this test only.
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '2',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    const tls = { key: readFileSync(join(dir, 'key.pem'), 'utf8'), cert: readFileSync(join(dir, 'cert.pem'), 'utf8') };
    const secure = await startServer(prometheusRoutes(), { tls });
    const plain = await startServer(prometheusRoutes());

    expect(await messageFor({ kind: 'prometheus', url: secure.url })).toBe(
      `Prometheus at ${secure.url}: TLS failed: its certificate is not trusted (self-signed certificate). If your organisation signs it, add that CA's PEM to the source.`,
    );
    expect(await messageFor({ kind: 'prometheus', url: secure.url, caPem: tls.cert })).toBe(
      `Connected to Prometheus at ${secure.url}: 1 alert firing`,
    );
    expect(await messageFor({ kind: 'prometheus', url: plain.url.replace('http:', 'https:') })).toMatch(
      /TLS failed: nothing speaks https on that port \(should the URL start with http:\/\/\?\)$/,
    );
  });
});
