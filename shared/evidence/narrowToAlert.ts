/** What Prometheus accepts as a label name (and what label_replace may set). */
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/**
 * `valueExpr` kept, inside Prometheus, to the one series this alert is about, or null when there
 * is nothing to narrow by.
 *
 * A rule's expression matches every series it watches: plotting `error_ratio` for one service
 * of 5,000 fetched all 5,000 an hour long (tens of megabytes, over the reply limit, so the graph
 * of the incident on screen failed exactly during a storm). An alert's labels are its series'
 * labels, plus the rule's own labels and `alertname`; so those left once the rule's own and
 * `alertname` are taken away are the series' own, and
 *
 *   (valueExpr) and on(service, ...) label_replace(vector(1), "service", "svc-7", "", "")
 *
 * keeps exactly the series carrying them. Label values are PromQL string literals (JSON escapes are
 * Go's too), and `$` is doubled because label_replace expands `$1` in its replacement.
 *
 * An alert that came through Alertmanager may carry labels its series do not (Prometheus's
 * external labels, added on the way): `seriesNames`, the label names of the rule's alerts as
 * Prometheus itself lists them, leaves those out. Without it such an alert keeps nothing, and the
 * caller then asks for the plain expression.
 */
export function narrowToAlert(
  valueExpr: string,
  alertLabels: Readonly<Record<string, string>>,
  ruleLabels: Readonly<Record<string, string>>,
  seriesNames: ReadonlySet<string> | null = null,
): string | null {
  const names = Object.keys(alertLabels)
    .filter(
      (k) =>
        k !== 'alertname' &&
        !Object.hasOwn(ruleLabels, k) &&
        (seriesNames === null || seriesNames.has(k)) &&
        LABEL_NAME.test(k) &&
        !k.startsWith('__'),
    )
    .sort();
  if (!names.length) return null;
  let oneSeries = 'vector(1)';
  for (const name of names) {
    const value = alertLabels[name]!.replaceAll('$', () => '$$');
    oneSeries = `label_replace(${oneSeries}, "${name}", ${JSON.stringify(value)}, "", "")`;
  }
  return `(${valueExpr}) and on(${names.join(', ')}) ${oneSeries}`;
}
