import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  startCheckedFakePagerDuty,
  type CheckedFakePagerDuty,
} from '../../../tools/pagerduty/startCheckedFakePagerDuty';
import {
  createPagerDutySource,
  testPagerDuty,
  type PagerDutySource,
  type PagerDutySourceOptions,
} from './pagerDutySource';

/** The PagerDuty source (poller + health + signals) against the contract-checked fake. */

let pd: CheckedFakePagerDuty;
let source: PagerDutySource | null = null;
beforeEach(async () => {
  pd = await startCheckedFakePagerDuty();
});
afterEach(async () => {
  source?.stop();
  source = null;
  await pd.finish();
});

const start = (extra: Partial<PagerDutySourceOptions> = {}) => {
  source = createPagerDutySource({
    id: 'pd-main',
    name: 'PagerDuty',
    token: pd.fake.token,
    baseUrl: pd.fake.url,
    intervalMs: 40,
    onUpdate: () => {},
    ...extra,
  });
  source.start();
  return source;
};

async function until<T>(what: string, probe: () => T | undefined | null | false, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('PagerDuty source', () => {
  it('turns open incidents into pagerduty Signals the engine can merge', async () => {
    const s = start();
    await until('ok health', () => s.health().status === 'ok');
    const signals = s.signals();
    expect(signals).toHaveLength(3);
    const fraud = signals.find((x) => x.fingerprint === 'Q3FRAUDERRORS1')!;
    expect(fraud).toMatchObject({
      id: 'pd-main/Q3FRAUDERRORS1',
      sourceKind: 'pagerduty',
      name: '[FIRING:1] FraudModelHighErrorRate (fraud-model critical)',
      state: 'firing',
      stale: false,
      dedupKey: 'b5a2c7e1d4f3a6b9c8e0d2f1a4b7c6e9d8f0a3b2c5e4d7f6a9b8c1e0d3f2a5b4',
      labels: {
        alertname: 'FraudModelHighErrorRate',
        service: 'fraud-model',
        urgency: 'high',
        incident_key: 'b5a2c7e1d4f3a6b9c8e0d2f1a4b7c6e9d8f0a3b2c5e4d7f6a9b8c1e0d3f2a5b4',
        pagerduty_status: 'triggered',
        pagerduty_priority: 'P1',
      },
    });
    expect(fraud.generatorURL).toMatch(/\/incidents\/Q3FRAUDERRORS1$/);
    expect(s.health().requestBudget).toMatchObject({ limit: 960 });
    expect(s.health().requestBudget!.remaining).toBeLessThan(960);
    expect(s.currentUser()?.email).toBe('ada.okafor@example.com');
  });

  it('shows an incident still open however long ago it was created (no 30-day window)', async () => {
    const created = new Date(Date.now() - 31 * 86_400_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const old = pd.fake.triggerIncident({
      title: 'Disk 85% on batch-7 (low urgency, left open)',
      serviceId: pd.fake.world.services[0]!.id,
      urgency: 'low',
      created_at: created,
      updated_at: created,
      last_status_change_at: created,
    });
    const s = start();
    await until('ok health', () => s.health().status === 'ok');
    expect(s.signals().map((x) => x.fingerprint)).toContain(old.id);
    // Open ones only, all dates: no paging through history.
    const asked = pd.fake.requests.find((r) => r.path === '/incidents')!.query;
    expect({ range: asked.get('date_range'), statuses: asked.getAll('statuses[]') }).toEqual({
      range: 'all',
      statuses: ['triggered', 'acknowledged'],
    });
  });

  it('acknowledges as the token owner and shows the new state without waiting for the interval', async () => {
    const s = start({ intervalMs: 60_000 });
    await until('ok health', () => s.health().status === 'ok');
    await s.acknowledge('Q3FRAUDERRORS1');
    expect(pd.fake.requests.find((r) => r.method === 'PUT')!.headers.from).toBe('ada.okafor@example.com');
    await until('ack visible', () =>
      s.signals().find((x) => x.fingerprint === 'Q3FRAUDERRORS1' && x.labels.pagerduty_status === 'acknowledged'),
    );
    await s.resolve('Q3FRAUDERRORS1');
    await until('resolved incident gone', () => !s.signals().some((x) => x.fingerprint === 'Q3FRAUDERRORS1'));
  });

  it('a 401 stops polling: one request, then silence until the token changes', async () => {
    const s = start({ token: 'revoked-token' });
    await until('auth-rejected', () => s.health().status === 'auth-rejected');
    expect(s.health().message).toMatch(/rejected the token \(401\).*on the Sources screen/);
    // At a 40 ms interval, 400 ms would be ten polls; none may reach PagerDuty.
    await sleep(400);
    expect(pd.fake.requests).toHaveLength(1);
    expect(JSON.stringify(s.health())).not.toContain('revoked-token');

    s.setToken(pd.fake.token);
    await until('ok after new token', () => s.health().status === 'ok');
    expect(s.signals()).toHaveLength(3);
  });

  it('rate-limited: health says until when, and no request goes out before then', async () => {
    const s = start();
    await until('ok health', () => s.health().status === 'ok');
    const sent = pd.fake.requests.length;
    pd.fake.rateLimitNext({ resetSeconds: 30 });
    await until('rate-limited', () => s.health().status === 'rate-limited');
    const health = s.health();
    const untilMs = Date.parse(health.until!);
    expect(untilMs - Date.now()).toBeGreaterThan(25_000);
    expect(health.message).toMatch(/rate limit was reached: Vigil waits until \d\d:\d\d:\d\d UTC/);
    expect(s.signals().every((x) => x.stale)).toBe(true);
    await sleep(300);
    expect(pd.fake.requests.length).toBe(sent + 1);
  });

  it.each([
    ['malformed-json', 'bad-reply', /sent a reply Vigil cannot use: the JSON is malformed/],
    ['wrong-content-type', 'bad-reply', /Content-Type "text\/plain; charset=utf-8" instead of JSON/],
    ['html-page', 'bad-reply', /HTML page instead of JSON/],
    ['server-error', 'unreachable', /answered HTTP 500/],
  ] as const)('%s gives a health message and keeps the incidents, stale', async (fault, status, words) => {
    const s = start({ intervalMs: 60_000 });
    await until('ok health', () => s.health().status === 'ok');
    pd.fake.injectFault(fault, { pathPrefix: '/incidents' });
    s.pollNow();
    await until(status, () => s.health().status === status);
    expect(s.health().message).toMatch(words);
    expect(s.signals()).toHaveLength(3);
    expect(s.signals().every((x) => x.stale)).toBe(true);
    s.pollNow();
    await until('recovered', () => s.health().status === 'ok');
    expect(s.signals().some((x) => x.stale)).toBe(false);
  });

  it('test connection names the user, or says what is wrong', async () => {
    expect(await testPagerDuty(pd.fake.token, pd.fake.url)).toEqual({
      ok: true,
      message: 'Connected to PagerDuty as Ada Okafor (ada.okafor@example.com)',
    });
    const wrong = await testPagerDuty('nope', pd.fake.url);
    expect(wrong.ok).toBe(false);
    expect(wrong.message).toMatch(/rejected the token/);
  });
});
