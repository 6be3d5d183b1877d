import { RE2JS } from 're2js';

/** A compiled label regex: matches the whole value, in time linear in its length. */
export class LabelRegex {
  // Private: two compilations of one pattern compare equal (configs are compared by value).
  readonly #re: RE2JS;
  constructor(readonly source: string) {
    // Full-match semantics: the same as Alertmanager's `^(?:pattern)$`.
    this.#re = RE2JS.compile(`(?:${source})`);
  }
  test(value: string): boolean {
    return this.#re.matches(value);
  }
}

/**
 * Compiles a matcher regex as Alertmanager does: RE2 syntax (Go's regexp), anchored at both ends.
 * RE2 has no backreferences or lookaround and runs in linear time, so a pattern from a runbook,
 * an override or a silence cannot stall the main process on a label an alert chose
 * (`(a+)+$` against "aaaa…!" takes microseconds, not minutes). Throws on a pattern Alertmanager
 * would refuse too, with RE2's reason.
 */
export function compileRe2Anchored(pattern: string): LabelRegex {
  return new LabelRegex(pattern);
}

/** compileRe2Anchored, or null for a pattern RE2 refuses (a silence set elsewhere, read-only here). */
export function tryCompileRe2Anchored(pattern: string): LabelRegex | null {
  try {
    return compileRe2Anchored(pattern);
  } catch {
    return null;
  }
}

/** A compiled regex searched anywhere in a text, case-insensitive, in linear time. */
export class SearchRegex {
  readonly #re: RE2JS;
  // A storm repeats a handful of texts (alert names, metric names) thousands of times.
  readonly #seen = new Map<string, boolean>();
  constructor(readonly source: string) {
    this.#re = RE2JS.compile(source, RE2JS.CASE_INSENSITIVE);
  }
  test(text: string): boolean {
    let hit = this.#seen.get(text);
    if (hit === undefined) {
      hit = this.#re.matcher(text).find();
      if (this.#seen.size >= 4096) this.#seen.clear();
      this.#seen.set(text, hit);
    }
    return hit;
  }
}

/** RE2 syntax, unanchored and case-insensitive: matrix `about:` and the ML scope's metric pattern. */
export function compileRe2Search(pattern: string): SearchRegex {
  return new SearchRegex(pattern);
}
