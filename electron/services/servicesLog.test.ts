import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SourceInput } from '../../shared/ipc/contract';
import { createVigilServices } from './createVigilServices';

describe("the hosts' log lines", () => {
  it('pass the same redactor as the services: a stack quoting a source token is logged without it', async () => {
    const lines: string[] = [];
    const services = createVigilServices({
      dataDir: mkdtempSync(join(tmpdir(), 'vigil-log-')),
      resourcesDir: resolve('resources'),
      mode: 'browser',
      version: '0.0.0-test',
      notifier: { send: () => {} },
      log: (m) => lines.push(m),
    });
    const token = 'prom-bearer-7Hq2ZsK9wPa4';
    await services.handlers['sources:add'](
      SourceInput.parse({
        kind: 'prometheus',
        name: 'Prometheus (log)',
        url: 'http://127.0.0.1:9',
        intervalSeconds: 60,
        bearerToken: token,
      }),
    );
    // What the browser host and the Electron shell log when a request fails unexpectedly.
    services.log(`request incidents:list failed: Error: fetch with Authorization: Bearer ${token}\n    at poll`);
    services.stop();
    expect(lines.at(-1)).toContain('request incidents:list failed');
    expect(lines.join('\n')).not.toContain(token);
  });
});
