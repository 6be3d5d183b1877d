import { matchesLabels, type Matcher } from '../classify/parseMatcher';
import { isSafeHref } from './parseInline';
import type { Runbook } from './runbookModel';

/** The parts of a Signal that linking needs (a full Signal fits). */
export interface SignalForLinking {
  id: string;
  name: string;
  sourceKind?: string;
  labels: Readonly<Record<string, string>>;
  annotations: Readonly<Record<string, string>>;
}

export interface RunbookMatch {
  runbook: Runbook;
  /** Higher is more specific; see matcherSpecificity. */
  specificity: number;
  /** The incident's signals this runbook matched. */
  signalIds: string[];
  alertnames: string[];
}

export interface ExternalRunbookLink {
  href: string;
  /** The alerts whose `runbook_url` (or `runbook`) annotation points here. */
  alertnames: string[];
}

export interface IncidentRunbooks {
  /** Most specific first. */
  matches: RunbookMatch[];
  /** http(s) runbook annotations, deduplicated. */
  external: ExternalRunbookLink[];
  /** Runbook annotations that are not http(s) URLs: shown as text, never as links. */
  externalAsText: { text: string; alertname: string }[];
  /** Alerts no local runbook matches ("no runbook for this alert"), one per alert name. */
  unmatched: { alertname: string; signalId: string }[];
}

/** Annotation names alert rules use for a runbook link: the Prometheus convention, then seed 002's. */
const RUNBOOK_ANNOTATIONS = ['runbook_url', 'runbook'];

/**
 * The runbooks that apply to an incident. A runbook applies when all its matchers match the
 * labels of one of the incident's signals: labels are not pooled across signals, because an
 * incident can hold different alerts and a runbook written for one must not match half of each.
 */
export function matchRunbooks(runbooks: readonly Runbook[], signals: readonly SignalForLinking[]): IncidentRunbooks {
  const byId = new Map<string, RunbookMatch>();
  const covered = new Set<string>();
  for (const signal of signals) {
    const labels = labelsOf(signal);
    const alertname = labels.alertname ?? signal.name;
    for (const runbook of runbooks) {
      if (!runbook.match.every((m) => matchesLabels(m, labels))) continue;
      covered.add(signal.id);
      let match = byId.get(runbook.id);
      if (!match) {
        match = { runbook, specificity: matcherSpecificity(runbook.match), signalIds: [], alertnames: [] };
        byId.set(runbook.id, match);
      }
      match.signalIds.push(signal.id);
      if (!match.alertnames.includes(alertname)) match.alertnames.push(alertname);
    }
  }

  const external: ExternalRunbookLink[] = [];
  const externalAsText: IncidentRunbooks['externalAsText'] = [];
  const unmatched: IncidentRunbooks['unmatched'] = [];
  for (const signal of signals) {
    const alertname = labelsOf(signal).alertname ?? signal.name;
    for (const key of RUNBOOK_ANNOTATIONS) {
      const value = signal.annotations[key]?.trim();
      if (!value) continue;
      if (!isSafeHref(value)) {
        if (!externalAsText.some((e) => e.text === value)) externalAsText.push({ text: value, alertname });
        continue;
      }
      const link = external.find((e) => e.href === value);
      if (!link) external.push({ href: value, alertnames: [alertname] });
      else if (!link.alertnames.includes(alertname)) link.alertnames.push(alertname);
    }
    if (!covered.has(signal.id) && !unmatched.some((u) => u.alertname === alertname)) {
      unmatched.push({ alertname, signalId: signal.id });
    }
  }

  const matches = [...byId.values()].sort(
    (a, b) =>
      b.specificity - a.specificity ||
      b.signalIds.length - a.signalIds.length ||
      a.runbook.id.localeCompare(b.runbook.id),
  );
  return { matches, external, externalAsText, unmatched };
}

/**
 * The runbooks whose matchers all match one label set, most specific first: for the coverage
 * report (alerting rules from /api/v1/rules with and without a runbook).
 */
export function runbooksForLabels(runbooks: readonly Runbook[], labels: Readonly<Record<string, string>>): Runbook[] {
  return runbooks
    .filter((r) => r.match.every((m) => matchesLabels(m, labels)))
    .sort((a, b) => matcherSpecificity(b.match) - matcherSpecificity(a.match) || a.id.localeCompare(b.id));
}

/**
 * How narrowly a runbook's matchers pin an alert down: an exact `=` says most (3), a regex `=~`
 * less (2), a negative `!=` / `!~` least (1); more matchers say more. So a runbook written for
 * `alertname="FraudModelHighLatency"` comes before a generic `alertname=~".+HighLatency"` one.
 */
export function matcherSpecificity(matchers: readonly Matcher[]): number {
  let score = 0;
  for (const m of matchers) score += m.op === '=' ? 3 : m.op === '=~' ? 2 : 1;
  return score;
}

/** Prometheus and Alertmanager put alertname in the labels; a bare name stands in only for those sources. */
function labelsOf(signal: SignalForLinking): Readonly<Record<string, string>> {
  if (signal.labels.alertname !== undefined || signal.sourceKind === 'pagerduty') return signal.labels;
  return { alertname: signal.name, ...signal.labels };
}
