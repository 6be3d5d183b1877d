import { z } from 'zod';
import { formatDuration, parseDuration } from '../classify/duration';
import { Severity } from '../domain/severity';
import { METRIC_LABEL, RESPONSE_METRICS, type ResponseMetric } from '../timeline/incidentMetrics';
import { MILESTONE_LABEL, type Milestone } from '../timeline/milestone';
import { RESPONSE_TARGETS, TARGET_CLASSES, type TargetClass } from '../timeline/responseTargets';
import {
  ActionItemCategory,
  ActionItemStatus,
  PostMortemStatus,
  SuggestionSection,
  type PostMortem,
} from './postMortemModel';
import { escapeMarkdownText } from './escapeMarkdownText';

/*
 * The post-mortem's Markdown layout, shared by the exporter and the parser so the two cannot
 * drift. Documented for people in docs-style prose in shared/postmortem/README.md.
 */

export const FORMAT_KEY = 'vigil-postmortem';

export const SECTION = {
  summary: 'Summary',
  glance: 'At a glance',
  timeline: 'Timeline',
  rootCause: 'Root cause',
  impact: 'Impact',
  wentWell: 'What went well',
  wentWrong: 'What went wrong',
  actionItems: 'Action items',
  metrics: 'Metrics',
  suggestions: 'Suggestions from Vigil',
} as const;
export type SectionKey = keyof typeof SECTION;

export const SUBSECTION = {
  immediateCause: 'Immediate cause',
  fiveWhys: 'Five whys',
  whatAllowedIt: 'What allowed it',
  users: 'Users and requests',
  business: 'Business',
  data: 'Data',
} as const;
export type SubsectionKey = keyof typeof SUBSECTION;

export const SUBSECTIONS_OF: Partial<Record<SectionKey, readonly SubsectionKey[]>> = {
  rootCause: ['immediateCause', 'fiveWhys', 'whatAllowedIt'],
  impact: ['users', 'business', 'data'],
};

export const TIMELINE_PREAMBLE = 'All times UTC.';
export const TITLE_PREFIX = 'Post-mortem: ';
export const TABLE_HEADER = ['ID', 'Action', 'Owner', 'Due', 'Category', 'Status'] as const;

export function sectionKeyOf(title: string): SectionKey | null {
  const t = title.trim().toLowerCase();
  for (const [key, name] of Object.entries(SECTION)) if (name.toLowerCase() === t) return key as SectionKey;
  return null;
}

export function subsectionKeyOf(title: string): SubsectionKey | null {
  const t = title.trim().toLowerCase();
  for (const [key, name] of Object.entries(SUBSECTION)) if (name.toLowerCase() === t) return key as SubsectionKey;
  return null;
}

// ---------------------------------------------------------------------------------- words <-> enums

export const CATEGORY_WORDS: Record<ActionItemCategory, string> = {
  'immediate-fix': 'immediate fix',
  monitoring: 'monitoring',
  process: 'process',
  systemic: 'systemic',
};
export const STATUS_WORDS: Record<ActionItemStatus, string> = {
  open: 'open',
  'in-progress': 'in progress',
  done: 'done',
  'wont-do': "won't do",
};
export const SUGGESTION_SECTION_WORDS: Record<SuggestionSection, string> = {
  summary: 'summary',
  'root-cause': 'root cause',
  impact: 'impact',
  'went-well': 'what went well',
  'went-wrong': 'what went wrong',
  'action-items': 'action items',
};

/** The enum value a word names, accepting the word, the enum value itself and any case. */
export function fromWords<T extends string>(words: Record<T, string>, text: string): T | null {
  const t = text.trim().toLowerCase().replace(/[’]/g, "'");
  for (const [value, word] of Object.entries(words) as [T, string][]) {
    if (t === word || t === value || t === word.replace("'", '')) return value;
  }
  return null;
}

// ------------------------------------------------------------------------------------------- times

/** "2026-03-14 14:22", with ":07" and ".250" only when there are seconds and milliseconds. */
export function formatTime(iso: string): string {
  const [date, rest] = iso.split('T') as [string, string];
  const hhmm = rest.slice(0, 5);
  const ss = rest.slice(6, 8);
  const mmm = rest.slice(9, 12);
  if (mmm !== '000') return `${date} ${hhmm}:${ss}.${mmm}`;
  if (ss !== '00') return `${date} ${hhmm}:${ss}`;
  return `${date} ${hhmm}`;
}

const TIME_TEXT = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?\s*(?:UTC|Z)?$/i;

/** The canonical ISO time a person's "2026-03-14 14:22" (UTC) means, or null if it is no time. */
export function parseTime(text: string): string | null {
  const m = TIME_TEXT.exec(text.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi, s = '0', frac = '0'] = m;
  const ms = Date.UTC(+y!, +mo! - 1, +d!, +h!, +mi!, +s, +frac.padEnd(3, '0'));
  const iso = new Date(ms).toISOString();
  // Date.UTC rolls 2026-02-30 over to March: reject rather than guess.
  if (iso.slice(0, 16) !== `${y}-${mo}-${d}T${h}:${mi}` || +s > 59) return null;
  return iso;
}

const EXACT_UNITS: [string, number][] = [
  ['w', 604_800_000],
  ['d', 86_400_000],
  ['h', 3_600_000],
  ['m', 60_000],
  ['s', 1000],
  ['ms', 1],
];

/** "1h1m", "25m", "1s500ms", "0s": Prometheus-style and exact, so the front matter round-trips. */
export function formatExactDuration(ms: number): string {
  if (ms === 0) return '0s';
  let left = ms;
  let out = '';
  for (const [unit, size] of EXACT_UNITS) {
    const n = Math.floor(left / size);
    if (n > 0) out += `${n}${unit}`;
    left -= n * size;
  }
  return out;
}

// ------------------------------------------------------------------------------------ escaping

/*
 * Prose is kept verbatim, Markdown and all, except lines the parser would take for structure:
 * a level 2 heading (a new section), and the level 3 headings of the root cause and impact
 * subsections. Those get a backslash in front (which Markdown renders away); a line that already
 * starts with backslashes before such a heading gets one more, so escaping is reversible for every
 * line. A "# " line inside a section is content (a shell comment in a code block, say): only the
 * first line of the body is the title. Escaping ignores code fences on purpose: an unclosed fence
 * would otherwise swallow every section after it.
 */
const SUBSECTION_NAMES = Object.values(SUBSECTION)
  .map((s) => s.toLowerCase())
  .join('|');
const STRUCTURAL = new RegExp(`^(##(\\s|$)|###\\s+(${SUBSECTION_NAMES})\\s*$)`, 'i');

export function isStructuralLine(line: string): boolean {
  return STRUCTURAL.test(line);
}

export function escapeProseLine(line: string): string {
  return isStructuralLine(line.replace(/^\\+/, '')) ? `\\${line}` : line;
}

export function unescapeProseLine(line: string): string {
  return line.startsWith('\\') && isStructuralLine(line.replace(/^\\+/, '')) ? line.slice(1) : line;
}

/** A timeline item's text must not begin like the milestone group `_(...)_` that may precede it. */
export function escapeTimelineText(text: string): string {
  return text.startsWith('_(') || text.startsWith('\\') ? `\\${text}` : text;
}

export function unescapeTimelineText(text: string): string {
  return text.startsWith('\\') && (text.startsWith('_(', 1) || text.startsWith('\\', 1)) ? text.slice(1) : text;
}

/** Table cells: a pipe would end the cell and a backslash would escape it, so both are escaped. */
export function escapeCell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|');
}

/** The cells of a table row (`| a | b |`), unescaped and trimmed. */
export function splitRow(line: string): string[] {
  let body = line.trim();
  if (body.startsWith('|')) body = body.slice(1);
  const cells: string[] = [];
  let cell = '';
  let closed = false;
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    const next = body[i + 1];
    if (c === '\\' && (next === '|' || next === '\\')) {
      cell += next;
      i++;
    } else if (c === '|') {
      cells.push(cell.trim());
      cell = '';
      closed = i === body.length - 1;
    } else {
      cell += c;
    }
  }
  if (!closed || cell.trim() !== '') cells.push(cell.trim());
  return cells;
}

// ------------------------------------------------------------------------- generated sections

function timeOrNone(iso: string | null, none: string): string {
  return iso === null ? none : `${formatTime(iso)} UTC`;
}

const TYPE_WORDS: Record<TargetClass, string> = {
  infrastructure: 'infrastructure',
  'data-pipeline': 'data pipeline',
  'ml-quality': 'ML quality',
};

/** "At a glance": written from the front matter on every export, never read back. */
export function glanceLines(doc: PostMortem): string[] {
  const duration = doc.metrics.duration;
  return [
    `- **Severity**: ${doc.severity}`,
    `- **Incident type**: ${TYPE_WORDS[doc.incidentType]}`,
    `- **Started** (first symptom): ${timeOrNone(doc.startedAt, 'not known')}`,
    `- **Detected**: ${timeOrNone(doc.detectedAt, 'not known')}`,
    `- **Resolved**: ${timeOrNone(doc.resolvedAt, 'not resolved')}`,
    `- **Duration**: ${duration === null ? 'not known' : formatDuration(duration)}`,
    // Label values and names, as the front matter keeps them: inert here (never read back).
    `- **Affected**: ${doc.affected.length > 0 ? escapeMarkdownText(doc.affected.join(', ')) : 'not recorded'}`,
    `- **Responders**: ${doc.responders.length > 0 ? escapeMarkdownText(doc.responders.join(', ')) : 'not recorded'}`,
    `- **Author**: ${escapeMarkdownText(doc.author) || 'not set'}`,
    `- **Status**: ${STATUS_TEXT[doc.status]}`,
  ];
}

const STATUS_TEXT: Record<PostMortemStatus, string> = { draft: 'draft', 'in-review': 'in review', final: 'final' };

/** "Metrics": written from the front matter, with seed 002's targets where there is one. */
export function metricsLines(doc: PostMortem): string[] {
  const targets = RESPONSE_TARGETS[doc.incidentType];
  const targetOf: Partial<Record<ResponseMetric, number>> = { detect: targets.detectMs, resolve: targets.resolveMs };
  return RESPONSE_METRICS.map((m) => {
    const ms = doc.metrics[m];
    const target = targetOf[m];
    const value = ms === null ? 'not known' : formatDuration(ms);
    const vs =
      target === undefined
        ? ''
        : ms === null
          ? ` (target at most ${formatDuration(target)})`
          : ` (target at most ${formatDuration(target)}: ${ms <= target ? 'met' : 'missed'})`;
    return `- **${METRIC_LABEL[m]}**: ${value}${vs}`;
  });
}

export function milestoneGroup(milestones: readonly Milestone[]): string {
  return milestones.length === 0 ? '' : `_(${milestones.map((m) => MILESTONE_LABEL[m]).join(', ')})_`;
}

// ---------------------------------------------------------------------------------- front matter

const METRIC_KEYS: Record<ResponseMetric, string> = {
  detect: 'time_to_detect',
  acknowledge: 'time_to_acknowledge',
  mitigate: 'time_to_mitigate',
  resolve: 'time_to_resolve',
  duration: 'duration',
};

const AnyTime = z.iso.datetime({ offset: true, message: 'a time such as 2026-03-14T14:22:00Z' });
const DurationText = z
  .string()
  .refine((s) => parseDuration(s) !== null, 'a duration such as 25m or 1h1m')
  .nullable();

/** The front matter as people may write it (any ISO time, any case); readFrontMatter canonicalises. */
export const FrontMatter = z.strictObject({
  [FORMAT_KEY]: z.literal(1),
  incident: z.string(),
  title: z.string(),
  severity: Severity,
  type: z.enum(TARGET_CLASSES as [TargetClass, ...TargetClass[]]),
  status: PostMortemStatus,
  author: z.string(),
  created: AnyTime,
  updated: AnyTime,
  started: AnyTime.nullable(),
  detected: AnyTime.nullable(),
  resolved: AnyTime.nullable(),
  responders: z.array(z.string()),
  affected: z.array(z.string()),
  metrics: z.strictObject({
    time_to_detect: DurationText,
    time_to_acknowledge: DurationText,
    time_to_mitigate: DurationText,
    time_to_resolve: DurationText,
    duration: DurationText,
  }),
});
export type FrontMatter = z.infer<typeof FrontMatter>;

export function toFrontMatter(doc: PostMortem): FrontMatter {
  const metrics = {} as FrontMatter['metrics'];
  for (const m of RESPONSE_METRICS) {
    const ms = doc.metrics[m];
    metrics[METRIC_KEYS[m] as keyof FrontMatter['metrics']] = ms === null ? null : formatExactDuration(ms);
  }
  return {
    [FORMAT_KEY]: 1,
    incident: doc.incidentId,
    title: doc.title,
    severity: doc.severity,
    type: doc.incidentType,
    status: doc.status,
    author: doc.author,
    created: doc.createdAt,
    updated: doc.updatedAt,
    started: doc.startedAt,
    detected: doc.detectedAt,
    resolved: doc.resolvedAt,
    responders: doc.responders,
    affected: doc.affected,
    metrics,
  };
}

const canonical = (s: string) => new Date(Date.parse(s)).toISOString();

/** The document fields the front matter carries, canonicalised. */
export function fromFrontMatter(fm: FrontMatter) {
  const metrics = {} as PostMortem['metrics'];
  for (const m of RESPONSE_METRICS) {
    const text = fm.metrics[METRIC_KEYS[m] as keyof FrontMatter['metrics']];
    metrics[m] = text === null ? null : parseDuration(text);
  }
  return {
    incidentId: fm.incident,
    title: fm.title,
    severity: fm.severity,
    incidentType: fm.type,
    status: fm.status,
    author: fm.author,
    createdAt: canonical(fm.created),
    updatedAt: canonical(fm.updated),
    startedAt: fm.started === null ? null : canonical(fm.started),
    detectedAt: fm.detected === null ? null : canonical(fm.detected),
    resolvedAt: fm.resolved === null ? null : canonical(fm.resolved),
    responders: fm.responders,
    affected: fm.affected,
    metrics,
  };
}
