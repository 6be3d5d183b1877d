import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  startCheckedFakePagerDuty,
  type CheckedFakePagerDuty,
} from '../../../tools/pagerduty/startCheckedFakePagerDuty';
import { waitFor } from '../../../e2e/fixtures/waitFor';
import { HttpStatusError } from '../describeFetchError';
import { createPagerDutyClient, PagerDutyRateLimitedError } from './pagerDutyClient';
import { createPagerDutySource } from './pagerDutySource';

/**
 * Incident notes against the fake PagerDuty, every response and every POST body checked against
 * PagerDuty's OpenAPI description (startCheckedFakePagerDuty: `finish` fails on any mismatch).
 */

let pd: CheckedFakePagerDuty;
beforeEach(async () => {
  pd = await startCheckedFakePagerDuty();
});
afterEach(async () => {
  await pd.finish();
});

const client = () => createPagerDutyClient({ token: pd.fake.token, baseUrl: pd.fake.url, timeoutMs: 5000 });

describe('PagerDuty incident notes', () => {
  it('posts a note with From and reads every note back with its author and time', async () => {
    const c = client();
    const posted = await c.createNote('Q3FRAUDERRORS1', 'rolled back fraud-model to v2.4.0', 'ravi.menon@example.com');
    expect(posted).toMatchObject({ content: 'rolled back fraud-model to v2.4.0', user: { summary: 'Ravi Menon' } });
    const sent = pd.fake.requests.find((r) => r.method === 'POST')!;
    expect(sent.headers.from).toBe('ravi.menon@example.com');
    const notes = await c.listNotes('Q3FRAUDERRORS1');
    expect(notes.map((n) => [n.id, n.content])).toEqual([[posted.id, 'rolled back fraud-model to v2.4.0']]);
    expect(Number.isFinite(Date.parse(notes[0]!.created_at))).toBe(true);
  });

  it("refuses a note without a From PagerDuty knows, with PagerDuty's reason", async () => {
    const err = await client()
      .createNote('Q3FRAUDERRORS1', 'x', 'nobody@example.com')
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HttpStatusError);
    expect((err as HttpStatusError).bodySnippet).toMatch(/From/);
  });

  it("the source reads open incidents' notes a few per poll and puts the latest author on the signal", async () => {
    await client().createNote('Q3FRAUDERRORS1', 'on it', 'ravi.menon@example.com');
    const source = createPagerDutySource({
      id: 'pd',
      name: 'PagerDuty',
      token: pd.fake.token,
      baseUrl: pd.fake.url,
      intervalMs: 200,
      notesPerPoll: 2,
      onUpdate: () => {},
    });
    source.watchNotes('Q3FRAUDERRORS1');
    source.start();
    try {
      const signal = await waitFor(
        () =>
          source
            .signals()
            .find((s) => s.labels.pagerduty_incident_id === 'Q3FRAUDERRORS1' && s.annotations.pagerduty_last_note_by),
        { what: 'the note on the signal', timeoutMs: 10_000 },
      );
      expect(signal.annotations.pagerduty_last_note_by).toBe('Ravi Menon');
      expect(source.notes('Q3FRAUDERRORS1')!.map((n) => n.content)).toEqual(['on it']);
      // One poll: one incident list (one page here), /users/me once, at most two note reads.
      const firstPoll = pd.fake.requests.filter((r) => r.path.endsWith('/notes') && r.method === 'GET');
      expect(firstPoll.length).toBeGreaterThan(0);
    } finally {
      source.stop();
    }
  });

  it('sends one request at a time per token', async () => {
    const c = client();
    let inFlight = 0;
    let most = 0;
    const original = globalThis.fetch;
    const counting: typeof fetch = async (...args) => {
      inFlight++;
      most = Math.max(most, inFlight);
      try {
        return await original(...args);
      } finally {
        inFlight--;
      }
    };
    const serial = createPagerDutyClient({
      token: pd.fake.token,
      baseUrl: pd.fake.url,
      timeoutMs: 5000,
      fetch: counting,
    });
    await Promise.all([
      serial.listNotes('Q3FRAUDERRORS1'),
      serial.getCurrentUser(),
      serial.listIncidents(),
      serial.createNote('Q3FRAUDERRORS1', 'x', 'ravi.menon@example.com'),
    ]);
    expect(most).toBe(1);
    expect(await c.listNotes('Q3FRAUDERRORS1')).toHaveLength(1);
  });

  it("never sends more than Vigil's own ceiling a minute, whatever PagerDuty's budget says", async () => {
    const capped = createPagerDutyClient({
      token: pd.fake.token,
      baseUrl: pd.fake.url,
      timeoutMs: 5000,
      maxRequestsPerMinute: 5,
      maxInlineWaitMs: 0,
    });
    for (let i = 0; i < 5; i++) await capped.listNotes('Q3FRAUDERRORS1');
    const err = await capped.listNotes('Q3FRAUDERRORS1').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PagerDutyRateLimitedError);
    expect((err as PagerDutyRateLimitedError).byBudget).toBe(true);
    expect(pd.fake.requests.filter((r) => r.path.endsWith('/notes'))).toHaveLength(5);
  });
});
