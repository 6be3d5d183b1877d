import { parseRunbook, type RunbookProblem } from './parseRunbook';
import type { Runbook } from './runbookModel';

export type RunbookOrigin = 'shipped' | 'user';

export interface RunbookFile {
  origin: RunbookOrigin;
  /** Where it was read from, for messages ("~/runbooks/gpu.md"). */
  path: string;
  text: string;
}

export interface RunbookEntry {
  runbook: Runbook;
  origin: RunbookOrigin;
  path: string;
}

export interface RunbookLibrary {
  /** Usable runbooks, sorted by id. */
  entries: RunbookEntry[];
  /** Files that could not be used, each with its problems: listed, never fatal to the others. */
  failures: { origin: RunbookOrigin; path: string; problems: RunbookProblem[] }[];
  /** Shipped runbooks replaced by a user runbook with the same id. */
  overridden: { id: string; shippedPath: string; userPath: string }[];
}

/**
 * Builds the set of runbooks from the shipped folder and the user's folder. A user runbook with
 * a shipped runbook's id replaces it (that is how a team adapts one); two files with the same id
 * in the same folder are ambiguous, so the later one by path is listed as a failure.
 */
export function buildRunbookLibrary(files: readonly RunbookFile[]): RunbookLibrary {
  const failures: RunbookLibrary['failures'] = [];
  const byOrigin: Record<RunbookOrigin, Map<string, RunbookEntry>> = { shipped: new Map(), user: new Map() };
  const sorted = [...files].sort((a, b) => a.path.localeCompare(b.path));
  for (const file of sorted) {
    const result = parseRunbook(file.text);
    if (!result.ok) {
      failures.push({ origin: file.origin, path: file.path, problems: result.problems });
      continue;
    }
    const same = byOrigin[file.origin].get(result.runbook.id);
    if (same) {
      failures.push({
        origin: file.origin,
        path: file.path,
        problems: [
          {
            line: idLine(file.text),
            message: `id "${result.runbook.id}" is already used by ${same.path}: give each runbook its own id`,
          },
        ],
      });
      continue;
    }
    byOrigin[file.origin].set(result.runbook.id, { runbook: result.runbook, origin: file.origin, path: file.path });
  }
  const overridden: RunbookLibrary['overridden'] = [];
  const merged = new Map(byOrigin.shipped);
  for (const [id, entry] of byOrigin.user) {
    const shipped = merged.get(id);
    if (shipped) overridden.push({ id, shippedPath: shipped.path, userPath: entry.path });
    merged.set(id, entry);
  }
  const entries = [...merged.values()].sort((a, b) => a.runbook.id.localeCompare(b.runbook.id));
  return { entries, failures, overridden };
}

/** The line of the front matter's `id:`, where a duplicate id is fixed (2 when it cannot be found). */
function idLine(text: string): number {
  const lines = text.split(/\r?\n/);
  const at = lines.findIndex((l, i) => i > 0 && /^id\s*:/.test(l));
  return at > 0 ? at + 1 : 2;
}
