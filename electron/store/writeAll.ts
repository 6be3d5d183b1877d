import { writeSync } from 'node:fs';

/**
 * Writes every byte: a write may take only part of its buffer (a filling disk, a file size limit)
 * and say so only in its return value; stopping there would leave half a line behind a
 * "successful" append, or rename half a file over a good one.
 */
export function writeAll(fd: number, bytes: Uint8Array): void {
  for (let done = 0; done < bytes.length;) done += writeSync(fd, bytes, done, bytes.length - done);
}
