import { formatDuration } from '../classify/duration';
import { roundForText } from '../classify/formatValue';
import type { Incident } from '../domain/incident';
import { severityRank, type Severity } from '../domain/severity';
import type { ActionItemSuggestion } from '../runbooks/suggestActionItems';
import type { TimelineView } from '../timeline/buildTimeline';
import { RESPONSE_METRICS, type IncidentMetrics } from '../timeline/incidentMetrics';
import { RESPONSE_TARGETS, targetClassOf } from '../timeline/responseTargets';
import { normalizePostMortem, type PostMortem, type Suggestion } from './postMortemModel';
import { escapeMarkdownText } from './escapeMarkdownText';

export interface DraftOptions {
  /** Who writes it (settings); defaults to whoever acknowledged the incident. */
  author?: string;
}

/** Labels that name what was affected, most specific first (seed 002: "Models affected"). */
const AFFECTED_LABELS = ['service', 'model', 'model_name', 'feature_group'];
const MAX_VALUE_SUGGESTIONS = 5;

/**
 * A first draft of the blameless post-mortem of one incident, from what Vigil recorded:
 * - timeline: the starred entries and the milestones, chronologically, with their current times;
 * - start / detected / resolved from the milestones, responders from the people in the timeline;
 * - metrics from `metrics` (computed from the same milestones);
 * - suggestions, not content: the classification and the alerts' values (impact), escalations
 *   and flapping (what went wrong / action items), metrics against seed 002's targets, and the
 *   runbook's skipped or overrun steps (action items).
 * The prose sections stay empty except a factual summary sentence: the author writes them.
 */
export function draftPostMortem(
  incident: Incident,
  view: TimelineView,
  metrics: IncidentMetrics,
  runbookSuggestions: readonly ActionItemSuggestion[],
  now: number,
  options: DraftOptions = {},
): PostMortem {
  const nowIso = new Date(now).toISOString();
  const incidentType = targetClassOf(incident);
  const ms = (m: (typeof RESPONSE_METRICS)[number]) => metrics[m].ms;
  const docMetrics = {
    detect: ms('detect'),
    acknowledge: ms('acknowledge'),
    mitigate: ms('mitigate'),
    resolve: ms('resolve'),
    duration: ms('duration'),
  };
  const milestoneAt = (m: keyof TimelineView['milestones']) => view.milestones[m]?.at ?? null;

  // Teammates' notes (read back from PagerDuty) are what the others did: they belong in the story.
  const teammateNote = (e: (typeof view.entries)[number]) => e.kind === 'note' && e.source === 'pagerduty';
  const timeline = view.entries
    .filter((e) => e.starred || e.milestones.length > 0 || teammateNote(e))
    // Timeline lines quote alerts (names, annotations, a server's error): inert in a shared document.
    .map((e) => ({
      at: e.at,
      milestones: e.milestones,
      text: escapeMarkdownText(teammateNote(e) ? `${e.actor} (PagerDuty note): ${e.text}` : e.text),
    }));

  const responders: string[] = [];
  const addResponder = (name: string | null | undefined) => {
    const n = name?.trim();
    if (n && n !== 'vigil' && !responders.includes(n)) responders.push(n);
  };
  for (const e of view.entries) if (e.source === 'user' || teammateNote(e)) addResponder(e.actor);
  addResponder(incident.acknowledgedBy);
  addResponder(incident.resolvedBy);

  const affected = new Set<string>();
  for (const labels of [incident.groupLabels ?? {}, ...incident.signals.map((s) => s.labels)]) {
    for (const l of AFFECTED_LABELS) if (labels[l]) affected.add(labels[l]!);
  }

  const doc: PostMortem = {
    version: 1,
    incidentId: incident.id,
    title: escapeMarkdownText(incident.title),
    // The worst it got, not where it ended: a post-mortem is about how bad it was.
    severity: peakSeverity(incident),
    incidentType,
    status: 'draft',
    author: options.author ?? incident.acknowledgedBy ?? '',
    createdAt: nowIso,
    updatedAt: nowIso,
    summary: summaryOf(incident, view, metrics, [...affected]),
    startedAt: milestoneAt('first-symptom'),
    detectedAt: milestoneAt('detected'),
    resolvedAt: milestoneAt('resolved'),
    responders,
    affected: [...affected].sort(),
    timeline,
    rootCause: { immediateCause: '', fiveWhys: [], whatAllowedIt: '' },
    impact: { users: '', business: '', data: '' },
    wentWell: [],
    wentWrong: [],
    actionItems: [],
    metrics: docMetrics,
    suggestions: [
      ...evidenceSuggestions(incident, view),
      ...metricSuggestions(incidentType, metrics),
      ...runbookSuggestions.map((s): Suggestion => ({ section: 'action-items', source: 'runbook', text: s.text })),
    ],
    otherSections: [],
  };
  return normalizePostMortem(doc);
}

/** One factual sentence a reader outside the team can follow; the author adds what users saw. */
function summaryOf(incident: Incident, view: TimelineView, metrics: IncidentMetrics, affected: string[]): string {
  const start = view.milestones['first-symptom']?.at ?? view.milestones.detected?.at ?? incident.detectedAt;
  const title = escapeMarkdownText(incident.title);
  const what = affected.length > 0 ? `${escapeMarkdownText(affected.join(', '))} had a problem (${title})` : title;
  const parts = [`On ${start.slice(0, 10)}, ${what} starting at ${start.slice(11, 16)} UTC.`];
  if (metrics.detect.ms !== null)
    parts.push(`Our monitoring noticed it ${formatDuration(metrics.detect.ms)} after it began.`);
  const resolved = view.milestones.resolved;
  if (resolved && metrics.duration.ms !== null) {
    parts.push(
      `It was resolved at ${resolved.at.slice(11, 16)} UTC, ${formatDuration(metrics.duration.ms)} after it began.`,
    );
  } else if (!resolved) {
    parts.push('It was not resolved when this draft was written.');
  }
  return parts.join(' ');
}

function evidenceSuggestions(incident: Incident, view: TimelineView): Suggestion[] {
  const out: Suggestion[] = [];
  const c = incident.classification;
  out.push({
    section: 'impact',
    source: 'evidence',
    text: escapeMarkdownText(`Classified ${c.severity} by rule ${c.ruleId}: ${c.reason}`),
  });
  const seen = new Set<string>();
  for (const s of incident.signals) {
    if (s.value === null || seen.size >= MAX_VALUE_SUGGESTIONS) continue;
    const labels = AFFECTED_LABELS.filter((l) => s.labels[l]).map((l) => `${l}=${s.labels[l]}`);
    const line = `${s.name}${labels.length ? ` (${labels.join(', ')})` : ''} last read ${roundForText(s.value)}`;
    if (seen.has(line)) continue;
    seen.add(line);
    out.push({
      section: 'impact',
      source: 'evidence',
      text: escapeMarkdownText(`${line}, as reported by ${s.sourceKind}`),
    });
  }
  for (const e of view.entries) {
    if (e.kind === 'escalated') {
      out.push({
        section: 'went-wrong',
        source: 'evidence',
        text: `It stayed unacknowledged long enough to escalate (${escapeMarkdownText(e.text)}): what delayed the response?`,
      });
    }
  }
  const flaps = view.entries.filter((e) => e.kind === 'refired').length || (incident.flapCount ?? 0);
  if (flaps > 0) {
    out.push({
      section: 'action-items',
      source: 'evidence',
      text: `The alert resolved and fired again ${flaps} time${flaps === 1 ? '' : 's'}: review its threshold, its "for" duration or add hysteresis`,
    });
  }
  return out;
}

function metricSuggestions(type: PostMortem['incidentType'], metrics: IncidentMetrics): Suggestion[] {
  const t = RESPONSE_TARGETS[type];
  const out: Suggestion[] = [];
  const check = (value: number | null, target: number, what: string) => {
    if (value === null) return;
    const met = value <= target;
    out.push({
      section: met ? 'went-well' : 'went-wrong',
      source: 'metrics',
      text: `${what} took ${formatDuration(value)}, ${met ? 'within' : 'over'} the ${formatDuration(target)} target (${t.why})`,
    });
  };
  check(metrics.detect.ms, t.detectMs, 'Detection (first symptom to detection)');
  check(metrics.resolve.ms, t.resolveMs, 'Resolution (detection to resolution)');
  return out;
}

/** The most severe level the incident reached (its severity now, when no history was kept). */
function peakSeverity(incident: Incident): Severity {
  let peak = incident.severity;
  for (const level of Object.keys(incident.severityReachedAt ?? {}) as Severity[]) {
    if (severityRank(level) < severityRank(peak)) peak = level;
  }
  return peak;
}
