import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestKit } from '../../e2e/fixtures/createTestKit';
import { freePort } from '../../e2e/fixtures/freePort';
import { waitFor } from '../../e2e/fixtures/waitFor';
import type { Incident } from '../../shared/domain/incident';
import { SourceInput } from '../../shared/ipc/contract';
import { createVigilServices } from './createVigilServices';

const kit = createTestKit();
afterEach(() => kit.cleanup());

/**
 * A real Prometheus evaluating a mixed platform + ML rule set (shared/classify/testing/mixedRules.yml)
 * fed from gauges, added as a source of the running services: the levels and reasons read back
 * through the services are the ones the value kinds in the expressions call for, Watchdog is
 * source health, and nothing pages from a warning.
 */
describe('classification of a mixed rule set against a real Prometheus', () => {
  it('reads each alert in its own unit, keeps the label as a bound, and shows the heartbeat as health', async () => {
    const exporter = await kit.startExporter();
    exporter.setMetric('node_md_disks', { state: 'failed', device: 'md0' }, 1);
    exporter.setMetric('node_filesystem_avail_bytes', { mountpoint: '/' }, 5e9);
    exporter.setMetric('node_filesystem_size_bytes', { mountpoint: '/' }, 100e9);
    exporter.setMetric('node_memory_MemAvailable_bytes', {}, 300 * 1024 * 1024);
    exporter.setMetric('model_prediction_psi', { model: 'churn-model' }, 0.31);
    // A target nothing listens on: `up == 0` for it.
    const dead = `127.0.0.1:${await freePort()}`;
    const prometheus = await kit.startPrometheus({
      rules: readFileSync(resolve('shared/classify/testing/mixedRules.yml'), 'utf8'),
      scrapeTargets: [exporter.target, dead],
    });

    const notified: string[] = [];
    const services = createVigilServices({
      dataDir: mkdtempSync(join(tmpdir(), 'vigil-cls-int-')),
      resourcesDir: resolve('resources'),
      mode: 'browser',
      version: '0.0.0-test',
      notifier: { send: (n) => notified.push(`${n.urgency}: ${n.title}`) },
    });
    kit.defer(() => services.stop());
    services.start();
    const added = await services.handlers['sources:add'](
      SourceInput.parse({ kind: 'prometheus', name: 'Prometheus (int)', url: prometheus.url, intervalSeconds: 2 }),
    );

    const wanted = [
      'HostRaidDiskFailure',
      'HostDiskFull',
      'HostDiskFilling',
      'HostMemoryLow',
      'ChurnModelDrift',
      'InstanceDown',
    ];
    let seen: Incident[] = [];
    const incidents = await waitFor(
      async () => {
        seen = services.listIncidents().filter((i) => i.state !== 'resolved');
        return wanted.every((t) => seen.some((i) => i.title === t)) ? seen : null;
      },
      {
        what: `incidents for ${wanted.join(', ')}`,
        timeoutMs: 45_000,
        lastSeen: () => `${JSON.stringify(seen.map((i) => i.title))}; ${prometheus.logTail(5)}`,
      },
    );
    const by = (title: string) => incidents.find((i: Incident) => i.title === title)!;
    const rated = (title: string) => [by(title).severity, by(title).classification.reason];

    expect(rated('HostRaidDiskFailure')).toEqual([
      'P2',
      'md disks (state="failed") 1 (unit not known) (rule: > 0); labelled warning: P2',
    ]);
    expect(rated('HostDiskFull')).toEqual([
      'P1',
      '5% filesystem avail of filesystem size (rule: < 10%); labelled critical: P1',
    ]);
    // Its author alerts at 20% free and calls it info; 5% is past seed 004's 10% line: P2 (no page).
    expect(rated('HostDiskFilling')).toEqual([
      'P2',
      'raised above its info label: disk 5% free (< 10%, i.e. > 90% used): P2',
    ]);
    expect(rated('HostMemoryLow')).toEqual([
      'P2',
      'memory memavailable 300 MiB (rule: < 512 MiB); labelled warning: P2',
    ]);
    expect(rated('ChurnModelDrift')).toEqual(['P2', 'moderate drift PSI 0.31 (0.2-0.5): P2']);
    expect(rated('InstanceDown')).toEqual(['P1', `target ${dead} of vigil-test-exporter down; labelled critical: P1`]);
    // The subject comes from the labels: the target, not a model.
    expect(by('InstanceDown').signals[0]!.labels).toMatchObject({ job: 'vigil-test-exporter', instance: dead });

    // Watchdog is health, not an incident; InfoInhibitor (severity none) is neither.
    expect(incidents.map((i) => i.title)).not.toContain('Watchdog');
    expect(incidents.map((i) => i.title)).not.toContain('InfoInhibitor');
    const view = (await services.handlers['sources:list']({})).find((s) => s.id === added.id)!;
    expect(view.health.heartbeat).toEqual({ ok: ['Watchdog'], stopped: [] });

    // Nothing from a warning or info label reaches a paging level; what pages is what a critical
    // label (or the matrix on value evidence) made P0/P1.
    for (const i of incidents) {
      const label = i.signals[0]!.labels.severity;
      if (label === 'warning' || label === 'info')
        expect([i.title, i.severity]).toEqual([i.title, expect.stringMatching(/^P[23]$/)]);
    }
    expect(incidents.filter((i) => i.severity === 'P0')).toEqual([]);
    const pages = notified.filter((n) => n.startsWith('critical'));
    expect(pages.length).toBeGreaterThan(0);
    // A page names a P1 (alone, or in a storm summary of this first poll).
    for (const n of pages) expect(n).toMatch(/P1/);
  });
});
