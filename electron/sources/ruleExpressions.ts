import type { Signal } from '../../shared/domain/signal';
import type { AlertingRule, PrometheusApi } from './prometheusApi';

/** Rules change when someone deploys them, not every poll: the list is fetched again after this. */
const REFRESH_MS = 5 * 60_000;

export interface RuleExpressions {
  /**
   * Fetches /api/v1/rules when the list is older than the refresh interval, or when an alert names
   * a rule the list does not have yet (a rule deployed since). Never throws: a failure is kept and
   * said on the signals it leaves without an expression.
   */
  refresh(signals: readonly Signal[]): Promise<void>;
  /** The signal with its rule's expression (`expr`), or a note on why it is missing. */
  attach(signal: Signal): Signal;
}

/**
 * Gives each Prometheus alert the PromQL of the rule that fired it, so the classifier reads what
 * its value means. An alert is matched to its rule by name and, when several rules share the name,
 * by the rule's own labels (Prometheus adds them to every alert of the rule).
 */
export function createRuleExpressions(api: Pick<PrometheusApi, 'alertingRules'>, now: () => number): RuleExpressions {
  let byName = new Map<string, AlertingRule[]>();
  let fetchedAt = -Infinity;
  let problem: string | null = null;
  // Names already asked for since the last full refresh: an alert whose rule is not listed (a
  // federated or remote-written alert) must not make every poll fetch the whole list again.
  let asked = new Set<string>();

  const find = (s: Signal): AlertingRule | null => {
    const candidates = byName.get(s.labels.alertname ?? s.name);
    if (!candidates) return null;
    if (candidates.length === 1) return candidates[0]!;
    return candidates.find((r) => Object.entries(r.labels).every(([k, v]) => s.labels[k] === v)) ?? null;
  };

  return {
    async refresh(signals) {
      const due = now() - fetchedAt >= REFRESH_MS;
      const unknown = signals
        .map((s) => s.labels.alertname ?? s.name)
        .filter((name) => !byName.has(name) && !asked.has(name));
      // After a failure, wait for the interval before asking again, new names or not.
      if (!due && (unknown.length === 0 || problem !== null)) return;
      asked = due ? new Set(unknown) : new Set([...asked, ...unknown]);
      try {
        const rules = await api.alertingRules({ withAlerts: false });
        const next = new Map<string, AlertingRule[]>();
        for (const r of rules) next.set(r.name, [...(next.get(r.name) ?? []), r]);
        byName = next;
        problem = null;
      } catch (err) {
        problem = `the rule list could not be fetched (${(err as Error).message})`;
      }
      fetchedAt = now();
    },
    attach(s) {
      const rule = find(s);
      if (rule) return { ...s, expr: rule.query, exprNote: null };
      const note = problem ?? `no alerting rule named ${s.labels.alertname ?? s.name} in the rule list`;
      return { ...s, expr: null, exprNote: note };
    },
  };
}
