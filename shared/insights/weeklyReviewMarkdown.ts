import { escapeMarkdownText } from '../postmortem/escapeMarkdownText';
import { formatDuration } from '../classify/duration';
import { METRIC_ABBREVIATION } from '../timeline/incidentMetrics';
import type { FatigueReport } from './fatigueReport';
import { describeBusinessHours } from './localClock';
import { REPORTED_METRICS, type MetricStats, type ResponseMetricsReport } from './responseMetricsReport';
import { markdownTable, percentText, plural, utcText } from './reportText';

/**
 * The weekly on-call review as Markdown (seeds 003 and 004: look at the noisy alerts every week):
 * load against the budget, what led to action, noisiest and flapping rules, off-hours load,
 * rules without runbooks, response times against seed 002's targets, and the questions to discuss.
 */
export interface WeeklyReviewOptions {
  /**
   * Why runbook coverage is not known (no Prometheus to read the rules from, or it did not
   * answer). An empty list would otherwise read as "every rule has a runbook".
   */
  runbookCoverageUnavailable?: string;
}

export function weeklyReviewMarkdown(
  fatigue: FatigueReport,
  metrics?: ResponseMetricsReport,
  options: WeeklyReviewOptions = {},
): string {
  const from = Date.parse(fatigue.period.from);
  const to = Date.parse(fatigue.period.to);
  const t = fatigue.totals;
  const out: string[] = [];
  out.push(`# On-call review: ${utcText(from)} to ${utcText(to)}`);
  out.push(
    `${plural(t.incidents, 'incident')}, ${plural(t.notifications, 'notification')} (${plural(t.pages, 'page')}) for ${plural(fatigue.engineers, 'engineer')} on the rotation. Budget: fewer than ${fatigue.budgetPerEngineerWeek} actionable alerts per engineer per week.`,
  );

  out.push('## Load per week');
  out.push(
    markdownTable(
      ['Week of', 'Notifications', 'Pages', 'Incidents', 'Actionable', 'Actionable per engineer', 'Budget'],
      fatigue.weeks.map((w) => [
        w.weekOf,
        w.notifications,
        w.pages,
        w.incidents,
        w.actionable,
        round1(w.actionablePerEngineer),
        w.overBudget ? '**over**' : 'within',
      ]),
    ),
  );

  out.push('## What led to action');
  const o = t.outcomes;
  out.push(
    [
      `- Actionable (acknowledged, then a runbook step, note or action): ${o.actionable} of ${t.incidents} (${percentText(t.actionableRatio)})`,
      `- Acknowledged, nothing after: ${o['acknowledged-only']}`,
      `- Handled without an acknowledgement: ${o['touched-without-ack']}`,
      `- Resolved by itself, untouched: ${o['auto-resolved-untouched']}`,
      `- Still open, untouched: ${o['open-untouched']}`,
    ].join('\n'),
  );

  out.push('## Noisiest rules');
  out.push(
    fatigue.noisiestRules.length === 0
      ? 'No alerts in this period.'
      : markdownTable(
          ['Rule', 'Incidents', 'Notifications', 'Pages', 'Actionable', 'Untouched', 'Actionable ratio'],
          fatigue.noisiestRules.map((r) => [
            r.alertname,
            r.incidents,
            r.notifications,
            r.pages,
            r.actionable,
            r.untouched,
            percentText(r.actionableRatio),
          ]),
        ),
  );

  out.push('## Flapping alerts');
  out.push(
    fatigue.flapping.length === 0
      ? 'None: no incident resolved and fired again.'
      : markdownTable(
          ['Rule', 'Incidents', 'Refires'],
          fatigue.flapping.map((f) => [f.alertname, f.incidents, f.refires]),
        ),
  );

  const off = fatigue.outsideBusinessHours;
  out.push(`## Outside business hours (${describeBusinessHours(fatigue.businessHours)}, local time)`);
  out.push(
    `${plural(off.incidents, 'incident')} and ${plural(off.pages, 'page')} (${plural(off.notifications, 'notification')} in all) outside business hours.`,
  );
  if (off.byRule.length > 0) {
    out.push(
      markdownTable(
        ['Rule', 'Incidents', 'Pages'],
        off.byRule.map((r) => [r.alertname, r.incidents, r.pages]),
      ),
    );
  }

  out.push('## Rules without a runbook');
  out.push(
    options.runbookCoverageUnavailable !== undefined
      ? `Not known: ${options.runbookCoverageUnavailable}`
      : fatigue.rulesWithoutRunbook.length === 0
        ? 'Every rule has a runbook.'
        : markdownTable(
            ['Rule', 'Incidents', 'Notifications', 'Pages'],
            fatigue.rulesWithoutRunbook.map((r) => [r.alertname, r.incidents, r.notifications, r.pages]),
          ),
  );

  if (metrics) {
    out.push(`## Response times by ${GROUPING_WORDS[metrics.groupBy]}`);
    out.push(
      'Mean (median) per incident; "met" counts incidents within their own target: their type\'s target for detection and resolution, their severity\'s SLA for acknowledgement and mitigation.',
    );
    const cell = (s: MetricStats) =>
      s.meanMs === null
        ? 'n/a'
        : `${formatDuration(s.meanMs)} (${formatDuration(s.medianMs!)})${s.met + s.missed > 0 ? `, ${s.met}/${s.met + s.missed} met` : ''}`;
    out.push(
      markdownTable(
        ['Group', 'Incidents', ...REPORTED_METRICS.map((m) => METRIC_ABBREVIATION[m])],
        [...metrics.groups, metrics.overall].map((g) => [
          g.key,
          g.incidents,
          ...REPORTED_METRICS.map((m) => cell(g.metrics[m])),
        ]),
      ),
    );
  }

  out.push('## Questions for the review');
  out.push(
    fatigue.questions.length === 0
      ? 'Nothing stands out this week.'
      : fatigue.questions.map((q) => `- ${escapeMarkdownText(q)}`).join('\n'),
  );
  return `${out.join('\n\n')}\n`;
}

const GROUPING_WORDS: Record<ResponseMetricsReport['groupBy'], string> = {
  alertname: 'alert',
  service: 'service',
  severity: 'severity',
  type: 'incident type',
};

function round1(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(1);
}
