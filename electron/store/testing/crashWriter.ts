// Child process for the crash-safety test: writes incident snapshots atomically and appends
// timeline events through the app's write path (the asynchronous writes of the incident writer),
// printing "acked <n>" to stdout after each append is durable (fsync returned), until it is killed
// with SIGKILL.
//
// Linux finishes one write() to a regular file before a SIGKILL takes effect, so an append made
// of one write cannot be torn by a kill; a torn line comes from an append that needed more than
// one write (a short write when the disk fills, a power cut). Started with "split", the writer
// writes every fifth event that way, in two halves with "half <n>" printed between them and a
// pause there, so the test can kill it inside the line and see what the next start makes of it.
import type { FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { appendJsonlBatch } from '../appendJsonlBatch';
import { writeFileAtomicAsync } from '../atomicFile';

const dir = process.argv[2]!;
let n = Number(process.argv[3] ?? 0);
const split = process.argv[4] === 'split';
const pause = new Int32Array(new SharedArrayBuffer(4));

/** Writes the line in two writes, stopping between them long enough to be killed there. */
const inTwoWrites = async (file: FileHandle, text: string) => {
  const bytes = Buffer.from(text);
  await file.appendFile(bytes.subarray(0, bytes.length >> 1));
  process.stdout.write(`half ${n}\n`);
  Atomics.wait(pause, 0, 0, 2000);
  await file.appendFile(bytes.subarray(bytes.length >> 1));
};

for (;;) {
  n++;
  await writeFileAtomicAsync(
    join(dir, 'incident.json'),
    JSON.stringify({ id: 'inc-1', revision: n, padding: 'x'.repeat(20_000) }),
  );
  const event = { seq: n, kind: 'note', text: `event ${n} `.repeat(40) };
  await appendJsonlBatch(join(dir, 'timeline.jsonl'), [event], {
    write: split && n % 5 === 0 ? inTwoWrites : undefined,
  });
  process.stdout.write(`acked ${n}\n`);
}
