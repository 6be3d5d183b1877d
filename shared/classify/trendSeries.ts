import type { Signal } from '../domain/signal';
import type { ClassificationConfig, ClassificationRule } from './classificationConfig';
import { rulesMatchingLabels } from './ruleIndex';
import { querySeriesKey, renderQuery, signalSeriesKey, type QueryResults } from './ruleQuery';

/**
 * The series a signal feeds into trend rules (`rising` / `falling`), with their current values:
 * the alert's own value, or the result of a trend rule's query. The engine keeps these samples
 * between steps. Only trend rules whose labels match count, whatever rule decides the severity,
 * so the history is there the moment a stricter rule stops deciding.
 */
export function trendSeriesOf(
  signal: Signal,
  config: ClassificationConfig,
  queryResults: QueryResults | undefined,
  out: [key: string, value: number][] = [],
): [key: string, value: number][] {
  if (trendRulesOf(config).length === 0) return out;
  let ownValue = false;
  for (const rule of rulesMatchingLabels(config, signal.labels)) {
    if (!rule.condition?.trend) continue;
    if (rule.query) {
      const rendered = renderQuery(rule.query, signal.labels);
      const v = rendered.ok ? queryResults?.get(rendered.query) : undefined;
      if (rendered.ok && typeof v === 'number' && !Number.isNaN(v)) out.push([querySeriesKey(rendered.query), v]);
    } else if (!ownValue && signal.value !== null && !Number.isNaN(signal.value)) {
      // Several trend rules may read the alert's value: it is one series.
      ownValue = true;
      out.push([signalSeriesKey(signal), signal.value]);
    }
  }
  return out;
}

// A config is immutable once built, so its trend rules are picked out once, not per signal.
const trendRules = new WeakMap<ClassificationConfig, ClassificationRule[]>();

function trendRulesOf(config: ClassificationConfig): ClassificationRule[] {
  let rules = trendRules.get(config);
  if (!rules) trendRules.set(config, (rules = config.rules.filter((r) => r.condition?.trend)));
  return rules;
}

/** The longest trend window of the config: how long the engine keeps samples. */
export function longestTrendWindowMs(config: ClassificationConfig): number {
  return trendRulesOf(config).reduce((max, r) => Math.max(max, r.condition!.trend!.windowMs), 0);
}
