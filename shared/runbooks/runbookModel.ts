import type { Condition } from '../classify/condition';
import type { Matcher } from '../classify/parseMatcher';
import type { Severity } from '../domain/severity';

/**
 * The typed model of a runbook file (format: docs/runbooks.md). Everything a screen shows is
 * plain text, inline code or an http(s) link: there is no HTML anywhere in this model, so a
 * renderer that only creates text nodes and <a href> for `link` cannot be tricked into markup.
 */
export type Inline =
  | { kind: 'text'; text: string }
  | { kind: 'strong'; text: string }
  | { kind: 'code'; text: string }
  /** `href` is always http: or https:; anything else stayed text when parsed. */
  | { kind: 'link'; text: string; href: string };

/** Where a branch leads: a step key ('1', '2a', 'escalation', 'rollback') or 'done' (the end). */
export type Target = string;
export const DONE: Target = 'done';

export interface ParagraphBlock {
  kind: 'paragraph';
  line: number;
  inlines: Inline[];
}

export interface HeadingBlock {
  kind: 'heading';
  line: number;
  level: number;
  inlines: Inline[];
}

export interface BulletBlock {
  kind: 'bullet';
  line: number;
  /** The number of an ordered item ("3." -> 3), null for "-", "*" or "+". */
  ordered: number | null;
  /** Nesting level from indentation, 0 for top level. */
  depth: number;
  inlines: Inline[];
}

/** A `- [ ]` line inside a step: something to tick during the walkthrough. */
export interface ItemBlock {
  kind: 'item';
  /** `<step key>.i<n>`, n counted from 1 within the step. */
  id: string;
  line: number;
  depth: number;
  inlines: Inline[];
  /** The item as plain text, for timeline events. */
  text: string;
}

/** An `if <condition> -> <target>` line (condition set) or `else -> <target>` (condition null). */
export interface BranchRule {
  line: number;
  condition: Condition | null;
  target: Target;
}

export interface PromqlBlock {
  kind: 'promql';
  /** `<step key>.q<n>`. */
  id: string;
  line: number;
  /** Words after `promql` in the fence, e.g. "feature fetch p99"; null when none. */
  label: string | null;
  query: string;
  /** Alert labels the query needs, from `{{ $labels.NAME }}` placeholders (see fillQuery). */
  labels: string[];
  /** The if/else lines written right after the block, in order. */
  rules: BranchRule[];
}

/** A shell block: shown to copy, never executed by Vigil. */
export interface CommandBlock {
  kind: 'command';
  /** `<step key>.c<n>`. */
  id: string;
  line: number;
  lang: string;
  text: string;
}

/** Any other fenced block (yaml, json, no language...): shown as is. */
export interface CodeBlock {
  kind: 'code';
  line: number;
  lang: string | null;
  text: string;
}

/** A branch the person decides: "- feature_fetch > 200ms -> step 2". */
export interface ChoiceBlock {
  kind: 'choice';
  line: number;
  inlines: Inline[];
  label: string;
  target: Target;
  /** Words in parentheses after the target: "-> step 5 (load balancer issue)". */
  note: string | null;
}

/** A bare `-> step 5` line: where the step leads when no branch was chosen. */
export interface GotoBlock {
  kind: 'goto';
  line: number;
  target: Target;
}

export type Block =
  | ParagraphBlock
  | HeadingBlock
  | BulletBlock
  | ItemBlock
  | PromqlBlock
  | CommandBlock
  | CodeBlock
  | ChoiceBlock
  | GotoBlock;

export interface LinkRef {
  line: number;
  text: string;
  href: string;
}

export type StepKind = 'step' | 'escalation' | 'rollback';

/** A numbered step, or the Escalation / Rollback section (walkable like a step). */
export interface Step {
  /** Lower-case: '1', '2a' for numbered steps, 'escalation', 'rollback' for the special sections. */
  key: string;
  kind: StepKind;
  /** "Step 1", "Escalation", "Rollback": how events and screens name it. */
  label: string;
  title: string;
  line: number;
  timeboxMs: number | null;
  blocks: Block[];
  /** The blocks above, by kind, in document order (same objects). */
  items: ItemBlock[];
  checks: PromqlBlock[];
  commands: CommandBlock[];
  choices: ChoiceBlock[];
  links: LinkRef[];
  /** Target of the step's `else` line, if any. */
  elseTarget: Target | null;
  /** Target of a bare `-> X` line, if any. */
  next: Target | null;
  /** Every place the step's if/else/choice/`->` lines lead, without duplicates, in document order. */
  targets: Target[];
}

/** Any other `##` section ("Context", "Post-incident"): text to read, nothing to walk. */
export interface NoteSection {
  title: string;
  line: number;
  blocks: Block[];
}

export interface Runbook {
  id: string;
  title: string;
  severity: Severity | null;
  owner: string;
  /** Total timebox from the front matter. */
  timeboxMs: number | null;
  /** All must match one alert's labels. Compiled: strip `regex` before sending over IPC. */
  match: Matcher[];
  /** Blocks before the first `##` heading (the `#` title and any lead text). */
  intro: Block[];
  /** Numbered steps in document order. */
  steps: Step[];
  escalation: Step | null;
  rollback: Step | null;
  notes: NoteSection[];
  /** Hash of the file text: a saved walkthrough with another revision was made on an older file. */
  revision: string;
}

/** Numbered steps, then Escalation and Rollback: every step a walkthrough can visit. */
export function walkableSteps(runbook: Runbook): Step[] {
  const out = [...runbook.steps];
  if (runbook.escalation) out.push(runbook.escalation);
  if (runbook.rollback) out.push(runbook.rollback);
  return out;
}

export function findStep(runbook: Runbook, key: string): Step | null {
  return walkableSteps(runbook).find((s) => s.key === key) ?? null;
}

/**
 * Where a step leads when none of its branches applies: its `-> X` line, else the next numbered
 * step, else the end. Escalation and Rollback are not in the numbered flow, so they end the walk.
 */
export function defaultNext(runbook: Runbook, step: Step): Target {
  if (step.next) return step.next;
  if (step.kind !== 'step') return DONE;
  const i = runbook.steps.indexOf(step);
  return runbook.steps[i + 1]?.key ?? DONE;
}

/** "Step 2 (Feature store)", "Escalation", "the end": a target as a person reads it. */
export function describeTarget(runbook: Runbook, target: Target): string {
  if (target === DONE) return 'the end';
  const step = findStep(runbook, target);
  if (!step) return `unknown step ${target}`;
  return step.kind === 'step' ? `${step.label} (${step.title})` : step.label;
}

/** Inline content as plain text (links keep their text; the href is not repeated). */
export function inlineText(inlines: readonly Inline[]): string {
  return inlines.map((i) => i.text).join('');
}
