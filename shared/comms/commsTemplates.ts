import type { Incident } from '../domain/incident';
import { incidentSubject } from '../domain/alertSubject';
import { fillCommsTemplate, type FilledTemplate } from './fillCommsTemplate';

/**
 * The messages an on-call engineer sends while an incident runs. The investigating status-page
 * line and the Slack declaration are seed 000's words; identified and resolved continue them in
 * the same voice. Placeholders Vigil cannot know ([cause], [link]) stay for the person to fill.
 */
export interface CommsTemplate {
  id: 'status-investigating' | 'status-identified' | 'status-resolved' | 'slack-declared';
  label: string;
  /** Where it goes, for the person copying it. */
  channel: 'status page' | 'Slack';
  template: string;
}

export const COMMS_TEMPLATES: readonly CommsTemplate[] = [
  {
    id: 'status-investigating',
    label: 'Status page: investigating',
    channel: 'status page',
    template: 'Investigating reports of [issue] affecting [model]. Engineers are engaged.',
  },
  {
    id: 'status-identified',
    label: 'Status page: identified',
    channel: 'status page',
    template: 'Identified: [issue] affecting [model] is caused by [cause]. A fix is being put in place.',
  },
  {
    id: 'status-resolved',
    label: 'Status page: resolved',
    channel: 'status page',
    template: 'Resolved: [issue] affecting [model] has been resolved as of [time]. We are monitoring the results.',
  },
  {
    id: 'slack-declared',
    label: 'Slack: incident declared',
    channel: 'Slack',
    template: 'P[X] incident declared for [model_name]. Owner: [name]. Bridge: [link]',
  },
];

export interface CommsContext {
  /** Who owns it when nobody has acknowledged yet: the person at this machine, if known. */
  you: string | null;
  now: number;
  /** A name that is no name (the default "you"): left as [name] for the person to fill. */
  anonymous?: string;
}

/** What Vigil knows for each placeholder of the templates; null = left for the person. */
export function commsValues(incident: Incident, ctx: CommsContext): Record<string, string | null> {
  const labels = incident.signals.find((s) => s.sourceKind !== 'pagerduty')?.labels ?? incident.signals[0]?.labels;
  // "[model]" in the seed's templates: the model when the alert is about one, else what it is about.
  const model = incident.groupLabels?.model ?? labels?.model ?? incidentSubject(incident);
  const resolvedAt = incident.resolvedAt ? Date.parse(incident.resolvedAt) : ctx.now;
  return {
    issue: issueOf(incident),
    model,
    model_name: model,
    X: incident.severity.slice(1),
    name: named(incident.acknowledgedBy, ctx) ?? named(ctx.you, ctx),
    link: null,
    cause: null,
    time: `${new Date(resolvedAt).toISOString().slice(11, 16)} UTC`,
  };
}

function named(name: string | null | undefined, ctx: CommsContext): string | null {
  return name && name !== ctx.anonymous ? name : null;
}

/** Every template filled for this incident. */
export function fillCommsTemplates(incident: Incident, ctx: CommsContext): (CommsTemplate & FilledTemplate)[] {
  const values = commsValues(incident, ctx);
  return COMMS_TEMPLATES.map((t) => ({ ...t, ...fillCommsTemplate(t.template, values) }));
}

/**
 * "[issue]" reads inside a sentence: the alert's summary (else its name) with its first letter
 * lowered unless it starts an acronym or a name ("GPU", "FraudModelHighErrorRate"), without a
 * final full stop.
 */
function issueOf(incident: Incident): string {
  const text = (incident.summary ?? incident.title).trim().replace(/[.!]+$/, '');
  const firstWord = text.split(/\s/, 1)[0] ?? '';
  // An acronym or a CamelCase name has another capital after its first letter.
  const keepCase = /[A-Z]/.test(firstWord.slice(1));
  return keepCase ? text : text.charAt(0).toLowerCase() + text.slice(1);
}
