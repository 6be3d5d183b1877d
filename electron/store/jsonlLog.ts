import { closeSync, existsSync, fsyncSync, openSync, readFileSync, writeSync } from 'node:fs';

export interface JsonlReadResult<T> {
  records: T[];
  /** Lines that could not be used, with why: a torn last line after a crash, or a bad record. */
  problems: { line: number; reason: string }[];
}

/**
 * Append-only JSON Lines log (the incident timeline). Each append is one write of one line
 * followed by fsync, so a crash can at worst tear the last line; reading ignores such a line and
 * reports it instead of failing, and the next append starts on a fresh line.
 */
export function appendJsonl(path: string, record: unknown): void {
  const line = JSON.stringify(record) + '\n';
  const fd = openSync(path, 'a', 0o600);
  try {
    if (needsNewline(path)) writeSync(fd, '\n');
    writeSync(fd, line);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function needsNewline(path: string): boolean {
  if (!existsSync(path)) return false;
  const text = readFileSync(path);
  return text.length > 0 && text[text.length - 1] !== 0x0a;
}

export function readJsonl<T>(path: string, validate: (v: unknown) => T): JsonlReadResult<T> {
  if (!existsSync(path)) return { records: [], problems: [] };
  const lines = readFileSync(path, 'utf8').split('\n');
  const records: T[] = [];
  const problems: JsonlReadResult<T>['problems'] = [];
  lines.forEach((text, i) => {
    if (!text.trim()) return;
    try {
      records.push(validate(JSON.parse(text)));
    } catch (err) {
      const last = i === lines.length - 1 || lines.slice(i + 1).every((l) => !l.trim());
      problems.push({
        line: i + 1,
        reason: last
          ? 'torn last line (an interrupted write); ignored'
          : `unreadable record: ${(err as Error).message.split('\n')[0]}`,
      });
    }
  });
  return { records, problems };
}
