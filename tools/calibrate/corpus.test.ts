import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { calibrateRules } from '../../shared/classify/calibrateRules';
import { readRuleFile } from '../../shared/classify/readRuleFile';
import { VALUE_KINDS } from '../../shared/classify/readExpression';
import { shippedConfig } from '../../shared/testing/signalFixtures';

// 954 public alerting rules for ~100 systems (CC BY 4.0), beside the project when ../shared is
// there (CI has it). Never copied into the repo.
const CORPUS = resolve('..', 'shared', 'corpora', 'awesome-prometheus-alerts');
const present = existsSync(CORPUS);

function ruleFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((f) => {
      const p = join(dir, f);
      return statSync(p).isDirectory() ? ruleFiles(p) : /\.ya?ml$/.test(f) ? [p] : [];
    });
}

describe.skipIf(!present)(
  'the awesome-prometheus-alerts corpus (../shared/corpora), each rule fired just past its threshold',
  () => {
    const rules = present ? ruleFiles(CORPUS).flatMap((f) => readRuleFile(readFileSync(f, 'utf8'), f)) : [];
    const { previews, summary } = calibrateRules(rules, shippedConfig(), Date.parse('2026-11-24T22:55:00Z'));

    it('reads the whole corpus', () => {
      expect(rules.length).toBeGreaterThan(900);
      expect(summary.rules).toBe(rules.length);
    });

    it('pages from no warning or info label', () => {
      const paged = previews.filter((p) => p.pagedFromNonCritical).map((p) => `${p.name}: ${p.reason}`);
      expect(paged).toEqual([]);
      expect(summary.pagedFromNonCritical).toBe(0);
    });

    it('states no percentage above 100% and names no model for an alert that is not about one', () => {
      const over = previews.filter((p) => [...p.reason.matchAll(/(\d+(?:\.\d+)?)%/g)].some((m) => Number(m[1]) > 100));
      expect(over.map((p) => `${p.name}: ${p.reason}`)).toEqual([]);
      const model = previews.filter((p) => /\bmodel\b/i.test(p.reason));
      expect(model.map((p) => `${p.name}: ${p.reason}`)).toEqual([]);
    });

    it('reads every rule to a kind or says it is unknown, and heartbeats are not incidents', () => {
      for (const p of previews) expect([...VALUE_KINDS, 'unreadable']).toContain(p.kind);
      expect(previews.filter((p) => p.kind === 'unreadable')).toEqual([]);
      // Most rules have a kind Vigil can read; the rest fall back to their label, said as such.
      expect(summary.unknownValueKind).toBeLessThan(rules.length / 2);
      expect(previews.find((p) => p.name === 'PrometheusAlertmanagerE2eDeadManSwitch')?.level).toBe('heartbeat');
    });
  },
);

describe.skipIf(present)('the awesome-prometheus-alerts corpus', () => {
  it.skip(`is not here (${CORPUS} is absent: CI has ../shared beside the clone)`, () => {});
});

describe('npm run calibrate', () => {
  it('prints one line per rule with level, kind and reason, then the totals as JSON', () => {
    const r = spawnSync('npx', ['tsx', 'tools/calibrate/calibrate.ts', 'shared/classify/testing/mixedRules.yml'], {
      encoding: 'utf8',
    });
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(22);
    expect(lines.find((l) => l.includes('PrometheusRuleEvaluationFailures'))).toMatch(
      /P2\s+count\s+PrometheusRuleEvaluationFailures \[warning\] 1 rule evaluation failures in 5 min/,
    );
    const totals = JSON.parse(lines.at(-1)!);
    expect(totals).toMatchObject({ rules: 21, pagedFromNonCritical: 0, raisedAboveLabel: 1, unknownValueKind: 5 });
    expect(totals.byLabel.warning).toEqual({ P2: 9 });
  });

  it('says what is wrong with a path that holds no rules', () => {
    const r = spawnSync('npx', ['tsx', 'tools/calibrate/calibrate.ts', 'docs'], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/no \.yml or \.yaml rule files under docs|not a Prometheus rule file/);
  });
});
