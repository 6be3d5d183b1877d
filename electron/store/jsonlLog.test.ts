import { appendFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appendJsonl, readJsonl } from './jsonlLog';

const fresh = () => join(mkdtempSync(join(tmpdir(), 'vigil-jsonl-')), 'timeline.jsonl');
const asSeq = (v: unknown) => {
  const r = v as { seq?: unknown };
  if (typeof r.seq !== 'number') throw new Error('no seq');
  return r as { seq: number };
};

describe('jsonlLog', () => {
  it('reads back what was appended, in order', () => {
    const p = fresh();
    appendJsonl(p, { seq: 1 });
    appendJsonl(p, { seq: 2 });
    expect(readJsonl(p, asSeq)).toEqual({ records: [{ seq: 1 }, { seq: 2 }], problems: [] });
  });

  it('ignores and reports a torn last line, and the next append starts on a fresh line', () => {
    const p = fresh();
    appendJsonl(p, { seq: 1 });
    appendFileSync(p, '{"seq": 2, "te');
    const torn = readJsonl(p, asSeq);
    expect(torn.records).toEqual([{ seq: 1 }]);
    expect(torn.problems).toEqual([{ line: 2, reason: 'torn last line (an interrupted write); ignored' }]);
    appendJsonl(p, { seq: 3 });
    const after = readJsonl(p, asSeq);
    expect(after.records).toEqual([{ seq: 1 }, { seq: 3 }]);
    expect(after.problems[0]!.reason).toMatch(/^torn line \(a write interrupted before a restart\)/);
    expect(readFileSync(p, 'utf8')).toContain('{"seq": 2, "te\n{"seq":3}');
  });

  it('reports a record that parses but is not valid, without dropping the others', () => {
    const p = fresh();
    appendJsonl(p, { seq: 1 });
    appendJsonl(p, { nope: true });
    appendJsonl(p, { seq: 3 });
    const r = readJsonl(p, asSeq);
    expect(r.records.map((x) => x.seq)).toEqual([1, 3]);
    expect(r.problems).toEqual([{ line: 2, reason: 'unreadable record: no seq' }]);
  });
});
