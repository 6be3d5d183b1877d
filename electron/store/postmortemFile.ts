import { closeSync, existsSync, fsyncSync, openSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileStamp } from './atomicFile';

/**
 * Reading a post-mortem file as the person left it: absent, unreadable (why, in words), or its
 * bytes and text, with bytes that are not UTF-8 read as Windows-1252; and keeping such bytes
 * beside it before Vigil writes over them. postmortemService.ts decides what to do with each.
 */
export const POSTMORTEM_FILE = 'postmortem.md';
/** A copy of a post-mortem's original bytes when they are not UTF-8: `postmortem.md.not-utf8-<time>`. */
export const NOT_UTF8_COPY_PREFIX = `${POSTMORTEM_FILE}.not-utf8-`;

const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const UTF8 = new TextDecoder('utf-8', { ignoreBOM: true });
/**
 * Windows-1252's characters for 0x80-0x9F (its five unassigned bytes as the C1 controls, as the
 * WHATWG decoder reads them); the other bytes are Latin-1's. Written out because Node 20's
 * TextDecoder('windows-1252') reads these as Latin-1's C1 controls.
 */
const CP1252_80_9F = '€\x81‚ƒ„…†‡ˆ‰Š‹Œ\x8dŽ\x8f\x90‘’“”•–—˜™š›œ\x9džŸ';
/** A byte that is not UTF-8, as Windows-1252 (a superset of Latin-1) reads it. */
const cp1252 = (b: number) => (b >= 0x80 && b < 0xa0 ? CP1252_80_9F[b - 0x80]! : String.fromCharCode(b));

/** The length of the well-formed UTF-8 sequence at `i`, or 0 when the byte there starts none. */
function utf8SequenceAt(b: Uint8Array, i: number): number {
  const c = b[i]!;
  if (c < 0x80) return 1;
  const cont = (k: number, lo = 0x80, hi = 0xbf) => i + k < b.length && b[i + k]! >= lo && b[i + k]! <= hi;
  if (c >= 0xc2 && c <= 0xdf) return cont(1) ? 2 : 0;
  if (c >= 0xe0 && c <= 0xef) return cont(1, c === 0xe0 ? 0xa0 : 0x80, c === 0xed ? 0x9f : 0xbf) && cont(2) ? 3 : 0;
  if (c >= 0xf0 && c <= 0xf4) {
    return cont(1, c === 0xf0 ? 0x90 : 0x80, c === 0xf4 ? 0x8f : 0xbf) && cont(2) && cont(3) ? 4 : 0;
  }
  return 0;
}

export interface DecodedPostMortem {
  text: string;
  /** Null when the file is UTF-8; else how many bytes are not, and the line of the first. */
  notUtf8: { bytes: number; firstLine: number } | null;
}

/**
 * A post-mortem file's text. Vigil writes UTF-8; a file edited elsewhere (a Latin-1 editor) may
 * hold bytes that are not: those are read as Windows-1252 (a superset of Latin-1), each on its
 * own, and the UTF-8 around them as UTF-8, so "Café" written either way reads as "Café".
 */
export function decodePostMortem(bytes: Uint8Array): DecodedPostMortem {
  try {
    return { text: STRICT_UTF8.decode(bytes), notUtf8: null };
  } catch {
    // Below: mixed or not UTF-8 at all.
  }
  let text = '';
  let start = 0;
  let count = 0;
  let firstAt = -1;
  for (let i = 0; i < bytes.length;) {
    const n = utf8SequenceAt(bytes, i);
    if (n > 0) {
      i += n;
      continue;
    }
    text += UTF8.decode(bytes.subarray(start, i)) + cp1252(bytes[i]!);
    count++;
    if (firstAt < 0) firstAt = i;
    start = ++i;
  }
  text += UTF8.decode(bytes.subarray(start));
  const firstLine = bytes.subarray(0, firstAt).reduce((lines, b) => (b === 0x0a ? lines + 1 : lines), 1);
  return { text, notUtf8: { bytes: count, firstLine } };
}

const READ_ERROR_WORDS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'the operation is not permitted',
  EISDIR: 'it is a folder, not a file',
  EIO: 'the disk reported an input/output error',
  ELOOP: 'it is a loop of symbolic links',
  EMFILE: 'too many files are open',
  ENFILE: 'too many files are open',
};

/** Why a file cannot be read, in words: "permission denied (EACCES)". */
export function whyNot(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  const words = code ? READ_ERROR_WORDS[code] : undefined;
  if (words) return `${words} (${code})`;
  return code ?? (err as Error).message;
}

/** What the person sees when a post-mortem cannot be read: the path, why, and what to do. */
function cannotReadProblem(path: string, err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  const fix =
    code === 'EACCES' || code === 'EPERM'
      ? ` Give your user read and write access to it (for example: chmod u+rw "${path}") and it opens again.`
      : '';
  return `Vigil cannot read ${path}: ${whyNot(err)}. Vigil has not changed or moved it.${fix}`;
}

export type StoredRead =
  | { kind: 'missing' }
  | { kind: 'unreadable'; problem: string }
  | { kind: 'ok'; bytes: Buffer; decoded: DecodedPostMortem };

/** The post-mortem at `path`: absent, unreadable (the problem in words), or its bytes and text. */
export function readStored(path: string): StoredRead {
  // Most incident folders hold no post-mortem: a look first, not an exception each (a storm leaves
  // thousands of folders, and the list is read on every change).
  if (!existsSync(path)) return { kind: 'missing' };
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { kind: 'missing' };
    return { kind: 'unreadable', problem: cannotReadProblem(path, err) };
  }
  return { kind: 'ok', bytes, decoded: decodePostMortem(bytes) };
}

/**
 * Keeps the original bytes of a post-mortem that is not UTF-8 beside it, before anything
 * overwrites them: returns the copy (an identical one already kept, or a new one, never over
 * another file). Throws when it cannot write one.
 */
export function keepOriginalPostMortemBytes(
  path: string,
  bytes: Buffer,
  now: number,
  log: (line: string) => void,
): string {
  const dir = dirname(path);
  for (const name of readdirSync(dir)
    .filter((n) => n.startsWith(NOT_UTF8_COPY_PREFIX))
    .sort()) {
    try {
      if (readFileSync(join(dir, name)).equals(bytes)) return join(dir, name);
    } catch {
      // Not a copy Vigil can compare with: make another.
    }
  }
  const stamp = fileStamp(new Date(now));
  for (let n = 1; ; n++) {
    const copy = join(dir, `${NOT_UTF8_COPY_PREFIX}${stamp}${n > 1 ? `-${n}` : ''}`);
    let fd: number;
    try {
      fd = openSync(copy, 'wx', 0o600);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST' && n < 100) continue;
      throw err;
    }
    try {
      writeFileSync(fd, bytes);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    log(`${path} is not UTF-8: its original bytes are kept as ${copy}`);
    return copy;
  }
}
