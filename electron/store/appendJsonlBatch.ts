import { open, rename, type FileHandle } from 'node:fs/promises';
import { archiveNameOf } from './jsonlSegments';

export interface AppendBatchOptions {
  /**
   * A file already past this size is first renamed to an archive segment beside it
   * (jsonlSegments.ts) and the batch starts a new file: a log never grows without bound.
   */
  rotateAtBytes?: number;
  /** When the batch lands (names the archive segment). */
  now?: Date;
  /** How the bytes reach the file; the crash test passes one that stops half-way. */
  write?: (file: FileHandle, text: string) => Promise<void>;
}

/**
 * Appends many records with one open, one write and one fsync, off the event loop (libuv's
 * thread pool). Only the file's size and last byte are read, never its content, so an append
 * costs the same on a long log as on a new one. Crash safety is appendJsonl's.
 */
export async function appendJsonlBatch(
  path: string,
  records: readonly unknown[],
  opts: AppendBatchOptions = {},
): Promise<void> {
  if (!records.length) return;
  let text = '';
  for (const r of records) text += JSON.stringify(r) + '\n';
  let file = await open(path, 'a+', 0o600);
  try {
    let size = (await file.stat()).size;
    if (opts.rotateAtBytes !== undefined && size >= opts.rotateAtBytes) {
      await file.close();
      await rename(path, archiveNameOf(path, opts.now ?? new Date()));
      file = await open(path, 'a+', 0o600);
      size = 0;
    }
    if (size > 0) {
      const last = Buffer.alloc(1);
      await file.read(last, 0, 1, size - 1);
      if (last[0] !== 0x0a) text = '\n' + text;
    }
    await (opts.write ? opts.write(file, text) : file.appendFile(text));
    await file.sync();
  } finally {
    await file.close();
  }
}
