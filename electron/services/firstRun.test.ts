import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeIncident } from '../../shared/timeline/testing/incidentFixtures';
import { openIncidentStore } from '../store/incidentStore';
import { createVigilServices } from './createVigilServices';

const open = (dataDir: string) =>
  createVigilServices({
    dataDir,
    resourcesDir: resolve('resources'),
    mode: 'browser',
    version: '0.0.0-test',
    notifier: { send: () => {} },
    log: () => {},
  });

describe('the first-run screen', () => {
  it('is shown to a new user, and not to one whose only history resolved days ago (out of memory, on disk)', async () => {
    const fresh = open(mkdtempSync(join(tmpdir(), 'vigil-first-')));
    expect((await fresh.handlers['app:info']({})).firstRun).toBe(true);
    fresh.stop();

    const dataDir = mkdtempSync(join(tmpdir(), 'vigil-first-'));
    const day = 86_400_000;
    const at = (ago: number) => new Date(Date.now() - ago).toISOString();
    openIncidentStore(dataDir).save(
      makeIncident({
        id: 'inc-old',
        startedAt: at(3 * day),
        detectedAt: at(3 * day),
        state: 'resolved',
        resolvedAt: at(3 * day - 600_000),
      }),
    );
    const returning = open(dataDir);
    // Resolved three days ago: it left memory at start, so the list is empty...
    expect(returning.listIncidents()).toEqual([]);
    // ...but the engineer has history (and its post-mortem) here: no welcome screen.
    expect((await returning.handlers['app:info']({})).firstRun).toBe(false);
    returning.stop();
  });
});
