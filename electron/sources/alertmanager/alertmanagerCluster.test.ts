import { describe, expect, it } from 'vitest';
import { HttpStatusError } from '../describeFetchError';
import type { AlertmanagerClient } from './alertmanagerClient';
import { createClusterClient } from './alertmanagerCluster';

const refused = () => Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
const timedOut = () => Object.assign(new Error('The operation was aborted due to timeout'), { name: 'TimeoutError' });

function member(url: string, behaviour: { down?: () => Error; refuse?: boolean } = {}) {
  const calls: string[] = [];
  const fail = (what: string) => {
    calls.push(what);
    if (behaviour.down) throw behaviour.down();
    if (behaviour.refuse) throw new HttpStatusError(400, 'bad matcher');
  };
  const client: AlertmanagerClient = {
    url,
    listAlerts: async () => (fail('alerts'), []),
    listSilences: async () => (fail('silences'), []),
    createSilence: async () => (fail('create'), `silence-from-${url}`),
    expireSilence: async () => fail('expire'),
    status: async () => {
      fail('status');
      throw new Error('unused');
    },
  };
  return { client, calls, behaviour };
}

describe('an Alertmanager cluster as one client', () => {
  it('creates a silence once, on the first member that answers', async () => {
    const a = member('http://a', { down: refused });
    const b = member('http://b');
    const c = member('http://c');
    const cluster = createClusterClient([a.client, b.client, c.client]);
    const id = await cluster.createSilence({ matchers: [], durationMs: 1, comment: 'x', createdBy: 'y' });
    expect(id).toBe('silence-from-http://b');
    expect([a.calls, b.calls, c.calls]).toEqual([['create'], ['create'], []]);
  });

  it('asks the member that answered last first', async () => {
    const a = member('http://a', { down: refused });
    const b = member('http://b');
    const cluster = createClusterClient([a.client, b.client]);
    await cluster.listSilences();
    await cluster.listSilences();
    expect(a.calls).toEqual(['silences']);
    expect(b.calls).toEqual(['silences', 'silences']);
  });

  it("takes a member's refusal as the answer: another member would refuse it the same way", async () => {
    const a = member('http://a', { refuse: true });
    const b = member('http://b');
    const cluster = createClusterClient([a.client, b.client]);
    await expect(cluster.listSilences()).rejects.toBeInstanceOf(HttpStatusError);
    expect(b.calls).toEqual([]);
  });

  it('does not send a silence to a second member after a timeout: the first may have set it', async () => {
    const a = member('http://a', { down: timedOut });
    const b = member('http://b');
    const cluster = createClusterClient([a.client, b.client]);
    await expect(
      cluster.createSilence({ matchers: [], durationMs: 1, comment: 'x', createdBy: 'y' }),
    ).rejects.toMatchObject({ name: 'TimeoutError' });
    expect(b.calls).toEqual([]);
    // A read after a timeout can go to the next member.
    await cluster.listSilences();
    expect(b.calls).toEqual(['silences']);
  });

  it("throws the first member's failure when none answers", async () => {
    const cluster = createClusterClient([
      member('http://a', { down: refused }).client,
      member('http://b', { down: timedOut }).client,
    ]);
    await expect(cluster.listAlerts()).rejects.toMatchObject({ cause: { code: 'ECONNREFUSED' } });
  });
});
