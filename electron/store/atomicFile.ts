import { closeSync, fsyncSync, openSync, renameSync, existsSync, readFileSync, unlinkSync } from 'node:fs';
import { open, rename, unlink } from 'node:fs/promises';
import { dirname, basename, join } from 'node:path';
import { writeAll } from './writeAll';

const tempPathOf = (path: string) => join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);

/**
 * Writes a file so that a crash at any moment leaves either the old or the new content, never a
 * mix: write a temp file beside it, fsync it, rename it over the target, fsync the directory.
 */
export function writeFileAtomic(path: string, content: string): void {
  const tmp = tempPathOf(path);
  const fd = openSync(tmp, 'w', 0o600);
  try {
    writeAll(fd, Buffer.from(content));
    fsyncSync(fd);
  } catch (err) {
    closeSync(fd);
    tryUnlink(tmp);
    throw err;
  }
  closeSync(fd);
  try {
    renameSync(tmp, path);
  } catch (err) {
    tryUnlink(tmp);
    throw err;
  }
  fsyncDir(dirname(path));
}

let asyncTemps = 0;

/**
 * The same guarantee as writeFileAtomic, without blocking the event loop: the writes and fsyncs
 * run on libuv's thread pool, so a storm's snapshots never hold up the bridge or IPC.
 */
export async function writeFileAtomicAsync(path: string, content: string): Promise<void> {
  // Two writes of one file can be in flight at once here: each gets its own temp file.
  const tmp = `${tempPathOf(path)}.${++asyncTemps}`;
  const file = await open(tmp, 'w', 0o600);
  try {
    await file.writeFile(content);
    await file.sync();
  } catch (err) {
    await file.close();
    await unlink(tmp).catch(() => {});
    throw err;
  }
  await file.close();
  try {
    await rename(tmp, path);
  } catch (err) {
    await unlink(tmp).catch(() => {});
    throw err;
  }
  await fsyncDirAsync(dirname(path));
}

async function fsyncDirAsync(dir: string) {
  try {
    const fd = await open(dir, 'r');
    try {
      await fd.sync();
    } finally {
      await fd.close();
    }
  } catch {
    // As fsyncDir: some platforms cannot open a directory.
  }
}

function fsyncDir(dir: string) {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Some platforms (Windows) cannot open a directory; rename is still atomic there.
  }
}

function tryUnlink(p: string) {
  try {
    unlinkSync(p);
  } catch {
    // already gone
  }
}

/** A time as it goes into a file name: 2026-12-04T20-30-00-000Z (sorts by time, no colons). */
export function fileStamp(at: Date): string {
  return at.toISOString().replace(/[:.]/g, '-');
}

/**
 * Moves a file that cannot be used aside as `<name>.corrupt-<time>`: never deleted, so nothing
 * the user wrote is lost, and reported by the caller.
 */
export function quarantine(path: string, now: Date = new Date()): string {
  const aside = `${path}.corrupt-${fileStamp(now)}`;
  renameSync(path, aside);
  return aside;
}

export type ReadJsonResult<T> =
  { status: 'missing' } | { status: 'ok'; value: T } | { status: 'quarantined'; movedTo: string; reason: string };

/** Reads and validates a JSON file; one that does not parse or validate is quarantined. */
export function readJsonFile<T>(path: string, validate: (v: unknown) => T, now?: Date): ReadJsonResult<T> {
  if (!existsSync(path)) return { status: 'missing' };
  let reason: string;
  try {
    return { status: 'ok', value: validate(JSON.parse(readFileSync(path, 'utf8'))) };
  } catch (err) {
    reason = (err as Error).message.split('\n')[0]!;
  }
  return { status: 'quarantined', movedTo: quarantine(path, now), reason };
}
