import { parsePostMortemMarkdown } from './parsePostMortemMarkdown';
import type { PostMortem } from './postMortemModel';

/*
 * Gentle hints on blaming language, after seed 001: the goal is to learn, people acted with good
 * intentions on what they knew, and the review looks at system and process failures. A hint never
 * blocks anything; it underlines a phrase, says why in one sentence and offers a systems-focused
 * way to say it.
 *
 * What is flagged, and what deliberately is not:
 * - Judgements of character or care, whoever the subject: careless, negligent, sloppy, lazy
 *   (not "lazy loading"), reckless, incompetent, "dropped the ball", "should have known better".
 * - "Human error" / "operator error" / "fat-fingered" (not "user error rate"), even in a negation:
 *   the phrase ends the analysis where it should start.
 * - Blame words: "to blame", "blamed", "blame on/for" (not "blameless", not "about blame").
 * - "Forgot" with any subject: only people forget.
 * - With a PERSON as the subject only: "should have" + a past participle (hindsight; "we should
 *   have a runbook" is about having one and is not flagged), "failed/neglected/omitted to",
 *   "did not check/notice/follow...", "broke/took down/caused", and "X's fault/mistake".
 *   "The alert should have fired at 5% (it did not: the threshold was 10%)" is NOT flagged: its
 *   subject is the system and it states exactly the kind of gap a post-mortem is for. Likewise
 *   "the deploy failed to roll out", "Redis broke", "they should have been grouped" (they is too
 *   often the alerts).
 * - "Caused by / because of / due to" a person.
 * A person is: a capitalised first name known from the document (responders, author, action item
 * owners that are not teams), a personal pronoun (I, he, she, we, you, someone, nobody...) or a
 * role ("the on-call engineer", "the developer", "the upstream team").
 * Text in code spans and fenced code blocks is quoted material and is skipped.
 */

export type BlamelessRule =
  | 'hindsight'
  | 'failed-to'
  | 'did-not'
  | 'person-broke'
  | 'caused-by-person'
  | 'fault'
  | 'human-error'
  | 'character'
  | 'blame'
  | 'forgot';

export interface BlamelessHint {
  rule: BlamelessRule;
  /** UTF-16 offsets into the text given (what CodeMirror uses); `end` is exclusive. */
  start: number;
  end: number;
  phrase: string;
  /** One sentence: why this reads as blame. */
  why: string;
  /** A systems-focused way to say it. */
  suggestion: string;
}

const TEXT: Record<BlamelessRule, { why: string; suggestion: string }> = {
  hindsight: {
    why: '"Should have" judges a decision with hindsight, while a blameless review assumes people acted well on what they could see at the time.',
    suggestion:
      'Describe what was visible then and what would have pointed elsewhere, e.g. "the dashboard did not show …" or "the runbook had no step for …".',
  },
  'failed-to': {
    why: 'Naming a person as the one who failed makes the finding about them, not about what let the step be missed.',
    suggestion:
      'Name the gap instead, e.g. "the step was manual and nothing checked that it was done" or "the checklist did not include …".',
  },
  'did-not': {
    why: '"<person> did not …" reads as a personal failing; the same fact can be told about the system.',
    suggestion:
      'Say it about the system, e.g. "nothing prompted a check of …" or "the runbook\'s first step does not cover …".',
  },
  'person-broke': {
    why: 'Making a person the subject of the breakage assigns blame; the change and the missing safeguard are the subject.',
    suggestion:
      'Make the change the subject, e.g. "the 14:18 deploy broke …, and no check stopped it before production".',
  },
  'caused-by-person': {
    why: 'Naming a person as the cause stops the analysis at them instead of at what made the outcome possible.',
    suggestion:
      'Name the change or condition, e.g. "caused by the schema change at 14:18, which no consumer was told about".',
  },
  fault: {
    why: 'Attaching fault or a mistake to a person assigns blame, which teaches people to hide problems instead of reporting them.',
    suggestion: 'Describe the contributing condition, e.g. "the change was not checked against the data contract".',
  },
  'human-error': {
    why: '"Human error" ends the analysis where it should start, at what made the error easy to make and its impact large.',
    suggestion:
      'Describe the error-prone step and the missing guard, e.g. "a manual config edit with no validation or review".',
  },
  character: {
    why: "A judgement of someone's care or character gives the team nothing it can change.",
    suggestion:
      'Describe the action and the missing safeguard, e.g. "the change skipped review because the pipeline allows direct pushes".',
  },
  blame: {
    why: 'A post-mortem looks for what to change, not for whom to blame.',
    suggestion:
      'Say which process or system let it happen, e.g. "schema changes are not announced to their consumers".',
  },
  forgot: {
    why: '"Forgot" locates the problem in a memory; the question is why the system relied on one.',
    suggestion: 'Say what relied on memory, e.g. "renewal was a manual task with no reminder or alert".',
  },
};

const PRONOUN = String.raw`I|he|she|we|you|someone|somebody|nobody|no\s+one|everyone`;
const ROLE = String.raw`(?:the|an?|our|their|that|this)\s+(?:(?:on-?call|upstream|downstream|data|ml|platform|infra|new|junior|senior|other|primary|secondary)\s+)?(?:on-?call(?:\s+engineer)?|engineers?|developers?|devs?|operators?|responders?|reviewers?|authors?|sres?|interns?|new\s+hires?|team(?:\s+members?)?|people|person|admins?|administrators?)`;
const ADVERBS = String.raw`(?:\s+(?:really|clearly|obviously|simply|just|definitely|probably|certainly|also|then|again|apparently|evidently|unfortunately|accidentally|mistakenly|completely|totally))*`;
/** "should have" followed by these is about having something ("we should have a runbook"). */
const POSSESSION = String.raw`(?!\s+(?:a|an|the|some|more|fewer|less|no|every|each|all|one|two|three|our|its|their|his|her|my|your|this|that|these|those|enough|access|time)\b)`;

interface Rule {
  rule: BlamelessRule;
  /**
   * Built per call because the names of the document are part of it. `person` may be followed by
   * a possessive and its noun ("Ana's deploy"); `bare` may not.
   */
  pattern: (person: string, bare: string) => string;
  /** The pattern has a person as its subject (the match must pass the name check). */
  person: boolean;
  /** Skip a match that the next word turns into a possessive ("the engineer's rollback"). */
  notBeforePossessive?: boolean;
}

const RULES: Rule[] = [
  {
    rule: 'hindsight',
    person: true,
    pattern: (p) =>
      String.raw`\b${p}${ADVERBS}\s+(?:should(?:\s+not|n't|n’t)?\s+have|should've|ought\s+(?:not\s+)?to\s+have)${POSSESSION}\b`,
  },
  {
    rule: 'failed-to',
    person: true,
    pattern: (p) =>
      String.raw`\b${p}${ADVERBS}\s+(?:failed|neglected|omitted|forgot|didn't\s+bother|did\s+not\s+bother)\s+to\b`,
  },
  {
    rule: 'did-not',
    person: true,
    pattern: (p) =>
      String.raw`\b${p}${ADVERBS}\s+(?:didn't|didn’t|did\s+not|never)\s+(?:check|notice|verify|test|read|follow|look|review|think|pay\s+attention|catch|escalate|ask|double-check|confirm|validate)\w*`,
  },
  {
    rule: 'person-broke',
    person: true,
    pattern: (p) =>
      String.raw`\b${p}${ADVERBS}\s+(?:broke|(?:has|had)\s+broken|messed\s+up|screwed\s+up|took\s+down|brought\s+down|caused)\b`,
  },
  {
    rule: 'caused-by-person',
    person: true,
    // Not "thanks to" (praise) and not a possessive: "due to Ana's change" names the change.
    pattern: (_p, bare) => String.raw`\b(?:caused\s+by|because\s+of|due\s+to)\s+${bare}`,
    notBeforePossessive: true,
  },
  {
    rule: 'fault',
    person: true,
    pattern: (_p, bare) =>
      String.raw`\b${bare}'s\s+(?:fault|mistake|error|screw-?up|blunder|oversight)\b(?!\s+(?:rate|ratio|budget|count|log|message|code|handling))`,
  },
  {
    rule: 'fault',
    person: false,
    pattern: () =>
      String.raw`\b(?:[\w-]+'s\s+fault|(?:his|her|their|my|our|your)\s+(?:fault|mistake|screw-?up|blunder)|at\s+fault|fault\s+of)\b`,
  },
  {
    rule: 'human-error',
    person: false,
    pattern: () =>
      String.raw`\b(?:(?:human|operator|user|pilot|engineer)\s+error(?!\s+(?:rate|ratio|budget|count|s)\b)|fat[- ]?finger(?:ed|ing|s)?|PEBKAC|PEBCAK)\b`,
  },
  {
    rule: 'character',
    person: false,
    pattern: () =>
      String.raw`\b(?:careless(?:ly|ness)?|negligen(?:t|ce|tly)|sloppy|sloppily|sloppiness|lazy(?!\s+(?:load|loading|loaded|evaluation|init|initiali[sz]ation|import))|laziness|lazily|incompeten(?:t|ce)|reckless(?:ly|ness)?|stupid(?:ity)?|idiot(?:ic)?|irresponsib(?:le|ly|ility)|inattentive|inattention|rookie\s+mistake|dropped\s+the\s+ball|asleep\s+at\s+the\s+wheel|should\s+have\s+known\s+better)\b`,
  },
  {
    rule: 'blame',
    person: false,
    pattern: () => String.raw`\b(?:to\s+blame|blamed|blaming|blames|blame\s+(?:on|for)|put\s+the\s+blame)\b`,
  },
  { rule: 'forgot', person: false, pattern: () => String.raw`\bforg(?:ot|otten|etting)\b(?:\s+to\b)?` },
];

/** Words that make an owner a team, not a person ("Data Eng", "ML Platform"). */
const TEAM_WORDS =
  /^(team|eng|engineering|platform|ops|sre|data|ml|ai|infra|infrastructure|security|governance|oncall|on-call|support|backend|frontend|devops|mlops|qa|product|analytics|research|vigil|someone|nobody|unassigned|tbd)$/i;

/**
 * The capitalised first names the document knows: "Ana Lopez" -> Ana, "ben" (a timeline actor)
 * -> Ben, "ana.lopez@example.com" -> Ana. Teams and handles in capitals are not people.
 */
export function firstNamesOf(people: readonly string[]): string[] {
  const out = new Set<string>();
  for (const p of people) {
    const tokens = p
      .trim()
      .split(/[\s._@-]+/)
      .filter(Boolean);
    if (tokens.length === 0 || tokens.length > 4 || tokens.some((t) => TEAM_WORDS.test(t))) continue;
    const first = tokens[0]!;
    if (first.length < 2 || !/^\p{L}+$/u.test(first) || first === first.toUpperCase()) continue;
    out.add(first[0]!.toUpperCase() + first.slice(1));
  }
  return [...out];
}

/** Everyone the document names: responders, author, action item owners. */
export function peopleInPostMortem(doc: PostMortem): string[] {
  return [...doc.responders, doc.author, ...doc.actionItems.map((a) => a.owner ?? '')].filter((p) => p.trim() !== '');
}

/**
 * Hints for one piece of text. `people` are names as the document has them (full names, handles);
 * their capitalised first names count as people in subjects.
 */
export function findBlamingLanguage(text: string, people: readonly string[] = []): BlamelessHint[] {
  const names = firstNamesOf(people);
  const masked = maskCode(text);
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const nameAlt = names.length > 0 ? `(?<name>${names.map(escape).join('|')})(?:\\s+[A-Z][\\w'-]*)?|` : '';
  const bare = `(?:${nameAlt}(?:${PRONOUN})\\b|${ROLE})`;
  const person = `${bare}(?:'s\\s+[\\w-]+)?`;
  const nameSet = new Set(names);

  const found: BlamelessHint[] = [];
  for (const r of RULES) {
    const re = new RegExp(r.pattern(person, bare), 'giu');
    for (const m of masked.matchAll(re)) {
      const name = m.groups?.name;
      // Case-insensitive matching finds "We" and "The engineer"; a name must be written as a name.
      if (r.person && name !== undefined && !nameSet.has(name)) continue;
      const start = m.index;
      const end = start + m[0].length;
      if (r.notBeforePossessive && /^(?:['’]s\b|\s+[\w-]+['’]s\b)/u.test(masked.slice(end, end + 40))) continue;
      found.push({ rule: r.rule, start, end, phrase: text.slice(start, end), ...TEXT[r.rule] });
    }
  }
  // One hint per stretch of text: the earliest, then the longest, wins an overlap.
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: BlamelessHint[] = [];
  for (const h of found) {
    const last = kept[kept.length - 1];
    if (last && h.start < last.end) continue;
    kept.push(h);
  }
  return kept;
}

/**
 * Hints for the post-mortem as the editor holds it (Markdown), offsets into that text. The front
 * matter is skipped; the names come from the parsed document, or from none if it does not parse
 * (the hints then only cover what needs no names).
 */
export function blamelessHintsInMarkdown(markdown: string): BlamelessHint[] {
  const parsed = parsePostMortemMarkdown(markdown);
  const people = parsed.ok ? peopleInPostMortem(parsed.doc) : [];
  return findBlamingLanguage(maskFrontMatter(markdown), people).map((h) => ({
    ...h,
    phrase: markdown.slice(h.start, h.end),
  }));
}

/** Replaces code (fenced blocks, inline spans) with spaces, keeping every offset and line break. */
function maskCode(text: string): string {
  const blank = (s: string) => s.replace(/[^\n]/g, ' ');
  return text.replace(/^(`{3,}|~{3,})[^\n]*\n[\s\S]*?(?:^\1[^\n]*$|(?![\s\S]))/gm, blank).replace(/`[^`\n]+`/g, blank);
}

function maskFrontMatter(markdown: string): string {
  const m = /^---\r?\n[\s\S]*?\r?\n---(?=\r?\n|$)/.exec(markdown);
  return m ? m[0].replace(/[^\n]/g, ' ') + markdown.slice(m[0].length) : markdown;
}
