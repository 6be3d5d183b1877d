import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { classifySignal } from '../../shared/classify/classifySignal';
import type { Signal } from '../../shared/domain/signal';
import { createClassificationService } from './classificationService';

const resourcesDir = resolve('resources');
const errors: Signal = {
  id: 'p/1',
  sourceId: 'p',
  sourceKind: 'prometheus',
  fingerprint: '1',
  name: 'FraudModelHighErrorRate',
  labels: { alertname: 'FraudModelHighErrorRate', service: 'fraud-model' },
  annotations: {},
  state: 'firing',
  activeAt: '2026-11-24T22:41:00.000Z',
  value: 0.03,
  generatorURL: null,
  stale: false,
  expr: 'sum(rate(model_requests_total{status="error"}[5m])) / sum(rate(model_requests_total[5m])) > 0.01',
};
// Our team pages at 2% errors: a rule of our own, more severe than the shipped fallbacks.
const OVERRIDE = `version: 1
rules:
  - id: team-errors-2pct
    severity: P0
    match: ['alertname=~".*ErrorRate"']
    value: ratio
    when: value > 0.02
    reason: "error ratio {value|pct} > 2% (team policy)"
`;

const setup = (dataDir = mkdtempSync(join(tmpdir(), 'vigil-cls-'))) => {
  const notices: string[] = [];
  const svc = createClassificationService({ resourcesDir, dataDir, notice: (m) => notices.push(m) });
  return { svc, notices, dataDir };
};
const severityNow = (svc: ReturnType<typeof setup>['svc']) =>
  classifySignal(errors, svc.current(), Date.parse('2026-11-24T23:00:00Z'));

describe('classificationService', () => {
  it('applies a valid override in place, so the engine classifies with it from the next step', async () => {
    const { svc } = setup();
    expect(severityNow(svc).severity).not.toBe('P0');
    const r = await svc.handlers['classification:override-set']({ text: OVERRIDE });
    expect(r.ok).toBe(true);
    expect(r.view.inForce).toBe('override');
    expect(severityNow(svc)).toMatchObject({ severity: 'P0', reason: 'error ratio 3% > 2% (team policy): P0' });
  });

  it('refuses an invalid override with line and column, and keeps the rules in force', async () => {
    const { svc } = setup();
    await svc.handlers['classification:override-set']({ text: OVERRIDE });
    const bad = OVERRIDE.replace('match: [\'alertname=~".*ErrorRate"\']', "match: ['alertname ~ Error']");
    const r = await svc.handlers['classification:override-set']({ text: bad });
    expect(r.ok).toBe(false);
    expect(r.problems[0]).toMatchObject({ line: 5, file: 'override' });
    expect(r.problems[0]!.message).toMatch(/not a label matcher/);
    expect(severityNow(svc).severity).toBe('P0');
    expect((await svc.handlers['classification:override-get']({})).text).toBe(OVERRIDE);
  });

  it('a hand-edited file with an error at start: the last good override stays in force and the user is told where', async () => {
    const first = setup();
    await first.svc.handlers['classification:override-set']({ text: OVERRIDE });
    writeFileSync(
      join(first.dataDir, 'classification.override.yaml'),
      'version: 1\nrules:\n  - id: broken\n    severity: P9\n',
    );
    const again = setup(first.dataDir);
    expect(again.notices[0]).toMatch(/has errors \(line \d+, column \d+: .*\); your last good override stays in force/);
    expect((await again.svc.handlers['classification:override-get']({})).inForce).toBe('last-good');
    expect(severityNow(again.svc).severity).toBe('P0');
  });

  it('an empty override goes back to the shipped matrix', async () => {
    const { svc } = setup();
    await svc.handlers['classification:override-set']({ text: OVERRIDE });
    await svc.handlers['classification:override-set']({ text: '' });
    expect((await svc.handlers['classification:override-get']({})).inForce).toBe('shipped');
    expect(severityNow(svc).severity).not.toBe('P0');
  });
});
