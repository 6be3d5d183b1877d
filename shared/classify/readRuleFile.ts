import { parse } from 'yaml';
import type { AlertingRule } from './calibrateRules';

/**
 * The alerting rules of a Prometheus rule file (`groups: [{ name, rules: [{ alert, expr, ... }] }]`).
 * Recording rules are left out. A file that is not a rule file is an error in words.
 */
export function readRuleFile(text: string, origin: string): AlertingRule[] {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (err) {
    throw new Error(`${origin} is not YAML: ${(err as Error).message.split('\n')[0]}`);
  }
  const groups = (doc as { groups?: unknown } | null)?.groups;
  if (!Array.isArray(groups)) throw new Error(`${origin} is not a Prometheus rule file (no "groups:" list)`);
  const out: AlertingRule[] = [];
  for (const g of groups as { name?: unknown; rules?: unknown }[]) {
    if (!Array.isArray(g?.rules)) continue;
    for (const r of g.rules as Record<string, unknown>[]) {
      if (typeof r?.alert !== 'string' || r.expr === undefined) continue;
      out.push({
        name: r.alert,
        expr: String(r.expr),
        for: typeof r.for === 'string' ? r.for : null,
        labels: stringRecord(r.labels),
        annotations: stringRecord(r.annotations),
        origin: `${origin}${typeof g.name === 'string' ? ` (${g.name})` : ''}`,
      });
    }
  }
  return out;
}

function stringRecord(v: unknown): Record<string, string> {
  if (!v || typeof v !== 'object') return {};
  return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, String(x)]));
}
