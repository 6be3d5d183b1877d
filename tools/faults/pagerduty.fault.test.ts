import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPagerDutySource, type PagerDutySource } from '../../electron/sources/pagerduty/pagerDutySource';
import { startCheckedFakePagerDuty } from '../pagerduty/startCheckedFakePagerDuty';

type Checked = Awaited<ReturnType<typeof startCheckedFakePagerDuty>>;
let pd: Checked;
// A fresh fake per case, so one case's leftover 429s or faults cannot leak into the next.
beforeEach(async () => (pd = await startCheckedFakePagerDuty()));
afterEach(async () => {
  // Every response the fake sent during these faults still had PagerDuty's published shape
  // (deliberately broken ones excepted): the faults test the client, not a drifted fake.
  await pd.finish();
});

async function until(cond: () => boolean, ms = 8000) {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** A source that has polled once successfully, so there is something to keep. */
async function primedSource(token = pd.fake.token): Promise<{ source: PagerDutySource; updates: () => number }> {
  let n = 0;
  const source = createPagerDutySource({
    id: 'pd',
    name: 'PagerDuty',
    token,
    baseUrl: pd.fake.url,
    intervalMs: 60_000,
    timeoutMs: 2000,
    onUpdate: () => n++,
    client: { sleep: async () => {}, random: () => 0 },
  });
  source.start();
  await until(() => n >= 1);
  return { source, updates: () => n };
}

async function faultThenPoll(setFault: () => void) {
  const { source, updates } = await primedSource();
  const before = source.signals();
  const n = updates();
  setFault();
  source.pollNow();
  await until(() => updates() > n);
  source.stop();
  return { before, health: source.health(), after: source.signals() };
}

describe('faults: PagerDuty', () => {
  it('PagerDuty 401: says the token was rejected and stops polling', async () => {
    const { source } = await primedSource('u+wrongtoken000000000');
    const sent = pd.fake.requests.length;
    await new Promise((r) => setTimeout(r, 200));
    source.pollNow();
    await new Promise((r) => setTimeout(r, 200));
    source.stop();
    expect(source.health().status).toBe('auth-rejected');
    expect(source.health().message).toMatch(/rejected the token/);
    expect(pd.fake.requests.length - sent).toBe(0);
  });

  it('PagerDuty 429 with ratelimit headers: says until when, keeps incidents', async () => {
    const r = await faultThenPoll(() => pd.fake.rateLimitNext({ count: 5, resetSeconds: 30 }));
    expect(r.health.status).toBe('rate-limited');
    expect(r.health.message).toMatch(/waits until \d\d:\d\d:\d\d UTC/);
    expect(r.after.map((s) => s.id)).toEqual(r.before.map((s) => s.id));
  });

  it("Vigil's own request budget spent: polls held back, said with the reason and the next poll, not shown as ok", async () => {
    await pd.finish();
    // Three requests a minute: two polls (users/me + one page, then one page) spend the budget.
    pd = await startCheckedFakePagerDuty({ rateLimit: 3 });
    const { source, updates } = await primedSource();
    expect(source.health().status).toBe('ok');
    let n = updates();
    source.pollNow();
    await until(() => updates() > n);
    expect(source.health().requestBudget).toMatchObject({ remaining: 0, limit: 3 });
    const sent = pd.fake.requests.length;
    n = updates();
    source.pollNow();
    await until(() => updates() > n);
    source.stop();
    const h = source.health();
    expect(h.status).toBe('rate-limited');
    expect(h.message).toMatch(
      /^Vigil is holding PagerDuty polls back to stay within the request budget \(0 of 3 requests left in this window\): next poll at \d\d:\d\d:\d\d UTC$/,
    );
    expect(h.until).not.toBeNull();
    // Held back by Vigil itself: nothing was sent, and PagerDuty never had to answer 429.
    expect(pd.fake.requests.length).toBe(sent);
  });

  it('PagerDuty 5xx: reported in words, incidents kept stale', async () => {
    const r = await faultThenPoll(() => pd.fake.injectFault('server-error', { times: 5 }));
    expect(r.health.message).toMatch(/HTTP 500/);
    expect(r.after.length).toBe(r.before.length);
    expect(r.after.every((s) => s.stale)).toBe(true);
  });

  it('PagerDuty malformed JSON: reported, incidents kept', async () => {
    const r = await faultThenPoll(() => pd.fake.injectFault('malformed-json', { times: 5 }));
    expect(r.health.status).toBe('bad-reply');
    expect(r.after.length).toBe(r.before.length);
  });

  it('PagerDuty wrong content type: reported, incidents kept', async () => {
    const r = await faultThenPoll(() => pd.fake.injectFault('wrong-content-type', { times: 5 }));
    expect(r.health.status).toBe('bad-reply');
    expect(r.after.length).toBe(r.before.length);
  });

  it('PagerDuty behind a login page (HTML): reported as not the API', async () => {
    const r = await faultThenPoll(() => pd.fake.injectFault('html-page', { times: 5 }));
    expect(r.health.message).toMatch(/HTML/);
  });

  it('PagerDuty pagination that changes between pages: no incident lost or doubled', async () => {
    // Six open incidents read two to a page: three pages, two boundaries to cross.
    for (const n of [1, 2, 3]) pd.fake.triggerIncident({ title: `Extra incident ${n}`, serviceId: 'PSFEATS' });
    let n = 0;
    const source = createPagerDutySource({
      id: 'pd',
      name: 'PagerDuty',
      token: pd.fake.token,
      baseUrl: pd.fake.url,
      intervalMs: 60_000,
      timeoutMs: 2000,
      onUpdate: () => n++,
      client: { pageLimit: 2, sleep: async () => {}, random: () => 0 },
    });
    source.start();
    await until(() => n >= 1);
    const openNow = () =>
      pd.fake.world.incidents
        .filter((i) => i.status !== 'resolved')
        .map((i) => i.id)
        .sort();
    const incidentIds = () => source.signals().map((s) => s.fingerprint);
    expect([...incidentIds()].sort()).toEqual(openNow());
    expect(openNow().length).toBe(6);

    // While Vigil reads page one, its first incident is resolved and a new one triggered: every
    // later item moves back by one, and the total stays 6.
    pd.fake.injectFault('shift-pages-same-total');
    const before = n;
    source.pollNow();
    await until(() => n > before);
    source.stop();
    expect(source.health().status).toBe('ok');
    const after = incidentIds();
    expect(new Set(after).size).toBe(after.length);
    expect([...after].sort()).toEqual(openNow());
  });
});
