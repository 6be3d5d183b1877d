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
