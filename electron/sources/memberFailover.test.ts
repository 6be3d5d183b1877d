import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpAccess } from '../services/buildSource';
import { memberFailoverFetch } from './memberFailover';
import { createPrometheusApi } from './prometheusApi';

const listen = (server: Server) =>
  new Promise<string>((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)),
  );
const close = (server: Server) => new Promise((r) => server.close(r));

describe('on-demand calls to an HA pair', () => {
  let down: string;
  let up: string;
  let failing: string;
  const upServer = createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(
      JSON.stringify({ status: 'success', data: { resultType: 'vector', result: [{ metric: {}, value: [1, '3'] }] } }),
    );
  });
  const failingServer = createServer((_req, res) => {
    res.statusCode = 503;
    res.end('overloaded');
  });
  beforeAll(async () => {
    // A port nothing listens on any more: connecting is refused, as with a replica that is down.
    const gone = createServer();
    down = await listen(gone);
    await close(gone);
    up = await listen(upServer);
    failing = await listen(failingServer);
  });
  afterAll(async () => {
    await close(upServer);
    await close(failingServer);
  });

  it('a check against a pair whose first member is down is answered by the other', async () => {
    const access = httpAccess(
      {
        kind: 'prometheus',
        url: down,
        members: [up],
        pathPrefix: '',
        headers: {},
        basicAuthUser: null,
        caPem: null,
        replicaLabels: [],
      },
      {},
    );
    const api = createPrometheusApi({ baseUrl: access.baseUrl, fetch: access.fetch, headers: access.headers });
    const r = await api.query('up');
    expect(r).toMatchObject({ kind: 'vector', samples: [{ value: 3 }] });
  });

  it('asks the member that answered first next time, and returns a member’s error reply as its answer', async () => {
    const asked: string[] = [];
    const counting: typeof fetch = (input, init) => {
      asked.push(new URL(String(input)).origin);
      return fetch(input, init);
    };
    const f = memberFailoverFetch([down, up], counting);
    expect((await f(`${down}/api/v1/query?query=up`)).status).toBe(200);
    expect((await f(`${down}/api/v1/query?query=up`)).status).toBe(200);
    expect(asked).toEqual([down, up, up]);

    const g = memberFailoverFetch([failing, up]);
    expect((await g(`${failing}/api/v1/query`)).status).toBe(503);
  });

  it('does not retry what the caller aborted, and says why when no member can be reached', async () => {
    const f = memberFailoverFetch([down, down.replace(/:\d+$/, ':1')]);
    await expect(f(`${down}/api/v1/query`)).rejects.toThrow(/fetch failed/);
    const aborted = AbortSignal.abort();
    let tries = 0;
    const g = memberFailoverFetch([up, down], (input, init) => {
      tries++;
      return fetch(input, init);
    });
    await expect(g(`${up}/api/v1/query`, { signal: aborted })).rejects.toThrow();
    expect(tries).toBe(1);
  });
});
