import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileStamp } from './atomicFile';
import { readJsonl, type JsonlReadResult } from './jsonlLog';

// An archive segment is the log's name, a dot and when it was rotated, so segments sort by time:
// notifications.jsonl.2026-12-04T20-30-00-000Z. A quarantined file (`.corrupt-...`) is not one.
const STAMP = /^\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d-\d{3}Z(-\d+)?$/;

/** Where a log is moved when it rotates; never over an existing segment. */
export function archiveNameOf(path: string, at: Date): string {
  const base = `${path}.${fileStamp(at)}`;
  let name = base;
  for (let n = 1; existsSync(name); n++) name = `${base}-${n}`;
  return name;
}

/** The archive segments of a log, oldest first, then the log itself (whether or not it exists). */
export function segmentsOf(path: string): string[] {
  const dir = dirname(path);
  const prefix = `${basename(path)}.`;
  const archives = existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => f.startsWith(prefix) && STAMP.test(f.slice(prefix.length)))
        .sort()
        .map((f) => join(dir, f))
    : [];
  return [...archives, path];
}

/** Reads a rotated log as one: every segment in order; a problem names its segment when archived. */
export function readJsonlSegments<T>(path: string, validate: (v: unknown) => T): JsonlReadResult<T> {
  const out: JsonlReadResult<T> = { records: [], problems: [] };
  for (const segment of segmentsOf(path)) {
    const r = readJsonl(segment, validate);
    out.records.push(...r.records);
    const where = segment === path ? '' : ` of ${basename(segment)}`;
    for (const p of r.problems) out.problems.push({ line: p.line, reason: `${p.reason}${where}` });
  }
  return out;
}

/**
 * Removes archive segments last written before `cutoffMs` (the retention the user set for
 * resolved incidents); the live log is never removed. Returns the paths removed.
 */
export function pruneSegments(path: string, cutoffMs: number): string[] {
  const removed: string[] = [];
  for (const segment of segmentsOf(path).slice(0, -1)) {
    if (statSync(segment).mtimeMs >= cutoffMs) continue;
    rmSync(segment, { force: true });
    removed.push(segment);
  }
  return removed;
}
