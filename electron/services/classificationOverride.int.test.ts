import { afterEach, describe, expect, it } from 'vitest';
import type { Incident } from '../../shared/domain/incident';
import { callBridge, connectBridge, startTestHost, type TestHost } from '../host/testing/bridgeClient';

let t: TestHost | null = null;
afterEach(async () => {
  await t?.close();
  t = null;
});

/**
 * An override saved in Settings > Severity matrix while Vigil runs reaches every consumer of the
 * matrix, not only the engine: declare/undeclare, the insights targets and the policies the tray
 * (and the top bar's SLA clocks) read. Through the running host, over its bridge.
 */
describe('a severity-matrix override saved while running', () => {
  it('reaches declare/undeclare, the insights targets and the policies the tray reads', async () => {
    t = await startTestHost({ demoSpeed: 1 });
    const ws = await connectBridge(t.host.port);
    let n = 0;
    const call = async (channel: string, input: unknown) => {
      const r = await callBridge(ws, { id: ++n, channel, input });
      if (!r.ok) throw new Error(String(r.error));
      return r.output;
    };
    await call('demo:start', {});
    // The demo opens with a P2 (latency over its SLA): a judgment call at first.
    let p2: Incident | undefined;
    for (let i = 0; i < 100 && !p2; i++) {
      await new Promise((r) => setTimeout(r, 50));
      p2 = ((await call('incidents:page', { limit: 500 })) as { incidents: Incident[] }).incidents.find(
        (x) => x.severity === 'P2',
      );
    }
    expect(p2, 'the demo raised no P2').toBeDefined();
    await call('incident:ack', { id: p2!.id });

    const policies = async () => (await call('classification:policies', {})) as Record<string, { ack: string }>;
    const ackTarget = async () => {
      const view = (await call('insights:metrics', { days: 7, groupBy: 'severity' })) as {
        report: { groups: { key: string; metrics: { acknowledge: { targetMs: number | null } } }[] };
      };
      return view.report.groups.find((g) => g.key === 'P2')?.metrics.acknowledge.targetMs;
    };
    expect((await policies()).P2!.ack).toBe('1h');
    expect(await ackTarget()).toBe(3_600_000);

    const saved = (await call('classification:override-set', {
      text: 'version: 1\nseverities:\n  P2: { ack: 7m, declare: auto }\n',
    })) as { ok: boolean };
    expect(saved, JSON.stringify(saved)).toMatchObject({ ok: true });

    // The tray and the top bar's clocks read the policies at each refresh.
    expect((await policies()).P2!.ack).toBe('7m');
    // Insights measure against the new target.
    expect(await ackTarget()).toBe(7 * 60_000);
    // Declaring is now the matrix's job for P2, so a person's call is refused, in words.
    const refused = await callBridge(ws, {
      id: ++n,
      channel: 'incident:declare',
      input: { id: p2!.id, declared: true, reason: 'customers affected' },
    });
    expect(refused.ok).toBe(false);
    expect(String(refused.error)).toMatch(/P2 incidents are declared automatically by the severity matrix/);
    ws.close();
  });
});
