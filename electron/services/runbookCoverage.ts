import type { CoverageView } from '../../shared/ipc/runbookContract';
import { runbooksForLabels } from '../../shared/runbooks/matchRunbooks';
import type { Runbook } from '../../shared/runbooks/runbookModel';
import type { PrometheusApi } from '../sources/prometheusApi';
import type { PrometheusAccess } from './sourceManager';

/**
 * Which alerting rules of each Prometheus have a runbook: by the rule's own labels, else by the
 * labels of its firing alerts. A Prometheus that cannot answer is listed with why, not dropped.
 */
export async function runbookCoverage(
  runbooks: readonly Runbook[],
  prometheus: readonly PrometheusAccess[],
  createApi: (access: PrometheusAccess) => PrometheusApi,
  now: number,
): Promise<CoverageView> {
  const sources = await Promise.all(
    prometheus.map(async (access): Promise<CoverageView['sources'][number]> => {
      const base = { sourceId: access.sourceId, name: access.name, url: access.baseUrl };
      try {
        const rules = await createApi(access).alertingRules();
        return {
          ...base,
          error: null,
          rules: rules.map((rule) => {
            const own = runbooksForLabels(runbooks, { alertname: rule.name, ...rule.labels });
            const viaAlerts = own.length
              ? []
              : uniqueById(rule.alerts.flatMap((a) => runbooksForLabels(runbooks, a.labels)));
            const found = own.length ? own : viaAlerts;
            return {
              group: rule.group,
              file: rule.file,
              name: rule.name,
              state: rule.state,
              labels: rule.labels,
              runbookUrl: rule.annotations.runbook_url ?? rule.annotations.runbook ?? null,
              runbooks: found.map((r) => ({ id: r.id, title: r.title })),
              matchedBy: own.length ? ('rule' as const) : viaAlerts.length ? ('alerts' as const) : null,
            };
          }),
        };
      } catch (err) {
        return { ...base, error: access.redact((err as Error).message), rules: [] };
      }
    }),
  );
  return { checkedAt: new Date(now).toISOString(), sources };
}

function uniqueById<T extends { id: string }>(list: T[]): T[] {
  return [...new Map(list.map((x) => [x.id, x])).values()];
}
