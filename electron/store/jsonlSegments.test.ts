import { mkdtempSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appendJsonlBatch } from './appendJsonlBatch';
import { pruneSegments, readJsonlSegments } from './jsonlSegments';

const fresh = () => mkdtempSync(join(tmpdir(), 'vigil-jsonl-'));
const at = (minute: number) => new Date(Date.UTC(2026, 11, 4, 20, minute));

describe('rotating JSON Lines logs', () => {
  it('appends a batch as lines, closing off a torn last line first', async () => {
    const path = join(fresh(), 'notifications.jsonl');
    writeFileSync(path, '{"n":1}\n{"n":2, "torn');
    await appendJsonlBatch(path, [{ n: 3 }, { n: 4 }]);
    expect(readFileSync(path, 'utf8')).toBe('{"n":1}\n{"n":2, "torn\n{"n":3}\n{"n":4}\n');
    const r = readJsonlSegments(path, (v) => v as { n: number });
    expect(r.records.map((x) => x.n)).toEqual([1, 3, 4]);
    expect(r.problems).toEqual([{ line: 2, reason: expect.stringMatching(/^torn line/) }]);
  });

  it('rotates a log past its size into a dated segment and reads every segment back in order', async () => {
    const dir = fresh();
    const path = join(dir, 'notifications.jsonl');
    const opts = (minute: number) => ({ rotateAtBytes: 40, now: at(minute) });
    await appendJsonlBatch(path, [{ n: 1, pad: 'x'.repeat(30) }], opts(0)); // 1 line, past 40 bytes
    await appendJsonlBatch(path, [{ n: 2 }], opts(1)); // rotates first
    await appendJsonlBatch(path, [{ n: 3 }], opts(2)); // below the size: same file
    await appendJsonlBatch(path, [{ n: 4, pad: 'y'.repeat(40) }], opts(3));
    await appendJsonlBatch(path, [{ n: 5 }], opts(4)); // rotates again
    expect(readdirSync(dir).sort()).toEqual([
      'notifications.jsonl',
      'notifications.jsonl.2026-12-04T20-01-00-000Z',
      'notifications.jsonl.2026-12-04T20-04-00-000Z',
    ]);
    expect(readFileSync(path, 'utf8')).toBe('{"n":5}\n');
    const r = readJsonlSegments(path, (v) => v as { n: number });
    expect(r.records.map((x) => x.n)).toEqual([1, 2, 3, 4, 5]);
  });

  it('prunes archive segments older than the cutoff, never the live log or a quarantined file', async () => {
    const dir = fresh();
    const path = join(dir, 'notifications.jsonl');
    await appendJsonlBatch(path, [{ n: 1, pad: 'x'.repeat(50) }], { rotateAtBytes: 40, now: at(0) });
    await appendJsonlBatch(path, [{ n: 2, pad: 'x'.repeat(50) }], { rotateAtBytes: 40, now: at(1) });
    await appendJsonlBatch(path, [{ n: 3 }], { rotateAtBytes: 40, now: at(2) });
    const [older, newer] = readdirSync(dir)
      .filter((f) => f !== 'notifications.jsonl')
      .sort();
    utimesSync(join(dir, older!), at(0), at(0));
    utimesSync(join(dir, newer!), at(30), at(30));
    utimesSync(path, at(0), at(0));
    writeFileSync(`${path}.corrupt-2026-12-04T20-00-00-000Z`, 'kept');
    expect(pruneSegments(path, at(10).getTime())).toEqual([join(dir, older!)]);
    expect(readdirSync(dir).sort()).toEqual([
      'notifications.jsonl',
      'notifications.jsonl.2026-12-04T20-02-00-000Z',
      'notifications.jsonl.corrupt-2026-12-04T20-00-00-000Z',
    ]);
  });
});
