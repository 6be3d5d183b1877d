import { describe, expect, it } from 'vitest';
import { alert } from '../../shared/testing/signalFixtures';
import type { AlertingRule } from './prometheusApi';
import { createRuleExpressions } from './ruleExpressions';

const rule = (name: string, query: string, labels: Record<string, string> = {}): AlertingRule => ({
  group: 'ml',
  file: 'ml.yml',
  name,
  query,
  labels,
  annotations: {},
  state: 'firing',
  alerts: [],
});

describe('createRuleExpressions', () => {
  it('asks for the rules without their alerts, and gives each alert its rule’s expression', async () => {
    const asked: unknown[] = [];
    const rules = createRuleExpressions(
      {
        alertingRules: async (opts) => {
          asked.push(opts);
          return [
            rule('ModelErrors', 'error_ratio{service="fraud"} > 0.05', { service: 'fraud' }),
            rule('ModelErrors', 'error_ratio{service="churn"} > 0.1', { service: 'churn' }),
          ];
        },
      },
      () => 0,
    );
    const churn = alert('ModelErrors', 0.2, { service: 'churn' });
    const unknown = alert('DiskFull', 0.99);
    await rules.refresh([churn, unknown]);
    // In a storm the alerts are the whole of the reply and the poll has them already.
    expect(asked).toEqual([{ withAlerts: false }]);
    expect(rules.attach(churn).expr).toBe('error_ratio{service="churn"} > 0.1');
    expect(rules.attach(unknown)).toMatchObject({
      expr: null,
      exprNote: 'no alerting rule named DiskFull in the rule list',
    });
  });
});
