import {
  analyseIncident,
  type AnalysedIncident,
  type IncidentOutcome,
  type IncidentRecord,
  type NotificationRecord,
} from './incidentHistory';
import { addDays, isBusinessHours, weekStartOf, type BusinessHours, type LocalClock } from './localClock';
import type { Period } from './responseMetricsReport';

/** Seed 002: "aim for < 10 actionable alerts per week per engineer". */
export const ACTIONABLE_BUDGET_PER_ENGINEER_WEEK = 10;

export interface FatigueInput {
  records: readonly IncidentRecord[];
  notifications: readonly NotificationRecord[];
  /** Incidents count by detection time, notifications by send time, in [from, to). */
  period: Period;
  clock: LocalClock;
  businessHours: BusinessHours;
  /** People sharing the rotation over the period (at least 1). */
  engineers: number;
  /** Alert rules (alertnames) that no runbook matches, as the runbook library computed them. */
  rulesWithoutRunbook: readonly string[];
  /** How many rules "noisiest" lists; 5 by default. */
  noisiestLimit?: number;
  budgetPerEngineerWeek?: number;
}

export interface WeekLoad {
  /** Monday, local. */
  weekOf: string;
  notifications: number;
  pages: number;
  incidents: number;
  actionable: number;
  actionablePerEngineer: number;
  /** At or above the budget (the seed asks for fewer than 10). */
  overBudget: boolean;
}

export interface RuleNoise {
  alertname: string;
  incidents: number;
  /** Notifications that named one of its incidents (a storm summary counts once per rule in it). */
  notifications: number;
  pages: number;
  actionable: number;
  /** Nobody did anything: resolved by itself or still open. */
  untouched: number;
  /** actionable / incidents, null without incidents. */
  actionableRatio: number | null;
}

export interface FatigueReport {
  period: { from: string; to: string };
  engineers: number;
  budgetPerEngineerWeek: number;
  businessHours: BusinessHours;
  weeks: WeekLoad[];
  totals: {
    incidents: number;
    notifications: number;
    pages: number;
    outcomes: Record<IncidentOutcome, number>;
    /** actionable / incidents; null without incidents. */
    actionableRatio: number | null;
  };
  /** Most notifications first, then most incidents. */
  noisiestRules: RuleNoise[];
  /** Rules whose incidents resolved and fired again, most refires first. */
  flapping: { alertname: string; incidents: number; refires: number }[];
  outsideBusinessHours: {
    incidents: number;
    notifications: number;
    pages: number;
    byRule: { alertname: string; incidents: number; pages: number }[];
  };
  /** Rules without a runbook; the ones that fired in the period first. */
  rulesWithoutRunbook: { alertname: string; incidents: number; notifications: number; pages: number }[];
  /** What the weekly review should discuss, each with the reason. */
  questions: string[];
}

const OUTCOMES: IncidentOutcome[] = [
  'actionable',
  'acknowledged-only',
  'touched-without-ack',
  'auto-resolved-untouched',
  'open-untouched',
];

/**
 * The alert-fatigue report for the weekly review (seeds 002-004): load per week against the
 * actionable-alert budget, how many incidents led to action, the noisiest and flapping rules,
 * what fired outside business hours, and rules that fire without a runbook. Pure; the local
 * calendar comes from `clock`.
 */
export function fatigueReport(input: FatigueInput): FatigueReport {
  const { period, clock } = input;
  const engineers = Math.max(1, input.engineers);
  const budget = input.budgetPerEngineerWeek ?? ACTIONABLE_BUDGET_PER_ENGINEER_WEEK;
  const inPeriod = (ms: number) => ms >= period.from && ms < period.to;

  const all = input.records.map(analyseIncident);
  const byId = new Map(all.map((a) => [a.incident.id, a]));
  const incidents = all.filter((a) => inPeriod(a.detectedMs)).sort((a, b) => a.detectedMs - b.detectedMs);
  const notifications = input.notifications.filter((n) => inPeriod(Date.parse(n.at)));
  const ruleOf = (id: string) => byId.get(id)?.alertname ?? '(incident not in the history)';
  const rulesOf = (n: NotificationRecord) => [...new Set(n.incidentIds.map(ruleOf))];

  // Weeks: every Monday-to-Sunday week the period touches, even quiet ones (a quiet week is news).
  const weekOfMs = (ms: number) => {
    const t = clock(ms);
    return weekStartOf(t.date, t.weekday);
  };
  const weeks = new Map<string, WeekLoad>();
  const lastWeek = weekOfMs(period.to - 1);
  for (let w = weekOfMs(period.from); w <= lastWeek; w = addDays(w, 7)) {
    weeks.set(w, {
      weekOf: w,
      notifications: 0,
      pages: 0,
      incidents: 0,
      actionable: 0,
      actionablePerEngineer: 0,
      overBudget: false,
    });
  }
  for (const n of notifications) {
    const week = weeks.get(weekOfMs(Date.parse(n.at)))!;
    week.notifications++;
    if (n.page) week.pages++;
  }
  for (const a of incidents) {
    const week = weeks.get(weekOfMs(a.detectedMs))!;
    week.incidents++;
    if (a.outcome === 'actionable') week.actionable++;
  }
  for (const week of weeks.values()) {
    week.actionablePerEngineer = week.actionable / engineers;
    week.overBudget = week.actionablePerEngineer >= budget;
  }

  const outcomes = Object.fromEntries(OUTCOMES.map((o) => [o, 0])) as Record<IncidentOutcome, number>;
  for (const a of incidents) outcomes[a.outcome]++;

  // Per rule.
  const rules = new Map<string, RuleNoise>();
  const rule = (alertname: string) => {
    let r = rules.get(alertname);
    if (!r) {
      r = { alertname, incidents: 0, notifications: 0, pages: 0, actionable: 0, untouched: 0, actionableRatio: null };
      rules.set(alertname, r);
    }
    return r;
  };
  for (const a of incidents) {
    const r = rule(a.alertname);
    r.incidents++;
    if (a.outcome === 'actionable') r.actionable++;
    if (a.outcome === 'auto-resolved-untouched' || a.outcome === 'open-untouched') r.untouched++;
  }
  for (const n of notifications) {
    for (const name of rulesOf(n)) {
      const r = rule(name);
      r.notifications++;
      if (n.page) r.pages++;
    }
  }
  for (const r of rules.values()) r.actionableRatio = r.incidents > 0 ? r.actionable / r.incidents : null;
  const noisiestRules = [...rules.values()]
    .sort(
      (a, b) =>
        b.notifications - a.notifications || b.incidents - a.incidents || a.alertname.localeCompare(b.alertname),
    )
    .slice(0, input.noisiestLimit ?? 5);

  const flapping = flappingOf(all, inPeriod);

  const outside = {
    incidents: 0,
    notifications: 0,
    pages: 0,
    byRule: new Map<string, { incidents: number; pages: number }>(),
  };
  const outsideRule = (name: string) => {
    const r = outside.byRule.get(name) ?? { incidents: 0, pages: 0 };
    outside.byRule.set(name, r);
    return r;
  };
  for (const a of incidents) {
    if (isBusinessHours(clock(a.detectedMs), input.businessHours)) continue;
    outside.incidents++;
    outsideRule(a.alertname).incidents++;
  }
  for (const n of notifications) {
    if (isBusinessHours(clock(Date.parse(n.at)), input.businessHours)) continue;
    outside.notifications++;
    if (!n.page) continue;
    outside.pages++;
    for (const name of rulesOf(n)) outsideRule(name).pages++;
  }

  const rulesWithoutRunbook = [...new Set(input.rulesWithoutRunbook)]
    .map((alertname) => {
      const r = rules.get(alertname);
      return { alertname, incidents: r?.incidents ?? 0, notifications: r?.notifications ?? 0, pages: r?.pages ?? 0 };
    })
    .sort(
      (a, b) =>
        b.incidents - a.incidents || b.notifications - a.notifications || a.alertname.localeCompare(b.alertname),
    );

  const report: FatigueReport = {
    period: { from: new Date(period.from).toISOString(), to: new Date(period.to).toISOString() },
    engineers,
    budgetPerEngineerWeek: budget,
    businessHours: input.businessHours,
    weeks: [...weeks.values()],
    totals: {
      incidents: incidents.length,
      notifications: notifications.length,
      pages: notifications.filter((n) => n.page).length,
      outcomes,
      actionableRatio: incidents.length > 0 ? outcomes.actionable / incidents.length : null,
    },
    noisiestRules,
    flapping,
    outsideBusinessHours: {
      incidents: outside.incidents,
      notifications: outside.notifications,
      pages: outside.pages,
      byRule: [...outside.byRule.entries()]
        .map(([alertname, r]) => ({ alertname, ...r }))
        .sort((a, b) => b.pages - a.pages || b.incidents - a.incidents || a.alertname.localeCompare(b.alertname)),
    },
    rulesWithoutRunbook,
    questions: [],
  };
  report.questions = questionsFor(report, [...rules.values()]);
  return report;
}

/** Refires seen in the period: 'refired' events, or the incident's flap count when events are missing. */
function flappingOf(all: readonly AnalysedIncident[], inPeriod: (ms: number) => boolean): FatigueReport['flapping'] {
  const byRule = new Map<string, { incidents: number; refires: number }>();
  for (const a of all) {
    const refiredEvents = a.view.entries.filter((e) => e.kind === 'refired');
    const inside = refiredEvents.filter((e) => inPeriod(Date.parse(e.originalAt))).length;
    const refires = refiredEvents.length > 0 ? inside : inPeriod(a.detectedMs) ? (a.incident.flapCount ?? 0) : 0;
    if (refires === 0) continue;
    const r = byRule.get(a.alertname) ?? { incidents: 0, refires: 0 };
    r.incidents++;
    r.refires += refires;
    byRule.set(a.alertname, r);
  }
  return [...byRule.entries()]
    .map(([alertname, r]) => ({ alertname, ...r }))
    .sort((a, b) => b.refires - a.refires || a.alertname.localeCompare(b.alertname));
}

function questionsFor(report: FatigueReport, rules: readonly RuleNoise[]): string[] {
  const out: string[] = [];
  for (const w of report.weeks) {
    if (w.overBudget) {
      out.push(
        `Week of ${w.weekOf}: ${fmt(w.actionablePerEngineer)} actionable alerts per engineer, at or over the budget of fewer than ${report.budgetPerEngineerWeek}: what can be automated or merged?`,
      );
    }
  }
  for (const r of [...rules].sort((a, b) => a.alertname.localeCompare(b.alertname))) {
    if (r.incidents >= 2 && r.actionable === 0) {
      out.push(
        `${r.alertname} fired ${r.incidents} times and never led to action: tune its threshold, downgrade it, or delete it?`,
      );
    }
  }
  for (const f of report.flapping) {
    out.push(
      `${f.alertname} flapped ${f.refires} time${f.refires === 1 ? '' : 's'}: lengthen its "for" duration or add hysteresis?`,
    );
  }
  for (const r of report.rulesWithoutRunbook) {
    if (r.incidents > 0)
      out.push(
        `${r.alertname} fired ${r.incidents} time${r.incidents === 1 ? '' : 's'} with no runbook: write one, or should it alert at all?`,
      );
  }
  return out;
}

function fmt(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(1);
}
