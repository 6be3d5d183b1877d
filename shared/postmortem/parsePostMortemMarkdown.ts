import { LineCounter, parseDocument } from 'yaml';
import { MILESTONE_LABEL, milestoneFromLabel, type Milestone } from '../timeline/milestone';
import {
  ActionItem,
  DueDate,
  normalizePostMortem,
  normalizeProse,
  PostMortem,
  type Suggestion,
} from './postMortemModel';
import {
  CATEGORY_WORDS,
  FORMAT_KEY,
  fromFrontMatter,
  FrontMatter,
  fromWords,
  glanceLines,
  metricsLines,
  parseTime,
  SECTION,
  sectionKeyOf,
  splitRow,
  STATUS_WORDS,
  SUBSECTION,
  SUBSECTIONS_OF,
  subsectionKeyOf,
  SUGGESTION_SECTION_WORDS,
  TABLE_HEADER,
  TIMELINE_PREAMBLE,
  TITLE_PREFIX,
  unescapeProseLine,
  unescapeTimelineText,
  type SectionKey,
  type SubsectionKey,
} from './postMortemMarkdownFormat';

export interface MarkdownProblem {
  /** 1-based line of the file. */
  line: number;
  /** What is wrong and what to write instead. */
  message: string;
  /** An error stops the text from being read as a post-mortem; a warning is about text that will be rewritten. */
  severity: 'error' | 'warning';
}

export type ParsePostMortemResult =
  { ok: true; doc: PostMortem; warnings: MarkdownProblem[] } | { ok: false; problems: MarkdownProblem[] };

interface Line {
  n: number;
  text: string;
}

/**
 * Reads a post-mortem back from its Markdown (as exported, then edited by a person). Never
 * throws: problems come back with their line and what to write instead. Lenient where intent is
 * clear (`*` bullets, a paragraph under a list, "in-progress" for "in progress", a row without
 * an id gets the next free one, times with or without seconds or "UTC"); strict where guessing
 * could lose text (text outside any section, a section twice, a malformed table row).
 * A heading this format does not know becomes a section of its own, kept after Metrics.
 */
export function parsePostMortemMarkdown(text: string): ParsePostMortemResult {
  const problems: MarkdownProblem[] = [];
  const error = (line: number, message: string) => problems.push({ line, message, severity: 'error' });
  const warn = (line: number, message: string) => problems.push({ line, message, severity: 'warning' });

  const all = text.replace(/\r\n?/g, '\n').split('\n');
  const front = readFrontMatter(all, error);
  if (!front) return { ok: false, problems };
  const body: Line[] = all.slice(front.endIndex + 1).map((t, i) => ({ n: front.endIndex + 2 + i, text: t }));

  // Split the body into the title and its level-2 sections.
  let titleLine: Line | null = null;
  const sections: { title: string; line: Line; content: Line[] }[] = [];
  for (const line of body) {
    const h2 = /^##(?:\s+(.*?))?\s*$/.exec(line.text);
    if (h2 && !line.text.startsWith('###')) {
      sections.push({ title: (h2[1] ?? '').trim(), line, content: [] });
    } else if (sections.length > 0) {
      sections[sections.length - 1]!.content.push(line);
    } else if (titleLine === null && /^#(\s|$)/.test(line.text)) {
      titleLine = line;
    } else if (line.text.trim() !== '') {
      error(line.n, `text before the first section would be lost: move it under "## ${SECTION.summary}"`);
    }
  }

  const doc = {
    ...fromFrontMatter(front.data),
    version: 1 as const,
    summary: '',
    timeline: [] as PostMortem['timeline'],
    rootCause: { immediateCause: '', fiveWhys: [] as string[], whatAllowedIt: '' },
    impact: { users: '', business: '', data: '' },
    wentWell: [] as string[],
    wentWrong: [] as string[],
    actionItems: [] as ActionItem[],
    suggestions: [] as Suggestion[],
    otherSections: [] as { title: string; body: string }[],
  };

  const seen = new Map<SectionKey, number>();
  const generated: { key: 'glance' | 'metrics'; section: (typeof sections)[number] }[] = [];
  for (const section of sections) {
    const key = sectionKeyOf(section.title);
    if (key === null) {
      if (section.title === '') error(section.line.n, 'a "## " heading needs a title');
      else doc.otherSections.push({ title: section.title, body: proseOf(section.content) });
      continue;
    }
    if (seen.has(key)) {
      error(section.line.n, `"## ${SECTION[key]}" appears twice (first at line ${seen.get(key)}): merge the two`);
      continue;
    }
    seen.set(key, section.line.n);
    const c = section.content;
    switch (key) {
      case 'summary':
        doc.summary = proseOf(c);
        break;
      case 'glance':
      case 'metrics':
        generated.push({ key, section });
        break;
      case 'timeline':
        doc.timeline = timelineOf(c, error);
        break;
      case 'rootCause': {
        const subs = subsectionsOf(key, c, error);
        doc.rootCause = {
          immediateCause: proseOf(subs.immediateCause ?? []),
          fiveWhys: listOf(subs.fiveWhys ?? [], /^(?:\d+[.)]|[-*+])(?:\s+(.*))?$/),
          whatAllowedIt: proseOf(subs.whatAllowedIt ?? []),
        };
        break;
      }
      case 'impact': {
        const subs = subsectionsOf(key, c, error);
        doc.impact = {
          users: proseOf(subs.users ?? []),
          business: proseOf(subs.business ?? []),
          data: proseOf(subs.data ?? []),
        };
        break;
      }
      case 'wentWell':
        doc.wentWell = listOf(c, BULLET);
        break;
      case 'wentWrong':
        doc.wentWrong = listOf(c, BULLET);
        break;
      case 'actionItems':
        doc.actionItems = actionItemsOf(c, error);
        break;
      case 'suggestions':
        doc.suggestions = suggestionsOf(c, error);
        break;
    }
  }

  const parsed = PostMortem.safeParse(doc);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) error(front.endIndex + 1, `${issue.path.join('.')}: ${issue.message}`);
  }
  if (problems.some((p) => p.severity === 'error') || !parsed.success) return { ok: false, problems };

  const result = normalizePostMortem(parsed.data);
  // Generated text is rewritten on the next save: say so rather than silently drop an edit.
  const expectTitle = `# ${TITLE_PREFIX}${result.title}`;
  if (titleLine && titleLine.text.trimEnd() !== expectTitle.trimEnd()) {
    warn(
      titleLine.n,
      'the title comes from `title` in the front matter: edit it there, this line is rewritten on export',
    );
  }
  for (const { key, section } of generated) {
    const want = key === 'glance' ? glanceLines(result) : metricsLines(result);
    const have = section.content.map((l) => l.text.trimEnd()).filter((t) => t !== '');
    if (have.join('\n') !== want.join('\n')) {
      warn(
        section.line.n,
        `"## ${SECTION[key]}" is written from the front matter: edit the front matter, changes here are rewritten on export`,
      );
    }
  }
  return { ok: true, doc: result, warnings: problems };
}

// ------------------------------------------------------------------------------------ front matter

function readFrontMatter(
  lines: string[],
  error: (line: number, message: string) => void,
): { data: FrontMatter; endIndex: number } | null {
  if (lines[0]?.trim() !== '---') {
    error(
      1,
      `the file must start with the front matter: a "---" line, the fields (${FORMAT_KEY}: 1, incident, ...), and "---"`,
    );
    return null;
  }
  const endIndex = lines.findIndex((l, i) => i > 0 && l.trim() === '---');
  if (endIndex < 0) {
    error(1, 'the front matter is not closed: add a "---" line after its last field');
    return null;
  }
  const counter = new LineCounter();
  const yamlText = lines.slice(1, endIndex).join('\n');
  const parsedYaml = parseDocument(yamlText, { lineCounter: counter, prettyErrors: false });
  if (parsedYaml.errors.length > 0) {
    for (const e of parsedYaml.errors) {
      const pos = counter.linePos(e.pos[0]);
      error(pos.line + 1, `front matter: ${e.message.split('\n')[0]}`);
    }
    return null;
  }
  const result = FrontMatter.safeParse(parsedYaml.toJS());
  if (!result.success) {
    for (const issue of result.error.issues) {
      const path = issue.path.map(String);
      const node = path.length > 0 ? parsedYaml.getIn(path, true) : null;
      const offset = (node as { range?: [number, number, number] } | null)?.range?.[0];
      const line = offset === undefined ? 1 : counter.linePos(offset).line + 1;
      error(line, `front matter${path.length ? ` \`${path.join('.')}\`` : ''}: ${issue.message}`);
    }
    return null;
  }
  return { data: result.data, endIndex };
}

// ---------------------------------------------------------------------------------------- sections

const BULLET = /^[-*+](?:\s+(.*))?$/;

function proseOf(lines: readonly Line[]): string {
  return normalizeProse(lines.map((l) => l.text).join('\n'))
    .split('\n')
    .map(unescapeProseLine)
    .join('\n');
}

/** Items of a list; a line that is not an item continues the one before (or starts one). */
function listOf(lines: readonly Line[], item: RegExp): string[] {
  const out: string[] = [];
  let open = false;
  for (const { text } of lines) {
    if (text.trim() === '') {
      open = false;
      continue;
    }
    const m = item.exec(text);
    if (m) {
      out.push((m[1] ?? '').trim());
      open = true;
    } else if (open) {
      out[out.length - 1] = `${out[out.length - 1]} ${text.trim()}`.trim();
    } else {
      out.push(text.trim());
      open = true;
    }
  }
  return out;
}

function subsectionsOf(
  key: SectionKey,
  lines: readonly Line[],
  error: (line: number, message: string) => void,
): Partial<Record<SubsectionKey, Line[]>> {
  const allowed = SUBSECTIONS_OF[key] ?? [];
  const out: Partial<Record<SubsectionKey, Line[]>> = {};
  let current: SubsectionKey | null = null;
  for (const line of lines) {
    const h3 = /^###\s+(.*?)\s*$/.exec(line.text);
    const sub = h3 ? subsectionKeyOf(h3[1]!) : null;
    if (sub !== null && allowed.includes(sub)) {
      if (out[sub]) error(line.n, `"### ${SUBSECTION[sub]}" appears twice under "## ${SECTION[key]}": merge the two`);
      out[sub] = [];
      current = sub;
    } else if (sub !== null) {
      error(line.n, `"### ${SUBSECTION[sub]}" belongs under another section, not "## ${SECTION[key]}"`);
    } else if (current !== null) {
      out[current]!.push(line);
    } else if (line.text.trim() !== '') {
      const names = allowed.map((s) => `"### ${SUBSECTION[s]}"`).join(', ');
      error(line.n, `under "## ${SECTION[key]}", write text under one of ${names}`);
    }
  }
  return out;
}

const TIMELINE_ITEM = /^\*\*(.+?)\*\*(?:\s+_\(([^)]*)\)_)?(?:\s+(.*))?$/;

function timelineOf(lines: readonly Line[], error: (line: number, message: string) => void): PostMortem['timeline'] {
  const out: PostMortem['timeline'] = [];
  let open = false;
  for (const line of lines) {
    const text = line.text.trim();
    if (text === '' || text.toLowerCase() === TIMELINE_PREAMBLE.toLowerCase()) {
      open = false;
      continue;
    }
    const bullet = BULLET.exec(text);
    if (!bullet) {
      if (open) out[out.length - 1]!.text = `${out[out.length - 1]!.text} ${text}`.trim();
      else error(line.n, 'a timeline line reads "- **2026-03-14 14:22** what happened" (times in UTC)');
      continue;
    }
    open = false;
    const m = TIMELINE_ITEM.exec((bullet[1] ?? '').trim());
    const at = m ? parseTime(m[1]!) : null;
    if (!m || at === null) {
      error(line.n, 'a timeline item starts with its UTC time in bold: "- **2026-03-14 14:22** what happened"');
      continue;
    }
    const milestones: Milestone[] = [];
    for (const label of m[2]?.split(',') ?? []) {
      if (label.trim() === '') continue;
      const milestone = milestoneFromLabel(label);
      if (milestone) milestones.push(milestone);
      else {
        const known = Object.values(MILESTONE_LABEL).join(', ');
        error(line.n, `"${label.trim()}" is not a milestone; the milestones are: ${known}`);
      }
    }
    out.push({ at, milestones, text: unescapeTimelineText((m[3] ?? '').trim()) });
    open = true;
  }
  return out;
}

function actionItemsOf(lines: readonly Line[], error: (line: number, message: string) => void): ActionItem[] {
  const rows: { line: Line; cells: string[] }[] = [];
  for (const line of lines) {
    const text = line.text.trim();
    if (text === '') continue;
    if (!text.startsWith('|')) {
      error(line.n, 'action items are rows of the table: "| A1 | what | owner | 2026-03-21 | process | open |"');
      continue;
    }
    const cells = splitRow(text);
    const isHeader = cells.map((c) => c.toLowerCase()).join('|') === TABLE_HEADER.map((c) => c.toLowerCase()).join('|');
    const isRule = cells.every((c) => /^:?-+:?$/.test(c));
    if (!isHeader && !isRule) rows.push({ line, cells });
  }

  const used = new Set(rows.map((r) => r.cells[0] ?? '').filter((id) => id !== ''));
  let next = 1;
  const freshId = () => {
    while (used.has(`A${next}`)) next++;
    used.add(`A${next}`);
    return `A${next}`;
  };

  const out: ActionItem[] = [];
  const ids = new Map<string, number>();
  for (const { line, cells } of rows) {
    if (cells.length !== TABLE_HEADER.length) {
      error(
        line.n,
        `an action item row has ${TABLE_HEADER.length} cells (${TABLE_HEADER.join(', ')}); this one has ${cells.length}`,
      );
      continue;
    }
    const [idCell, what, owner, due, categoryCell, statusCell] = cells as [
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    const id = idCell === '' ? freshId() : idCell;
    if (ids.has(id))
      error(line.n, `action item id ${id} is also used at line ${ids.get(id)}: give each row its own id`);
    ids.set(id, line.n);
    if (!ActionItem.shape.id.safeParse(id).success)
      error(line.n, `"${id}" is not an id: use letters and digits, e.g. A3`);
    if (due !== '' && !DueDate.safeParse(due).success) {
      error(line.n, `"${due}" is not a due day: write it as 2026-03-21, or leave the cell empty`);
    }
    const category = fromWords(CATEGORY_WORDS, categoryCell);
    if (!category) error(line.n, `"${categoryCell}" is not a category: ${Object.values(CATEGORY_WORDS).join(', ')}`);
    const status = fromWords(STATUS_WORDS, statusCell);
    if (!status) error(line.n, `"${statusCell}" is not a status: ${Object.values(STATUS_WORDS).join(', ')}`);
    if (category && status) {
      out.push({ id, what, owner: owner === '' ? null : owner, due: due === '' ? null : due, category, status });
    }
  }
  return out;
}

const SUGGESTION_LINE = /^\(for (.+?), from ([a-z]+)\)\s*(.*)$/;

function suggestionsOf(lines: readonly Line[], error: (line: number, message: string) => void): Suggestion[] {
  const out: Suggestion[] = [];
  for (const line of lines) {
    const text = line.text.trim();
    if (text === '') continue;
    const m = SUGGESTION_LINE.exec(BULLET.exec(text)?.[1]?.trim() ?? '');
    const section = m ? fromWords(SUGGESTION_SECTION_WORDS, m[1]!) : null;
    const source = m?.[2];
    if (!m || !section || (source !== 'evidence' && source !== 'runbook' && source !== 'metrics')) {
      error(line.n, 'Vigil writes its suggestions as "- (for impact, from evidence) ..."; delete the line once used');
      continue;
    }
    out.push({ section, source, text: m[3]!.trim() });
  }
  return out;
}
