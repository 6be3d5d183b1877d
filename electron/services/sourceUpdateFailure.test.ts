import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it, vi } from 'vitest';

// A bug in the step that turns alerts into incidents (here: the heartbeat watch throwing on the
// first updates) must be said, not swallowed: it would stop every incident and page.
let failures = 2;
vi.mock('../../shared/incidents/watchHeartbeats', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../shared/incidents/watchHeartbeats')>();
  return {
    ...real,
    watchHeartbeats: (...args: Parameters<typeof real.watchHeartbeats>) => {
      if (failures-- > 0) throw new Error('heartbeat state is inconsistent');
      return real.watchHeartbeats(...args);
    },
  };
});

describe('a failure while processing source updates', () => {
  it('is said once in the notices and logged, and the next update goes through', async () => {
    const { createVigilServices } = await import('./createVigilServices');
    const logs: string[] = [];
    const services = createVigilServices({
      dataDir: mkdtempSync(join(tmpdir(), 'vigil-update-failure-')),
      resourcesDir: resolve('resources'),
      mode: 'browser',
      version: '0.0.0-test',
      notifier: { send: () => {} },
      log: (m) => logs.push(m),
      demoSpeed: 60,
    });
    services.start();
    try {
      await services.handlers['demo:start']({});
      await vi.waitFor(() => expect(services.listIncidents().length).toBeGreaterThan(0), { timeout: 20_000 });
      const { notices } = await services.handlers['app:info']({});
      expect(notices.filter((n) => n.startsWith('Vigil could not process the latest alerts'))).toEqual([
        'Vigil could not process the latest alerts (heartbeat state is inconsistent): incidents and pages may lag until this clears. It tries again at every poll; the log has the details.',
      ]);
      expect(logs.filter((l) => l.startsWith('processing source updates failed'))).toHaveLength(2);
    } finally {
      services.stop();
    }
  });
});
