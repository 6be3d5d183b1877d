import { escapeMarkdownText } from '../postmortem/escapeMarkdownText';
import type { SeverityPolicy } from '../classify/classificationConfig';
import { formatDuration } from '../classify/duration';
import type { IncidentPhase } from '../domain/incident';
import { severityRank, type Severity } from '../domain/severity';
import type { TimelineEventKind } from '../domain/timeline';
import { phaseOf } from '../incidents/incidentLifecycle';
import { slaClocks, type SlaClock } from '../incidents/slaClocks';
import { openActionItems, type OpenActionItem } from '../postmortem/openActionItems';
import type { PostMortem } from '../postmortem/postMortemModel';
import type { TimelineEntry } from '../timeline/buildTimeline';
import { MILESTONE_LABEL } from '../timeline/milestone';
import { analyseIncident, type IncidentRecord, type NotificationRecord } from './incidentHistory';
import type { Period } from './responseMetricsReport';
import { markdownTable, plural, utcText } from './reportText';

/** Who is on call next, as PagerDuty's /oncalls says (the wiring maps it). */
export interface OnCallEntry {
  name: string;
  /** Escalation level, 1 = first responder. */
  level: number | null;
  schedule: string | null;
  /** End of their on-call, ISO; null = not given. */
  until: string | null;
}

export interface HandoffInput {
  shift: Period & { engineer?: string };
  now: number;
  records: readonly IncidentRecord[];
  policies: Record<Severity, SeverityPolicy>;
  postMortems: readonly PostMortem[];
  /** null when it is not known (PagerDuty not configured or unreachable): the report says so. */
  nextOnCall: readonly OnCallEntry[] | null;
  /** Pages are counted from these when given, else from the incidents' 'notified' events. */
  notifications?: readonly NotificationRecord[];
  /** The local calendar day, for overdue action items. */
  today: string;
}

/** A running SLA clock with less than this left is "due soon". */
export const DUE_SOON_MS = 15 * 60_000;

export type SlaState = 'breached' | 'due-soon' | 'ok';

export interface OpenIncidentHandoff {
  incidentId: string;
  title: string;
  severity: Severity;
  phase: IncidentPhase;
  acknowledgedBy: string | null;
  openForMs: number;
  slaState: SlaState;
  clocks: SlaClock[];
  /** "ack met at 22:45 UTC; mitigate due 23:41 UTC (in 23 min)". */
  slaText: string;
}

export interface HandoffNote {
  incidentId: string;
  title: string;
  at: string;
  author: string;
  text: string;
}

export interface ShiftHandoff {
  shift: { from: string; to: string; engineer: string | null };
  generatedAt: string;
  open: OpenIncidentHandoff[];
  happened: {
    opened: number;
    resolved: number;
    pages: number;
    incidents: { incidentId: string; title: string; severity: Severity; resolved: boolean; entries: TimelineEntry[] }[];
  };
  notes: HandoffNote[];
  actionItems: OpenActionItem[];
  nextOnCall: readonly OnCallEntry[] | null;
}

/** What the next person needs from a timeline; alert counts and source health are noise here. */
const WORTH_HANDING_OVER = new Set<TimelineEventKind>([
  'first-symptom',
  'fired',
  'refired',
  'resolved',
  'severity-changed',
  'escalated',
  'declared',
  'acknowledged',
  'mitigated',
  'update-posted',
  'note',
  'silenced',
  'unsilenced',
  'runbook-step-skipped',
  'runbook-finished',
]);

/**
 * The shift handoff: incidents still open with their SLA state, what happened during the shift
 * (the events worth knowing, starred ones and milestones), the notes written, open action items
 * across post-mortems, and who is on call next. Pure: `now` and `today` are injected.
 */
export function shiftHandoff(input: HandoffInput): ShiftHandoff {
  const { shift, now } = input;
  const inShift = (ms: number) => ms >= shift.from && ms < shift.to;
  const analysed = input.records.map(analyseIncident);

  const open = analysed
    .filter((a) => a.incident.state !== 'resolved')
    .sort(
      (a, b) =>
        severityRank(a.incident.severity) - severityRank(b.incident.severity) ||
        Date.parse(a.incident.startedAt) - Date.parse(b.incident.startedAt),
    )
    .map((a): OpenIncidentHandoff => {
      const sla = slaClocks(a.incident, input.policies[a.incident.severity], now);
      return {
        incidentId: a.incident.id,
        title: a.incident.title,
        severity: a.incident.severity,
        phase: phaseOf(a.incident),
        acknowledgedBy: a.incident.acknowledgedBy ?? null,
        openForMs: Math.max(0, now - Date.parse(a.incident.startedAt)),
        slaState: slaStateOf(sla.clocks),
        clocks: sla.clocks,
        slaText: sla.clocks.map(clockText).join('; ') || 'no SLA clocks for this severity',
      };
    });

  const happened: ShiftHandoff['happened'] = { opened: 0, resolved: 0, pages: 0, incidents: [] };
  const notes: HandoffNote[] = [];
  let notifiedEvents = 0;
  for (const a of analysed) {
    if (inShift(a.detectedMs)) happened.opened++;
    const resolvedAt = a.view.milestones.resolved?.at;
    if (resolvedAt && inShift(Date.parse(resolvedAt))) happened.resolved++;
    const during = a.view.entries.filter((e) => inShift(Date.parse(e.at)));
    notifiedEvents += during.filter((e) => e.kind === 'notified').length;
    const worth = during.filter((e) => WORTH_HANDING_OVER.has(e.kind) || e.starred || e.milestones.length > 0);
    if (worth.length > 0) {
      happened.incidents.push({
        incidentId: a.incident.id,
        title: a.incident.title,
        severity: a.incident.severity,
        resolved: a.incident.state === 'resolved',
        entries: worth,
      });
    }
    for (const e of during) {
      // A note is an annotation, or an event of kind 'note' when a producer stored it as one.
      if (e.kind === 'note')
        notes.push({ incidentId: a.incident.id, title: a.incident.title, at: e.at, author: e.actor, text: e.text });
    }
  }
  happened.incidents.sort((x, y) => Date.parse(x.entries[0]!.at) - Date.parse(y.entries[0]!.at));
  notes.sort((x, y) => Date.parse(x.at) - Date.parse(y.at));
  happened.pages = input.notifications
    ? input.notifications.filter((n) => n.page && inShift(Date.parse(n.at))).length
    : notifiedEvents;

  return {
    shift: {
      from: new Date(shift.from).toISOString(),
      to: new Date(shift.to).toISOString(),
      engineer: shift.engineer ?? null,
    },
    generatedAt: new Date(now).toISOString(),
    open,
    happened,
    notes,
    actionItems: openActionItems(input.postMortems, input.today),
    nextOnCall: input.nextOnCall,
  };
}

function slaStateOf(clocks: readonly SlaClock[]): SlaState {
  if (clocks.some((c) => c.breached)) return 'breached';
  if (clocks.some((c) => c.msLeft !== null && c.msLeft <= DUE_SOON_MS)) return 'due-soon';
  return 'ok';
}

function clockText(c: SlaClock): string {
  if (c.metAt !== null) return `${c.kind} met at ${utcText(Date.parse(c.metAt))}${c.breached ? ' (late)' : ''}`;
  const left = c.msLeft ?? 0;
  return left < 0
    ? `${c.kind} overdue by ${formatDuration(-left)} (was due ${utcText(Date.parse(c.dueAt))})`
    : `${c.kind} due ${utcText(Date.parse(c.dueAt))} (in ${formatDuration(left)})`;
}

const SLA_WORDS: Record<SlaState, string> = {
  breached: '**SLA breached**',
  'due-soon': '**SLA due soon**',
  ok: 'SLA ok',
};

export interface HandoffMarkdownOptions {
  /** Why the next on-call is not known, in words; replaces the generic sentence. */
  onCallUnknownWhy?: string;
  /**
   * Why action items cannot be listed (no post-mortem store yet); "None open" would otherwise
   * claim there is nothing to do.
   */
  actionItemsUnavailable?: string;
}

/** The handoff as Markdown, to copy into the team channel or save. */
export function shiftHandoffMarkdown(h: ShiftHandoff, options: HandoffMarkdownOptions = {}): string {
  const out: string[] = [];
  out.push(`# Shift handoff: ${utcText(Date.parse(h.shift.from))} to ${utcText(Date.parse(h.shift.to))}`);
  out.push(
    `${h.shift.engineer ? `Handed over by ${h.shift.engineer}` : 'Written'} at ${utcText(Date.parse(h.generatedAt))}.`,
  );

  out.push(`## Open incidents (${h.open.length})`);
  out.push(
    h.open.length === 0
      ? 'None: nothing is open.'
      : h.open
          .map((o) => {
            const who = o.acknowledgedBy
              ? `acknowledged by ${escapeMarkdownText(o.acknowledgedBy)}`
              : '**not acknowledged**';
            return `- **${o.severity} ${escapeMarkdownText(o.title)}** (${o.incidentId}): ${o.phase}, ${who}, open ${formatDuration(o.openForMs)}. ${SLA_WORDS[o.slaState]}: ${o.slaText}.`;
          })
          .join('\n'),
  );

  const hp = h.happened;
  out.push('## What happened');
  out.push(
    `${plural(hp.opened, 'incident')} opened, ${hp.resolved} resolved, ${plural(hp.pages, 'page')} during the shift.`,
  );
  for (const inc of hp.incidents) {
    out.push(`### ${inc.severity} ${escapeMarkdownText(inc.title)} (${inc.resolved ? 'resolved' : 'open'})`);
    out.push(
      inc.entries
        .map((e) => {
          const marks = e.milestones.map((m) => MILESTONE_LABEL[m]);
          const tag = marks.length > 0 ? ` _(${marks.join(', ')})_` : '';
          const text = escapeMarkdownText(e.kind === 'note' ? `note by ${e.actor}: ${e.text}` : e.text);
          return `- ${utcText(Date.parse(e.at))}${tag} ${text}${e.starred ? ' ★' : ''}`;
        })
        .join('\n'),
    );
  }

  out.push('## Notes');
  out.push(
    h.notes.length === 0
      ? 'No notes during the shift.'
      : h.notes
          .map((n) => `- ${utcText(Date.parse(n.at))}, ${escapeMarkdownText(`${n.title}, ${n.author}: ${n.text}`)}`)
          .join('\n'),
  );

  if (options.actionItemsUnavailable !== undefined) {
    out.push('## Open action items');
    out.push(`Not known: ${options.actionItemsUnavailable}`);
  } else {
    out.push(`## Open action items (${h.actionItems.length})`);
    out.push(
      h.actionItems.length === 0
        ? 'None open.'
        : markdownTable(
            ['Due', 'Action', 'Owner', 'From'],
            h.actionItems.map((a) => [
              a.due === null ? 'no date' : a.overdue ? `**${a.due} overdue**` : a.due,
              a.what,
              a.owner ?? 'nobody yet',
              `${a.from} (${a.incidentId})`,
            ]),
          ),
    );
  }

  out.push('## On call next');
  if (h.nextOnCall === null) {
    const why = options.onCallUnknownWhy ?? 'PagerDuty is not configured or did not answer.';
    out.push(`Not known: ${why} Check the schedule before leaving.`);
  } else if (h.nextOnCall.length === 0) {
    out.push('PagerDuty lists nobody on call next: check the schedule before leaving.');
  } else {
    out.push(
      h.nextOnCall
        .map((o) => {
          const parts = [
            o.level !== null ? `level ${o.level}` : null,
            o.schedule,
            o.until ? `until ${utcText(Date.parse(o.until))}` : null,
          ];
          const extra = parts.filter((p) => p !== null).join(', ');
          return `- ${o.name}${extra ? ` (${extra})` : ''}`;
        })
        .join('\n'),
    );
  }
  return `${out.join('\n\n')}\n`;
}
