import { closeSync, existsSync, fstatSync, fsyncSync, openSync, readFileSync, readSync } from 'node:fs';
import { writeAll } from './writeAll';

export interface JsonlReadResult<T> {
  records: T[];
  /** Lines that could not be used, with why: a torn last line after a crash, or a bad record. */
  problems: { line: number; reason: string }[];
}

/**
 * Append-only JSON Lines log (the incident timeline). Each append is one line followed by fsync,
 * so a crash can at worst tear the last line; reading ignores such a line and reports it instead
 * of failing, and the next append starts on a fresh line. `write` is how the bytes reach the file
 * (all of them, by default); the crash test passes one that stops half-way.
 */
export function appendJsonl(
  path: string,
  record: unknown,
  write: (fd: number, text: string) => void = (fd, text) => writeAll(fd, Buffer.from(text)),
): void {
  const line = JSON.stringify(record) + '\n';
  const fd = openSync(path, 'a+', 0o600);
  try {
    if (endsInsideALine(fd)) writeAll(fd, Buffer.from('\n'));
    write(fd, line);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Whether the file's last byte is not a newline (a torn last line), reading that one byte only. */
function endsInsideALine(fd: number): boolean {
  const size = fstatSync(fd).size;
  if (size === 0) return false;
  const last = Buffer.alloc(1);
  readSync(fd, last, 0, 1, size - 1);
  return last[0] !== 0x0a;
}

export function readJsonl<T>(path: string, validate: (v: unknown) => T): JsonlReadResult<T> {
  if (!existsSync(path)) return { records: [], problems: [] };
  const lines = readFileSync(path, 'utf8').split('\n');
  const records: T[] = [];
  const problems: JsonlReadResult<T>['problems'] = [];
  lines.forEach((text, i) => {
    if (!text.trim()) return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      // Half a line: an interrupted write. Last in the file, or closed off by a later append.
      const last = i === lines.length - 1 || lines.slice(i + 1).every((l) => !l.trim());
      problems.push({
        line: i + 1,
        reason: last
          ? 'torn last line (an interrupted write); ignored'
          : 'torn line (a write interrupted before a restart); ignored',
      });
      return;
    }
    try {
      records.push(validate(parsed));
    } catch (err) {
      problems.push({ line: i + 1, reason: `unreadable record: ${(err as Error).message.split('\n')[0]}` });
    }
  });
  return { records, problems };
}
