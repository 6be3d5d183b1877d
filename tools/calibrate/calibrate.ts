// `npm run calibrate -- <rule file | folder | Prometheus URL> [--override FILE]`: for every
// alerting rule, the P-level Vigil would give it when it fires just past its own threshold, the
// value kind read from its expression and the reason; then one line of JSON with the totals.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { calibrateRules, type AlertingRule } from '../../shared/classify/calibrateRules';
import { parseClassificationConfig } from '../../shared/classify/classificationConfig';
import { mergeClassificationConfig } from '../../shared/classify/mergeClassificationConfig';
import { readRuleFile } from '../../shared/classify/readRuleFile';
import { createPrometheusApi } from '../../electron/sources/prometheusApi';
import { rulesToCalibrate } from '../../electron/services/matrixPreview';

const SHIPPED = new URL('../../resources/classification.yaml', import.meta.url);

async function main(argv: string[]): Promise<number> {
  const args = [...argv];
  let overridePath: string | null = null;
  const o = args.indexOf('--override');
  if (o >= 0) {
    overridePath = args[o + 1] ?? null;
    args.splice(o, 2);
  }
  const target = args[0];
  if (!target || args.length > 1 || (o >= 0 && !overridePath)) {
    console.error(
      'usage: npm run calibrate -- <rule file | folder | Prometheus URL> [--override classification.override.yaml]',
    );
    return 2;
  }
  const shipped = readFileSync(SHIPPED, 'utf8');
  const result = overridePath
    ? mergeClassificationConfig(shipped, readFileSync(overridePath, 'utf8'))
    : parseClassificationConfig(shipped);
  if (!result.ok) {
    for (const p of result.problems)
      console.error(`${p.file ?? 'matrix'} line ${p.line}, column ${p.column}: ${p.message}`);
    return 2;
  }
  const rules = /^https?:\/\//.test(target) ? await rulesFromPrometheus(target) : rulesFromPath(target);
  const { previews, summary } = calibrateRules(rules, result.config, Date.now());
  for (const p of previews) {
    const mark = p.disagrees ? '!' : ' ';
    console.log(
      `${mark} ${p.level.padEnd(9)} ${p.kind.padEnd(12)} ${p.name} [${p.label ?? 'no label'}] ${p.reason}${p.origin ? `  (${p.origin})` : ''}`,
    );
  }
  console.log(JSON.stringify(summary));
  return 0;
}

function rulesFromPath(path: string): AlertingRule[] {
  const files: string[] = [];
  const walk = (p: string) => {
    if (statSync(p).isDirectory()) for (const f of readdirSync(p).sort()) walk(join(p, f));
    else if (/\.ya?ml$/.test(p)) files.push(p);
  };
  walk(path);
  if (files.length === 0) throw new Error(`no .yml or .yaml rule files under ${path}`);
  return files.flatMap((f) => readRuleFile(readFileSync(f, 'utf8'), relative(process.cwd(), f) || f));
}

async function rulesFromPrometheus(url: string): Promise<AlertingRule[]> {
  return rulesToCalibrate(createPrometheusApi({ name: 'Prometheus', baseUrl: url, timeoutMs: 10_000 }));
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: Error) => {
    console.error(`calibrate: ${err.message}`);
    process.exit(1);
  },
);
