import { calibrateRules, type AlertingRule } from '../../shared/classify/calibrateRules';
import type { ClassificationConfig } from '../../shared/classify/classificationConfig';
import type { SourceRulePreview } from '../../shared/ipc/classificationContract';
import { createPrometheusApi, type PrometheusApi } from '../sources/prometheusApi';
import type { PrometheusAccess } from './sourceManager';

/** Rows sent to the window at most per source; the summary still counts every rule. */
const MAX_ROWS = 2_000;

/** A Prometheus's alerting rules as the calibration reads them (`npm run calibrate` uses this too). */
export async function rulesToCalibrate(api: Pick<PrometheusApi, 'alertingRules'>): Promise<AlertingRule[]> {
  return (await api.alertingRules()).map((r) => ({
    name: r.name,
    expr: r.query,
    for: r.duration ?? null,
    labels: r.labels,
    annotations: r.annotations,
    origin: r.group,
  }));
}

/**
 * Settings > Severity matrix: every alerting rule of each Prometheus source, as the matrix in
 * force would judge it when it fires just past its own threshold (the same preview as
 * `npm run calibrate`). The rule list is read from the source itself, with its credentials.
 */
export async function previewMatrix(
  sources: readonly PrometheusAccess[],
  config: ClassificationConfig,
  now: number,
): Promise<SourceRulePreview[]> {
  return Promise.all(
    sources.map(async (access): Promise<SourceRulePreview> => {
      const base = { sourceId: access.sourceId, sourceName: access.name };
      try {
        const api = createPrometheusApi({
          baseUrl: access.baseUrl,
          headers: access.headers,
          fetch: access.fetch,
          name: access.name,
        });
        const rules = await rulesToCalibrate(api);
        const { previews, summary } = calibrateRules(rules, config, now);
        return {
          ...base,
          problem: null,
          rules: previews.slice(0, MAX_ROWS),
          omitted: Math.max(0, previews.length - MAX_ROWS),
          summary,
        };
      } catch (err) {
        return { ...base, problem: access.redact((err as Error).message), rules: [], omitted: 0, summary: null };
      }
    }),
  );
}
