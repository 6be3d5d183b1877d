import { compileRe2Anchored, type LabelRegex } from './compileRe2Anchored';

/**
 * Alertmanager label matchers: `name="value"`, `name!="value"`, `name=~"regex"`, `name!~"regex"`.
 * Regexes are RE2 (linear time) and fully anchored, as in Alertmanager, so a matcher means here
 * what it means there. Unquoted values are accepted, as amtool does.
 */
export type MatchOp = '=' | '!=' | '=~' | '!~';

export interface Matcher {
  name: string;
  op: MatchOp;
  value: string;
  /** Compiled, anchored RE2 regex for =~ and !~. */
  regex: LabelRegex | null;
  /** The matcher as written, for explanations. */
  text: string;
}

const MATCHER = /^\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*(?:"((?:[^"\\]|\\.)*)"|([^\s"]*))\s*$/;

export class MatcherSyntaxError extends Error {}

export function parseMatcher(text: string): Matcher {
  const m = MATCHER.exec(text);
  if (!m) {
    throw new MatcherSyntaxError(
      `"${text}" is not a label matcher; write name="value", name!="value", name=~"regex" or name!~"regex"`,
    );
  }
  const name = m[1]!;
  const op = m[2] as MatchOp;
  const value = m[3] !== undefined ? m[3].replace(/\\(.)/g, '$1') : (m[4] ?? '');
  let regex: LabelRegex | null = null;
  if (op === '=~' || op === '!~') {
    try {
      regex = compileRe2Anchored(value);
    } catch (err) {
      throw new MatcherSyntaxError(`"${text}": invalid regular expression (${(err as Error).message})`);
    }
  }
  return { name, op, value, regex, text: text.trim() };
}

/** Absent labels match as the empty string, as in Alertmanager. */
export function matchesLabels(matcher: Matcher, labels: Readonly<Record<string, string>>): boolean {
  const actual = labels[matcher.name] ?? '';
  switch (matcher.op) {
    case '=':
      return actual === matcher.value;
    case '!=':
      return actual !== matcher.value;
    case '=~':
      return matcher.regex!.test(actual);
    case '!~':
      return !matcher.regex!.test(actual);
  }
}

// Alerts repeat the same few label values (alertname above all) thousands of times in a storm,
// so each matcher remembers its verdict per value. Verdicts never change, so this is invisible
// to callers; the size cap keeps high-cardinality labels (pod names) from growing it unbounded.
const MEMO_LIMIT = 4096;
const memo = new WeakMap<Matcher, Map<string, boolean>>();

/** True when every matcher matches; the same answer as `matchesLabels`, memoised per value. */
export function matchesAll(matchers: readonly Matcher[], labels: Readonly<Record<string, string>>): boolean {
  for (const m of matchers) {
    const actual = labels[m.name] ?? '';
    let seen = memo.get(m);
    if (!seen) memo.set(m, (seen = new Map()));
    let verdict = seen.get(actual);
    if (verdict === undefined) {
      verdict = matchesLabels(m, labels);
      if (seen.size >= MEMO_LIMIT) seen.clear();
      seen.set(actual, verdict);
    }
    if (!verdict) return false;
  }
  return true;
}
