import { inspect } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  startCheckedFakePagerDuty,
  type CheckedFakePagerDuty,
} from '../../../tools/pagerduty/startCheckedFakePagerDuty';
import { BadReplyError, HttpStatusError } from '../describeFetchError';
import {
  createPagerDutyClient,
  PagerDutyRateLimitedError,
  PagerDutyTokenRejectedError,
  type PagerDutyClientOptions,
} from './pagerDutyClient';

/**
 * The client against the fake PagerDuty. Every response the fake sends in these tests is checked
 * against PagerDuty's OpenAPI description (startCheckedFakePagerDuty); `finish` in afterEach
 * fails the test on any mismatch.
 */

let pd: CheckedFakePagerDuty;
beforeEach(async () => {
  pd = await startCheckedFakePagerDuty();
});
afterEach(async () => {
  await pd.finish();
});

const client = (extra: Partial<PagerDutyClientOptions> = {}) =>
  createPagerDutyClient({ token: pd.fake.token, baseUrl: pd.fake.url, timeoutMs: 5000, ...extra });

const openIds = () =>
  pd.fake.world.incidents
    .filter((i) => i.status !== 'resolved')
    .map((i) => i.id)
    .sort();

describe('PagerDuty client against the fake', () => {
  it('sends the headers PagerDuty documents and reads /users/me', async () => {
    const user = await client().getCurrentUser();
    expect(user).toMatchObject({ id: 'PU1ADA7', name: 'Ada Okafor', email: 'ada.okafor@example.com' });
    const req = pd.fake.requests[0]!;
    expect(req.headers.authorization).toBe(`Token token=${pd.fake.token}`);
    expect(req.headers.accept).toBe('application/vnd.pagerduty+json;version=2');
    expect(req.headers['content-type']).toBeUndefined();
  });

  it('follows `more` across pages, asking for triggered and acknowledged incidents since a time', async () => {
    for (const n of [1, 2]) pd.fake.triggerIncident({ title: `Extra incident ${n}`, serviceId: 'PSFEATS' });
    const since = new Date(Date.now() - 24 * 3600_000).toISOString();
    const incidents = await client({ pageLimit: 2 }).listIncidents({ since });

    expect(incidents.map((i) => i.id).sort()).toEqual(openIds());
    expect(incidents).toHaveLength(5);
    expect(new Set(incidents.map((i) => i.status))).toEqual(new Set(['triggered', 'acknowledged']));
    const pages = pd.fake.requests.filter((r) => r.path === '/incidents');
    // Each page after the first starts one item early, on the last item already read.
    expect(pages.map((r) => r.query.get('offset'))).toEqual(['0', '1', '2', '3']);
    for (const page of pages) {
      expect(page.query.getAll('statuses[]')).toEqual(['triggered', 'acknowledged']);
      expect(page.query.get('since')).toBe(since);
      expect(page.query.get('limit')).toBe('2');
    }
  });

  it('uses `since` so older incidents are not read again', async () => {
    const since = new Date(Date.now() - 30 * 60_000).toISOString();
    const incidents = await client().listIncidents({ since });
    // The checkout incident is 40 minutes old.
    expect(incidents.map((i) => i.title)).not.toContain('Checkout 5xx rate above SLO');
    expect(incidents.map((i) => i.incident_number).sort()).toEqual([1042, 1043]);
  });

  it('re-reads when the list changes between pages, so no incident is skipped or repeated', async () => {
    for (const n of [1, 2]) pd.fake.triggerIncident({ title: `Extra incident ${n}`, serviceId: 'PSFEATS' });
    pd.fake.injectFault('shift-pages');
    const incidents = await client({ pageLimit: 2 }).listIncidents();

    const ids = incidents.map((i) => i.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(openIds());
    expect(openIds()).toHaveLength(4);
    // Page one (offset 0), page two from offset 1, which no longer starts with page one's last
    // item, then a fresh read of the four left.
    const offsets = pd.fake.requests.filter((r) => r.path === '/incidents').map((r) => r.query.get('offset'));
    expect(offsets).toEqual(['0', '1', '0', '1', '2']);
  });

  it('acknowledges and resolves with the From header; later reads show the new state', async () => {
    const c = client();
    const acked = await c.updateIncidentStatus('Q3FRAUDERRORS1', 'acknowledged', 'ada.okafor@example.com');
    expect(acked.status).toBe('acknowledged');
    expect(acked.acknowledgements.map((a) => a.acknowledger.summary)).toEqual(['Ada Okafor']);
    const put = pd.fake.requests.find((r) => r.method === 'PUT')!;
    expect(put.headers.from).toBe('ada.okafor@example.com');
    expect(put.headers['content-type']).toBe('application/json');
    expect(JSON.parse(put.body)).toEqual({ incident: { type: 'incident_reference', status: 'acknowledged' } });

    const listed = await c.listIncidents();
    expect(listed.find((i) => i.id === 'Q3FRAUDERRORS1')?.status).toBe('acknowledged');
    const log = await c.listLogEntries('Q3FRAUDERRORS1');
    expect(log[0]).toMatchObject({ type: 'acknowledge_log_entry', agent: { summary: 'Ada Okafor' } });

    const resolved = await c.updateIncidentStatus('Q3FRAUDERRORS1', 'resolved', 'ada.okafor@example.com');
    expect(resolved.status).toBe('resolved');
    expect((await c.listIncidents()).map((i) => i.id)).not.toContain('Q3FRAUDERRORS1');
  });

  it('PagerDuty refuses a status change without From (400); the client never sends one', async () => {
    const res = await fetch(`${pd.fake.url}/incidents/Q3FRAUDERRORS1`, {
      method: 'PUT',
      headers: {
        Authorization: `Token token=${pd.fake.token}`,
        Accept: 'application/vnd.pagerduty+json;version=2',
        'Content-Type': 'application/json',
      },
      body: JSON.stringify({ incident: { type: 'incident_reference', status: 'acknowledged' } }),
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/From/);
    expect(pd.fake.incident('Q3FRAUDERRORS1')?.status).toBe('triggered');

    await expect(client().updateIncidentStatus('Q3FRAUDERRORS1', 'acknowledged', ' ')).rejects.toThrow(/From/);
    const err = await client()
      .updateIncidentStatus('Q3FRAUDERRORS1', 'acknowledged', 'nobody@example.com')
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HttpStatusError);
    expect((err as HttpStatusError).bodySnippet).toMatch(/From/);
  });

  it('waits at least ratelimit-reset seconds after a 429 before asking again', async () => {
    pd.fake.rateLimitNext({ resetSeconds: 1 });
    const c = client();
    const user = await c.getCurrentUser();
    expect(user.id).toBe('PU1ADA7');
    const [limited, retried] = pd.fake.requests;
    expect(retried!.receivedAt - limited!.receivedAt).toBeGreaterThanOrEqual(1000);
    expect(c.state().budget).toMatchObject({ limit: 960 });
  });

  it('honours Retry-After when it asks for longer than ratelimit-reset', async () => {
    pd.fake.rateLimitNext({ resetSeconds: 1, retryAfterSeconds: 2 });
    await client().getCurrentUser();
    const [limited, retried] = pd.fake.requests;
    expect(retried!.receivedAt - limited!.receivedAt).toBeGreaterThanOrEqual(2000);
  });

  it('a long rate-limit wait fails fast with the time, and sends nothing until then', async () => {
    pd.fake.rateLimitNext({ resetSeconds: 45 });
    const c = client({ maxInlineWaitMs: 5000 });
    const before = Date.now();
    const err = await c.getCurrentUser().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PagerDutyRateLimitedError);
    expect((err as PagerDutyRateLimitedError).until).toBeGreaterThanOrEqual(before + 45_000);
    expect(c.state().blockedUntil).toBe((err as PagerDutyRateLimitedError).until);

    await expect(c.listIncidents()).rejects.toBeInstanceOf(PagerDutyRateLimitedError);
    expect(pd.fake.requests).toHaveLength(1);
  });

  it('backs off exponentially with jitter when a 429 carries no hint', async () => {
    pd.fake.rateLimitNext({ count: 3 });
    const waits: number[] = [];
    const c = client({
      sleep: async (ms) => void waits.push(ms),
      random: () => 0.5,
      backoffBaseMs: 1000,
      // A still clock makes the computed waits exact.
      now: () => 1_700_000_000_000,
    });
    await c.getCurrentUser();
    // Equal jitter: each wait is between half and all of 1 s, 2 s, 4 s.
    expect(waits).toEqual([750, 1500, 3000]);
    expect(pd.fake.requests).toHaveLength(4);
  });

  it('keeps the request budget and waits for the reset rather than spending a request on a 429', async () => {
    await pd.finish();
    pd = await startCheckedFakePagerDuty({ rateLimit: 2, rateLimitWindowMs: 1500 });
    const c = client();
    await c.getCurrentUser();
    expect(c.state().budget).toMatchObject({ limit: 2, remaining: 1 });
    await c.getCurrentUser();
    expect(c.state().budget).toMatchObject({ limit: 2, remaining: 0 });
    await c.getCurrentUser();
    expect(pd.records.map((r) => r.status)).toEqual([200, 200, 200]);
    const [, second, third] = pd.fake.requests;
    expect(third!.receivedAt - second!.receivedAt).toBeGreaterThanOrEqual(1000);
    expect(c.state().budget?.remaining).toBe(1);
  });

  it('a 401 latches "token rejected": nothing more is sent until the token is saved or retried', async () => {
    const c = client({ token: 'wrong-token' });
    await expect(c.getCurrentUser()).rejects.toBeInstanceOf(PagerDutyTokenRejectedError);
    await expect(c.listIncidents()).rejects.toBeInstanceOf(PagerDutyTokenRejectedError);
    expect(pd.fake.requests).toHaveLength(1);
    expect(c.state().tokenRejected).toBe(true);

    // Saving a token, even the same one, is a person saying "try it": one more request.
    c.setToken('wrong-token');
    await expect(c.getCurrentUser()).rejects.toBeInstanceOf(PagerDutyTokenRejectedError);
    expect(pd.fake.requests).toHaveLength(2);
    c.retryToken();
    await expect(c.getCurrentUser()).rejects.toBeInstanceOf(PagerDutyTokenRejectedError);
    await expect(c.listIncidents()).rejects.toBeInstanceOf(PagerDutyTokenRejectedError);
    expect(pd.fake.requests).toHaveLength(3);

    c.setToken(pd.fake.token);
    expect((await c.getCurrentUser()).id).toBe('PU1ADA7');
    expect(pd.fake.requests).toHaveLength(4);
  });

  it.each([
    ['malformed-json', /JSON is malformed or truncated/],
    ['wrong-content-type', /Content-Type "text\/plain; charset=utf-8" instead of JSON/],
    ['html-page', /HTML page instead of JSON/],
  ] as const)('%s is a bad reply with words', async (fault, words) => {
    pd.fake.injectFault(fault, { pathPrefix: '/incidents' });
    const err = await client()
      .listIncidents()
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BadReplyError);
    expect((err as Error).message).toMatch(words);
  });

  it('lists on-calls for the user, including a permanent one without start and end', async () => {
    const c = client();
    const me = await c.getCurrentUser();
    const onCalls = await c.listOnCalls({ userIds: [me.id] });
    expect(pd.fake.requests.at(-1)!.query.getAll('user_ids[]')).toEqual(['PU1ADA7']);
    expect(onCalls).toHaveLength(2);
    const permanent = onCalls.find((o) => o.escalation_policy.summary === 'Payments')!;
    expect(permanent).toMatchObject({ escalation_level: 3 });
    expect(permanent.start ?? null).toBeNull();
    expect(permanent.end ?? null).toBeNull();
    const shift = onCalls.find((o) => o.escalation_policy.summary === 'ML Platform')!;
    expect(shift.schedule?.summary).toBe('ML Platform primary');
    expect(Date.parse(shift.end!)).toBeGreaterThan(Date.now());
  });

  it('finds the deploy that preceded the incident in the service change events', async () => {
    const c = client();
    const [fraud] = (await c.listIncidents()).filter((i) => i.service.summary === 'fraud-model');
    const created = Date.parse(fraud!.created_at);
    const since = new Date(created - 60 * 60_000).toISOString();
    const events = await c.listChangeEvents({ serviceIds: [fraud!.service.id], since });
    expect(pd.fake.requests.at(-1)!.path).toBe('/services/PSFRAUD/change_events');
    expect(events).toHaveLength(1);
    expect(events[0]!.summary).toContain('fraud-model v2.4.1');
    expect(created - Date.parse(events[0]!.timestamp)).toBe(12 * 60_000);

    const all = await c.listChangeEvents({});
    expect(all.map((e) => e.summary)).toHaveLength(3);
  });

  it('never puts the token in errors, state or the client object', async () => {
    const secret = 'pd-secret-token-do-not-leak-42';
    const c = createPagerDutyClient({ token: secret, baseUrl: pd.fake.url, timeoutMs: 5000 });
    const err = await c.getCurrentUser().catch((e: unknown) => e);
    const seen = [
      inspect(c, { depth: 10, showHidden: true }),
      JSON.stringify(c.state()),
      inspect(err, { depth: 10 }),
      String((err as Error).message),
    ];
    for (const text of seen) expect(text).not.toContain(secret);
  });
});
