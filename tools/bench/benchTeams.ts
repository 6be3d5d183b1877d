import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createVigilServices } from '../../electron/services/createVigilServices';
import { SourceInput } from '../../shared/ipc/contract';
import { startFakePagerDuty } from '../pagerduty/fakePagerDuty';
import type { LiveFigure } from './benchLive';

/** PagerDuty's REST limit per user and minute, shared by every key and tool of that user. */
const PER_USER_LIMIT = 960;

/**
 * The team features' PagerDuty budget, measured: one Vigil polling PagerDuty every `pollSeconds`
 * against the fake with `open` open incidents, while its person moves to another incident every
 * 2 s (on-call and change context) and writes a note every 10 s (posted to PagerDuty, teammates'
 * notes read back). What the fake receives per minute is compared with PagerDuty's per-user limit.
 */
export async function teamBudgetFigure(seconds: number, pollSeconds = 10, open = 200): Promise<LiveFigure> {
  const fake = await startFakePagerDuty({ token: 'bench-team-token-0000001' });
  for (let i = 0; i < open; i++) {
    fake.triggerIncident({ title: `Bench incident ${i}`, serviceId: 'PSFRAUD' });
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-bench-team-'));
  const services = createVigilServices({
    dataDir,
    resourcesDir: resolve('resources'),
    mode: 'browser',
    version: '0.0.0-bench',
    notifier: { send: () => {} },
  });
  try {
    services.start();
    await services.handlers['preferences:update']({
      ...(await services.handlers['preferences:get']({})).preferences,
      displayName: 'Bench Person',
    });
    await services.handlers['sources:add'](
      SourceInput.parse({
        kind: 'pagerduty',
        name: 'PagerDuty (bench)',
        url: fake.url,
        intervalSeconds: pollSeconds,
        token: fake.token,
        fromEmail: 'bench@example.com',
      }),
    );
    // The first poll lists every open incident (pages of 100); measure the steady state after it.
    const deadline = Date.now() + 60_000;
    let incidents: { id: string }[] = [];
    while (Date.now() < deadline) {
      incidents = services.listIncidents().filter((i) => i.state !== 'resolved');
      if (incidents.length >= open) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    if (incidents.length < open) throw new Error(`only ${incidents.length} of ${open} PagerDuty incidents listed`);
    const from = fake.requests.length;
    const start = Date.now();
    let n = 0;
    while (Date.now() - start < seconds * 1000) {
      const inc = incidents[n % incidents.length]!;
      await services.handlers['incident:context']({ id: inc.id }).catch(() => undefined);
      if (n % 5 === 0) {
        await services.handlers['timeline:annotate']({
          incidentId: inc.id,
          annotation: { type: 'note', text: `bench note ${n}` },
        });
      }
      n++;
      await new Promise((r) => setTimeout(r, 2000));
    }
    const minutes = (Date.now() - start) / 60_000;
    const perMinute = (fake.requests.length - from) / minutes;
    const byPath = new Map<string, number>();
    for (const r of fake.requests.slice(from)) {
      const key = `${r.method} ${r.path.replace(/\/incidents\/[^/]+/, '/incidents/{id}')}`;
      byPath.set(key, (byPath.get(key) ?? 0) + 1);
    }
    const mix = [...byPath]
      .sort((a, b) => b[1] - a[1])
      .map(([k, v]) => `${k} ${v}`)
      .join(', ');
    const notesPosted = fake.requests
      .slice(from)
      .filter((r) => r.method === 'POST' && r.path.endsWith('/notes')).length;
    return {
      name: `teams: PagerDuty requests a minute, ${open} open incidents, ${pollSeconds} s poll, browsing and notes`,
      ratio: perMinute / PER_USER_LIMIT,
      baseline: `PagerDuty's ${PER_USER_LIMIT} a minute per user`,
      target: 0.05,
      detail: `${perMinute.toFixed(1)} requests a minute over ${Math.round(minutes * 60)} s (${n} incidents visited, ${notesPosted} notes posted; ${mix})`,
    };
  } finally {
    services.stop();
    await services.flush();
    await fake.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
