// Child process for the crash-safety test: writes incident snapshots atomically and appends
// timeline events as fast as it can, printing "acked <n>" to stdout after each append is
// durable (fsync returned), until it is killed with SIGKILL at a random moment.
import { join } from 'node:path';
import { writeFileAtomic } from '../atomicFile';
import { appendJsonl } from '../jsonlLog';

const dir = process.argv[2]!;
let n = Number(process.argv[3] ?? 0);
for (;;) {
  n++;
  writeFileAtomic(
    join(dir, 'incident.json'),
    JSON.stringify({ id: 'inc-1', revision: n, padding: 'x'.repeat(20_000) }),
  );
  appendJsonl(join(dir, 'timeline.jsonl'), { seq: n, kind: 'note', text: `event ${n} `.repeat(40) });
  process.stdout.write(`acked ${n}\n`);
}
