import { isNode, LineCounter, parseDocument, type Document } from 'yaml';
import { z } from 'zod';
import { ConditionSyntaxError, parseCondition, type Condition } from '../classify/condition';
import { MatcherSyntaxError, parseMatcher, type Matcher } from '../classify/parseMatcher';
import { Severity } from '../domain/severity';
import { hashKey } from '../incidents/groupKey';
import { findBranchTraps } from './findBranchTraps';
import { queryPlaceholders } from './fillQuery';
import { parseInline } from './parseInline';
import { parseTimebox, TIMEBOX_HINT } from './parseTimebox';
import {
  DONE,
  inlineText,
  walkableSteps,
  type Block,
  type BulletBlock,
  type ChoiceBlock,
  type ItemBlock,
  type LinkRef,
  type NoteSection,
  type PromqlBlock,
  type Runbook,
  type Step,
  type StepKind,
  type Target,
} from './runbookModel';

export interface RunbookProblem {
  /** 1-based line in the file. */
  line: number;
  message: string;
}

export type ParseRunbookResult = { ok: true; runbook: Runbook } | { ok: false; problems: RunbookProblem[] };

const FrontMatter = z.strictObject({
  id: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]*$/, 'ids are lower-case words joined by dashes, e.g. fraud-model-high-latency'),
  title: z.string().min(1, 'give the runbook a title'),
  match: z
    .array(z.string(), { error: 'match is a list of Alertmanager matchers, e.g. ["alertname=\\"GPUOOMRisk\\""]' })
    .min(1, 'list at least one matcher, e.g. alertname="GPUOOMRisk"'),
  severity: Severity.optional(),
  owner: z.string().min(1, 'name the owning team'),
  timebox: z.string({ error: 'timebox is a duration such as 30m or 1h' }).optional(),
});

const FIELDS = Object.keys(FrontMatter.shape);

const FRONT_MATTER_HINT =
  'a runbook starts with a line "---", then YAML fields (id, title, match, owner; severity and timebox optional), then "---"';

/**
 * Parses a runbook file (format: docs/runbooks.md) into its typed model. Problems carry the
 * 1-based line they were found on, and a bad file is reported, never thrown: one broken runbook
 * in a user's folder must not take the others down.
 */
export function parseRunbook(text: string): ParseRunbookResult {
  try {
    return parse(text);
  } catch (err) {
    // Only a bug can get here; report it like any other problem rather than break the caller.
    return { ok: false, problems: [{ line: 1, message: `could not read this runbook (${(err as Error).message})` }] };
  }
}

interface Line {
  no: number;
  text: string;
}

function parse(text: string): ParseRunbookResult {
  const lines: Line[] = text
    .replace(/^\uFEFF/, '')
    .split(/\r\n|\r|\n/)
    .map((t, i) => ({ no: i + 1, text: t }));
  const problems: RunbookProblem[] = [];
  const problem = (line: number, message: string) => problems.push({ line, message });

  if (lines[0]?.text.trim() !== '---') {
    return { ok: false, problems: [{ line: 1, message: `missing front matter: ${FRONT_MATTER_HINT}` }] };
  }
  const end = lines.findIndex((l, i) => i > 0 && (l.text.trim() === '---' || l.text.trim() === '...'));
  if (end < 0) {
    return {
      ok: false,
      problems: [
        { line: 1, message: 'the front matter opened here is never closed: add a line "---" after its fields' },
      ],
    };
  }
  const meta = parseFrontMatter(lines.slice(1, end), problem);
  const body = parseBody(lines.slice(end + 1), problem);

  if (body.steps.length === 0) {
    problem(
      lines[end]!.no,
      'this runbook has no steps: add a heading such as "## Step 1: Check the dashboard (2 min)"',
    );
  }
  const runbookShape: Runbook = {
    id: meta?.id ?? '',
    title: meta?.title ?? '',
    severity: meta?.severity ?? null,
    owner: meta?.owner ?? '',
    timeboxMs: meta?.timeboxMs ?? null,
    match: meta?.match ?? [],
    intro: body.intro,
    steps: body.steps,
    escalation: body.escalation,
    rollback: body.rollback,
    notes: body.notes,
    revision: hashKey(text),
  };
  const targetsOk = checkTargets(runbookShape, problem);
  if (targetsOk) for (const trap of findBranchTraps(runbookShape)) problem(trap.line, trap.message);

  if (problems.length || !meta) return { ok: false, problems: problems.sort((a, b) => a.line - b.line) };
  return { ok: true, runbook: runbookShape };
}

// ---------------------------------------------------------------- front matter

interface Meta {
  id: string;
  title: string;
  severity: Severity | null;
  owner: string;
  timeboxMs: number | null;
  match: Matcher[];
}

function parseFrontMatter(lines: Line[], problem: (line: number, message: string) => void): Meta | null {
  // The YAML starts on the line after the opening "---" (line 2 of the file).
  const firstLine = lines[0]?.no ?? 2;
  const lineCounter = new LineCounter();
  const doc = parseDocument(lines.map((l) => l.text).join('\n'), { lineCounter, prettyErrors: false });
  const fileLine = (offset: number) => lineCounter.linePos(offset).line + firstLine - 1;
  if (doc.errors.length) {
    for (const e of doc.errors) problem(fileLine(e.pos[0]), `front matter: ${e.message.split('\n')[0]}`);
    return null;
  }
  const data: unknown = doc.toJS();
  if (data === null || data === undefined) {
    problem(firstLine - 1, `the front matter is empty: ${FRONT_MATTER_HINT}`);
    return null;
  }
  const parsed = FrontMatter.safeParse(data);
  const at = (path: (string | number)[]) => lineOf(doc, lineCounter, path) + firstLine - 1;
  if (!parsed.success) {
    const given = typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>) : {};
    for (const issue of parsed.error.issues) {
      const path = issue.path as (string | number)[];
      if (issue.code === 'unrecognized_keys') {
        // Point at the misspelt key itself, not at the top of the front matter.
        for (const key of issue.keys) {
          problem(at([key]), `front matter: unknown field "${key}" (the fields are ${FIELDS.join(', ')})`);
        }
      } else if (path.length === 1 && given[path[0]!] === undefined) {
        problem(at(path), `front matter: "${path[0]}" is missing (required: id, title, match, owner)`);
      } else {
        problem(at(path), `front matter: ${path.length ? `${path.join('.')}: ` : ''}${issue.message}`);
      }
    }
    return null;
  }
  const fm = parsed.data;
  let ok = true;
  const match: Matcher[] = [];
  fm.match.forEach((textOfMatcher, i) => {
    try {
      match.push(parseMatcher(textOfMatcher));
    } catch (err) {
      if (!(err instanceof MatcherSyntaxError)) throw err;
      problem(at(['match', i]), `front matter: bad matcher: ${err.message}`);
      ok = false;
    }
  });
  let timeboxMs: number | null = null;
  if (fm.timebox !== undefined) {
    timeboxMs = parseTimebox(fm.timebox);
    if (timeboxMs === null) {
      problem(at(['timebox']), `front matter: bad timebox "${fm.timebox}": write a duration such as 30m or 1h`);
      ok = false;
    }
  }
  if (!ok) return null;
  return { id: fm.id, title: fm.title, severity: fm.severity ?? null, owner: fm.owner, timeboxMs, match };
}

/** Line (1-based, within the YAML) of the node at `path`, or of its nearest parent that has a position. */
function lineOf(doc: Document, lc: LineCounter, path: (string | number)[]): number {
  for (let n = path.length; n >= 0; n--) {
    const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
    if (isNode(node) && node.range) return lc.linePos(node.range[0]).line;
  }
  return 1;
}

// ---------------------------------------------------------------- body: sections

interface Body {
  intro: Block[];
  steps: Step[];
  escalation: Step | null;
  rollback: Step | null;
  notes: NoteSection[];
}

const FENCE_OPEN = /^(\s{0,3})(`{3,}|~{3,})(.*)$/;
const SECTION_HEADING = /^\s{0,3}##\s+(.*?)\s*#*\s*$/;
const OTHER_HEADING = /^\s{0,3}(#|#{3,6})\s+(.*?)\s*#*\s*$/;
const STEP_HEADING = /^step\s+([a-z0-9][a-z0-9_-]*)\s*(?::|\s[-–—]\s)\s*(.*)$/i;
const SPECIAL_HEADING = /^(escalation|rollback)\b/i;
const TRAILING_PARENS = /\s*\(([^()]*)\)\s*$/;
const RESERVED_KEYS = new Set(['done', 'end', 'finish', 'escalation', 'rollback']);

function parseBody(lines: Line[], problem: (line: number, message: string) => void): Body {
  // Split into sections at `##` headings, ignoring any inside fenced blocks.
  const sections: { heading: Line | null; lines: Line[] }[] = [{ heading: null, lines: [] }];
  let fence: string | null = null;
  for (const line of lines) {
    const f = FENCE_OPEN.exec(line.text);
    if (fence) {
      if (f && f[2]![0] === fence[0] && f[2]!.length >= fence.length && !f[3]!.trim()) fence = null;
    } else if (f && !(f[2]![0] === '`' && f[3]!.includes('`'))) {
      fence = f[2]!;
    } else if (SECTION_HEADING.test(line.text)) {
      sections.push({ heading: line, lines: [] });
      continue;
    } else {
      // "### Step 3: ..." or "# Step 3: ...": read as text, that step would silently join the one above.
      const other = OTHER_HEADING.exec(line.text);
      if (other && /^step\b/i.test(other[2]!)) {
        problem(
          line.no,
          `"${other[1]} ${other[2]}" is a heading of another level: a step is a "## Step 3: Title (5 min)" heading, with two #`,
        );
      }
    }
    sections[sections.length - 1]!.lines.push(line);
  }

  const out: Body = { intro: [], steps: [], escalation: null, rollback: null, notes: [] };
  const seen = new Map<string, number>();
  sections.forEach((section, index) => {
    if (!section.heading) {
      out.intro = parseBlocks(section.lines, { prefix: 'intro', step: null }, problem);
      return;
    }
    const headingText = SECTION_HEADING.exec(section.heading.text)![1]!;
    const line = section.heading.no;
    const stepMatch = STEP_HEADING.exec(headingText);
    let kind: StepKind | null = null;
    let key = '';
    let rawTitle = headingText;
    if (stepMatch) {
      kind = 'step';
      key = stepMatch[1]!.toLowerCase();
      rawTitle = stepMatch[2]!;
      if (RESERVED_KEYS.has(key)) {
        problem(line, `"Step ${stepMatch[1]}" uses a reserved word as its id: number your steps (Step 1, Step 2a...)`);
      }
    } else if (/^step\b/i.test(headingText)) {
      problem(line, `"## ${headingText}" looks like a step but is not one: write "## Step 1: Title (2 min)"`);
    } else {
      const special = SPECIAL_HEADING.exec(headingText);
      if (special) {
        kind = special[1]!.toLowerCase() as StepKind;
        key = kind;
      }
    }

    if (!kind) {
      out.notes.push({
        title: headingText,
        line,
        blocks: parseBlocks(section.lines, { prefix: `note${index}`, step: null }, problem),
      });
      return;
    }

    const { title, timeboxMs } = splitTimebox(rawTitle, line, problem);
    if (!title) problem(line, `give ${kind === 'step' ? `Step ${key}` : 'this section'} a title after the colon`);
    const first = seen.get(key);
    if (first !== undefined) {
      problem(
        line,
        kind === 'step'
          ? `duplicate step id: Step ${key} is already defined at line ${first}`
          : `duplicate ${kind} section: the first one is at line ${first}`,
      );
      return;
    }
    seen.set(key, line);
    const ctx: StepContext = { key, elseLine: null, gotoLine: null };
    const blocks = parseBlocks(section.lines, { prefix: key, step: ctx }, problem);
    const step = assembleStep({
      key,
      kind,
      label: kind === 'step' ? `Step ${stepMatch![1]}` : kind === 'escalation' ? 'Escalation' : 'Rollback',
      title: title || headingText,
      line,
      timeboxMs,
      blocks,
    });
    if (kind === 'step') out.steps.push(step);
    else out[kind] = step;
  });
  return out;
}

/** "Find the slow stage (2 min)" -> title + timebox. Parentheses that start with a digit are a timebox. */
function splitTimebox(
  raw: string,
  line: number,
  problem: (line: number, message: string) => void,
): { title: string; timeboxMs: number | null } {
  const m = TRAILING_PARENS.exec(raw);
  if (!m || !/^\s*\d/.test(m[1]!)) return { title: raw.trim(), timeboxMs: null };
  const timeboxMs = parseTimebox(m[1]!);
  if (timeboxMs === null) problem(line, `bad timebox "(${m[1]})": ${TIMEBOX_HINT}`);
  return { title: raw.slice(0, m.index).trim(), timeboxMs };
}

function assembleStep(
  base: Omit<Step, 'items' | 'checks' | 'commands' | 'choices' | 'links' | 'elseTarget' | 'next' | 'targets'>,
): Step {
  const items: ItemBlock[] = [];
  const checks: PromqlBlock[] = [];
  const commands: Step['commands'] = [];
  const choices: ChoiceBlock[] = [];
  const links: LinkRef[] = [];
  let elseTarget: Target | null = null;
  let next: Target | null = null;
  const targets: Target[] = [];
  const addTarget = (t: Target) => {
    if (!targets.includes(t)) targets.push(t);
  };
  for (const b of base.blocks) {
    if ('inlines' in b) {
      for (const i of b.inlines) if (i.kind === 'link') links.push({ line: b.line, text: i.text, href: i.href });
    }
    switch (b.kind) {
      case 'item':
        items.push(b);
        break;
      case 'promql':
        checks.push(b);
        for (const r of b.rules) {
          addTarget(r.target);
          if (!r.condition) elseTarget = r.target;
        }
        break;
      case 'command':
        commands.push(b);
        break;
      case 'choice':
        choices.push(b);
        addTarget(b.target);
        break;
      case 'goto':
        next = b.target;
        addTarget(b.target);
        break;
      default:
        break;
    }
  }
  return { ...base, items, checks, commands, choices, links, elseTarget, next, targets };
}

// ---------------------------------------------------------------- body: blocks

interface StepContext {
  key: string;
  elseLine: number | null;
  gotoLine: number | null;
}

const COMMAND_LANGS = new Set(['bash', 'sh', 'shell', 'zsh', 'fish', 'console', 'powershell', 'pwsh', 'cmd']);
const ARROW = '(?:->|→|=>)';
const IF_LINE = new RegExp(`^\\s*(?:[-*+]\\s+)?if\\s+(value\\b.*?)\\s*${ARROW}\\s*(.+?)\\s*$`, 'i');
const ELSE_LINE = new RegExp(`^\\s*(?:[-*+]\\s+)?else\\s*${ARROW}\\s*(.+?)\\s*$`, 'i');
const GOTO_LINE = new RegExp(`^\\s*${ARROW}\\s*(.+?)\\s*$`);
const CHOICE = new RegExp(
  `^(.*\\S)\\s*${ARROW}\\s*((?:go\\s+to\\s+)?(?:step\\s+\\S+|escalation|rollback|done|end)\\b.*)$`,
  'i',
);
const TARGET =
  /^(?:go\s+to\s+)?(?:step\s+([a-z0-9][a-z0-9_-]*)|(escalation|rollback|done|end|finish))\s*(?:\(([^()]*)\))?\s*\.?$/i;
const ITEM = /^(\s*)[-*+]\s+\[( |x|X)\]\s+(.*)$/;
const BULLET = /^(\s*)([-*+]|\d{1,9}[.)])\s+(.*)$/;
const HEADING = /^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$/;
const THEMATIC_BREAK = /^\s{0,3}([-*_])(\s*\1){2,}\s*$/;

function parseTarget(text: string): { target: Target; note: string | null } | null {
  const m = TARGET.exec(text.trim());
  if (!m) return null;
  const note = m[3]?.trim() || null;
  if (m[1]) return { target: m[1].toLowerCase(), note };
  const word = m[2]!.toLowerCase();
  return { target: word === 'escalation' || word === 'rollback' ? word : DONE, note };
}

const TARGET_HINT = 'name a step ("step 2"), "escalation", "rollback" or "done"';

function parseBlocks(
  lines: Line[],
  where: { prefix: string; step: StepContext | null },
  problem: (line: number, message: string) => void,
): Block[] {
  const blocks: Block[] = [];
  const step = where.step;
  let para: Line[] = [];
  let lastPromql: PromqlBlock | null = null;
  let lastList: { block: BulletBlock | ItemBlock | ChoiceBlock; raw: string } | null = null;
  const n = { i: 0, q: 0, c: 0 };
  const notInStep = (line: number, what: string) =>
    problem(line, `${what} only work inside a step ("## Step N: ..."), not in this section`);

  const flushPara = () => {
    if (!para.length) return;
    const textOfPara = para.map((l) => l.text.trim().replace(/^>\s?/, '')).join('\n');
    blocks.push({ kind: 'paragraph', line: para[0]!.no, inlines: parseInline(textOfPara) });
    para = [];
  };

  for (let k = 0; k < lines.length; k++) {
    const { no, text } = lines[k]!;

    const fence = FENCE_OPEN.exec(text);
    if (fence && !(fence[2]![0] === '`' && fence[3]!.includes('`'))) {
      flushPara();
      lastList = null;
      lastPromql = null;
      const marker = fence[2]!;
      let close = k + 1;
      while (close < lines.length) {
        const c = FENCE_OPEN.exec(lines[close]!.text);
        if (c && c[2]![0] === marker[0] && c[2]!.length >= marker.length && !c[3]!.trim()) break;
        close++;
      }
      if (close >= lines.length) problem(no, `the code block opened here is never closed: add a line ${marker}`);
      const indent = fence[1]!.length;
      const content = lines
        .slice(k + 1, close)
        .map((l) => l.text.replace(new RegExp(`^ {0,${indent}}`), ''))
        .join('\n');
      const info = fence[3]!.trim();
      const lang = info.split(/\s+/)[0]?.toLowerCase() || null;
      const rest = info.slice(lang?.length ?? 0).trim();
      if (lang === 'promql' && step) {
        if (!content.trim()) problem(no, 'this promql block is empty: write the query between the fences');
        const placeholders = queryPlaceholders(content);
        for (const p of placeholders.problems) problem(no + 1 + p.lineOffset, p.message);
        lastPromql = {
          kind: 'promql',
          id: `${where.prefix}.q${++n.q}`,
          line: no,
          label: rest || null,
          query: content.trim(),
          labels: placeholders.labels,
          rules: [],
        };
        blocks.push(lastPromql);
      } else if (lang && COMMAND_LANGS.has(lang)) {
        blocks.push({ kind: 'command', id: `${where.prefix}.c${++n.c}`, line: no, lang, text: content });
      } else {
        blocks.push({ kind: 'code', line: no, lang, text: content });
      }
      k = close;
      continue;
    }

    if (!text.trim()) {
      // Blank lines end paragraphs and lists but not a promql block's if/else lines.
      flushPara();
      lastList = null;
      continue;
    }

    const ifLine = IF_LINE.exec(text);
    if (ifLine) {
      flushPara();
      lastList = null;
      if (!step) {
        notInStep(no, 'conditions');
        continue;
      }
      if (!lastPromql) {
        problem(no, '"if value ..." needs a ```promql block right above it (blank lines in between are fine)');
        continue;
      }
      let condition: Condition | null = null;
      const conditionText = ifLine[1]!.trim();
      if (/\b(rising|falling)\b/i.test(conditionText)) {
        // Read from the text, not the parsed form: a check yields one value, so a trend can never be judged.
        problem(
          no,
          `bad condition: "${conditionText}": a check returns one value, so rising / falling cannot be judged`,
        );
      } else {
        try {
          condition = parseCondition(conditionText);
        } catch (err) {
          if (!(err instanceof ConditionSyntaxError)) throw err;
          problem(no, `bad condition: ${err.message}`);
        }
      }
      const target = parseTarget(ifLine[2]!);
      if (!target) problem(no, `"${ifLine[2]}" is not a step: ${TARGET_HINT}`);
      if (lastPromql.rules.some((r) => !r.condition)) problem(no, 'an "if" line cannot follow the "else" line');
      if (condition && target) lastPromql.rules.push({ line: no, condition, target: target.target });
      continue;
    }

    const elseLine = ELSE_LINE.exec(text);
    if (elseLine) {
      flushPara();
      lastList = null;
      if (!step) {
        notInStep(no, '"else" lines');
        continue;
      }
      if (!lastPromql || !lastPromql.rules.some((r) => r.condition)) {
        problem(no, '"else" needs at least one "if value ..." line after a ```promql block above it');
        continue;
      }
      if (step.elseLine !== null) {
        problem(no, `a step has one "else"; this step already has one at line ${step.elseLine}`);
        continue;
      }
      const target = parseTarget(elseLine[1]!);
      if (!target) {
        problem(no, `"${elseLine[1]}" is not a step: ${TARGET_HINT}`);
        continue;
      }
      step.elseLine = no;
      lastPromql.rules.push({ line: no, condition: null, target: target.target });
      continue;
    }

    const gotoLine = GOTO_LINE.exec(text);
    if (gotoLine) {
      flushPara();
      lastList = null;
      lastPromql = null;
      if (!step) {
        notInStep(no, '"->" lines');
        continue;
      }
      const target = parseTarget(gotoLine[1]!);
      if (!target) {
        problem(no, `"${gotoLine[1]}" is not a step: ${TARGET_HINT}`);
        continue;
      }
      if (step.gotoLine !== null) {
        problem(no, `a step has one "->" line; this step already has one at line ${step.gotoLine}`);
        continue;
      }
      step.gotoLine = no;
      blocks.push({ kind: 'goto', line: no, target: target.target });
      continue;
    }

    // Anything else closes the if/else lines of the promql block above.
    lastPromql = null;

    const heading = HEADING.exec(text);
    if (heading) {
      flushPara();
      lastList = null;
      blocks.push({ kind: 'heading', line: no, level: heading[1]!.length, inlines: parseInline(heading[2]!) });
      continue;
    }
    if (THEMATIC_BREAK.test(text)) {
      flushPara();
      lastList = null;
      continue;
    }

    const item = ITEM.exec(text);
    if (item) {
      flushPara();
      const depth = Math.floor(item[1]!.replace(/\t/g, '  ').length / 2);
      const raw = item[3]!;
      if (CHOICE.exec(raw) && parseTarget(CHOICE.exec(raw)![2]!)) {
        problem(no, 'a checklist item cannot branch: drop the "[ ]" to make it a branch choice');
      }
      if (step) {
        const block: ItemBlock = {
          kind: 'item',
          id: `${where.prefix}.i${++n.i}`,
          line: no,
          depth,
          inlines: parseInline(raw),
          text: '',
        };
        block.text = inlineText(block.inlines);
        blocks.push(block);
        lastList = { block, raw };
      } else {
        // Outside a step nothing is walked, so a checkbox is just a bullet.
        const block: BulletBlock = { kind: 'bullet', line: no, ordered: null, depth, inlines: parseInline(raw) };
        blocks.push(block);
        lastList = { block, raw };
      }
      continue;
    }

    const bullet = BULLET.exec(text);
    const choice = CHOICE.exec(bullet ? bullet[3]! : text.trim());
    if (choice) {
      const target = parseTarget(choice[2]!);
      if (target) {
        flushPara();
        if (!step) {
          notInStep(no, 'branch choices');
          continue;
        }
        const label = choice[1]!.trim();
        const block: ChoiceBlock = {
          kind: 'choice',
          line: no,
          inlines: parseInline(label),
          label: '',
          target: target.target,
          note: target.note,
        };
        block.label = inlineText(block.inlines);
        blocks.push(block);
        lastList = null;
        continue;
      }
    }
    if (bullet) {
      flushPara();
      const marker = bullet[2]!;
      const block: BulletBlock = {
        kind: 'bullet',
        line: no,
        ordered: /^\d/.test(marker) ? Number.parseInt(marker, 10) : null,
        depth: Math.floor(bullet[1]!.replace(/\t/g, '  ').length / 2),
        inlines: parseInline(bullet[3]!),
      };
      blocks.push(block);
      lastList = { block, raw: bullet[3]! };
      continue;
    }

    if (lastList && /^\s{2,}\S/.test(text)) {
      // An indented line under a list item continues that item.
      lastList.raw += ` ${text.trim()}`;
      lastList.block.inlines = parseInline(lastList.raw);
      if (lastList.block.kind === 'item') lastList.block.text = inlineText(lastList.block.inlines);
      continue;
    }
    lastList = null;
    para.push({ no, text });
  }
  flushPara();
  return blocks;
}

// ---------------------------------------------------------------- targets

function checkTargets(runbook: Runbook, problem: (line: number, message: string) => void): boolean {
  const steps = walkableSteps(runbook);
  const keys = new Set(steps.map((s) => s.key));
  const known = runbook.steps.map((s) => s.label).join(', ');
  let ok = true;
  for (const step of steps) {
    const uses: { line: number; target: Target }[] = [
      ...step.checks.flatMap((c) => c.rules),
      ...step.choices,
      ...step.blocks.filter((b) => b.kind === 'goto'),
    ];
    for (const { line, target } of uses) {
      if (target === DONE || keys.has(target)) continue;
      ok = false;
      if (target === 'escalation' || target === 'rollback') {
        problem(line, `this branch goes to ${target} but the runbook has no "## ${cap(target)}" section`);
      } else {
        problem(line, `unknown step target "step ${target}": this runbook has ${known || 'no steps'}`);
      }
    }
  }
  return ok;
}

function cap(s: string): string {
  return s[0]!.toUpperCase() + s.slice(1);
}
