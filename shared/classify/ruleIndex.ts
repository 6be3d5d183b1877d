import type { ClassificationConfig, ClassificationRule } from './classificationConfig';
import { matchesAll } from './parseMatcher';

/**
 * The rules whose label matchers all match these labels, most severe first. Alerts in a storm
 * share the few labels matchers read (alertname above all), so the answer is remembered per
 * combination of those label values: a 10,000-alert step evaluates a handful of candidate rules
 * per alert instead of every rule. Answers never change for a config, so this is invisible to
 * callers; the cap keeps a matcher on a high-cardinality label (pod) from growing it unbounded.
 */
export function rulesMatchingLabels(
  config: ClassificationConfig,
  labels: Readonly<Record<string, string>>,
): readonly ClassificationRule[] {
  let index = indexes.get(config);
  if (!index) {
    const names = new Set<string>();
    for (const rule of config.rules) for (const m of rule.matchers) names.add(m.name);
    index = { names: [...names].sort(), cache: new Map() };
    indexes.set(config, index);
  }
  let key: string;
  if (index.names.length === 1) key = labels[index.names[0]!] ?? '';
  else {
    key = '';
    for (const name of index.names) key += `${labels[name] ?? ''}\u0000`;
  }
  let rules = index.cache.get(key);
  if (!rules) {
    rules = matchingRules(config.rules, labels);
    if (index.cache.size >= CACHE_LIMIT) index.cache.clear();
    index.cache.set(key, rules);
  }
  return rules;
}

/**
 * Out of line, and a loop: a closure over `labels` in rulesMatchingLabels made V8 allocate a context
 * for `labels` on every call, hit or miss (40 bytes an alert, 0.4 MB a 10,000-alert poll).
 */
function matchingRules(
  rules: readonly ClassificationRule[],
  labels: Readonly<Record<string, string>>,
): ClassificationRule[] {
  const out: ClassificationRule[] = [];
  for (const rule of rules) if (matchesAll(rule.matchers, labels)) out.push(rule);
  return out;
}

const CACHE_LIMIT = 8192;
const indexes = new WeakMap<ClassificationConfig, { names: string[]; cache: Map<string, ClassificationRule[]> }>();
