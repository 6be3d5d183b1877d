import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readJsonFile } from './atomicFile';
import { readJsonl } from './jsonlLog';

let work: string;
let writer: string;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'vigil-crash-'));
  writer = join(work, 'crashWriter.mjs');
  // Bundled once so each of the 100 runs starts in milliseconds.
  await build({
    entryPoints: ['electron/store/testing/crashWriter.ts'],
    outfile: writer,
    bundle: true,
    platform: 'node',
    format: 'esm',
    logLevel: 'silent',
  });
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

/**
 * Runs the writer from `from` and kills it with SIGKILL: inside a line being written ("half <n>"),
 * or once it has made `acks` events durable (0: as soon as it runs, possibly before its first
 * write). Returns the highest sequence the writer reported as durable.
 */
function runAndKill(dir: string, from: number, at: { insideALine: boolean; acks: number }): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [writer, dir, String(from), at.insideALine ? 'split' : 'whole'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    const acked = () => [...out.matchAll(/acked (\d+)\n/g)].map((m) => Number(m[1]));
    if (!at.insideALine && at.acks === 0) child.kill('SIGKILL');
    child.stdout.on('data', (d) => {
      out += d;
      if (at.insideALine ? /half \d+\n/.test(out) : acked().length >= at.acks) child.kill('SIGKILL');
    });
    child.stderr.on('data', (d) => (err += d));
    child.on('exit', (_code, signal) => {
      if (signal !== 'SIGKILL') return reject(new Error(`writer exited by itself: ${err}`));
      const seen = acked();
      resolve(seen.length ? seen[seen.length - 1]! : from);
    });
  });
}

describe('crash safety of incident files and the timeline (SIGKILL mid-write, 100 times)', () => {
  it('leaves every file parseable or quarantined and loses no acknowledged event', async () => {
    const dir = join(work, 'incident');
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir);
    let highestAcked = 0;
    let tornSeen = 0;
    let killedInsideALine = 0;
    for (let run = 0; run < 100; run++) {
      // Every third run is killed inside a timeline line; the others after 0-7 durable events,
      // which lands the kill anywhere in the next snapshot or append (or before anything, at 0).
      const insideALine = run % 3 === 1;
      const next = await runAndKill(dir, highestAcked, { insideALine, acks: Math.floor(Math.random() * 8) });
      if (insideALine) killedInsideALine++;
      highestAcked = Math.max(highestAcked, next);

      const snapshot = readJsonFile(join(dir, 'incident.json'), (v) => v as { revision: number });
      // Killed before its first write, the writer leaves no file, and nothing was acknowledged.
      if (snapshot.status === 'missing') expect(highestAcked).toBe(0);
      else expect(snapshot.status).toBe('ok');
      if (snapshot.status === 'ok') expect(snapshot.value.revision).toBeGreaterThanOrEqual(highestAcked);

      const log = readJsonl(join(dir, 'timeline.jsonl'), (v) => v as { seq: number });
      // A torn line is never mistaken for anything else: last, or closed off by a later start.
      for (const p of log.problems) expect(p.reason).toMatch(/^torn (last )?line/);
      if (insideALine) {
        expect(log.problems.at(-1)?.reason).toMatch(/^torn last line/);
        tornSeen++;
      }
      const seqs = new Set(log.records.map((r) => r.seq));
      for (let s = 1; s <= highestAcked; s++) {
        if (!seqs.has(s)) throw new Error(`acknowledged timeline event ${s} was lost after run ${run}`);
      }
      // The writer resumes after the last durable event, as the app would after a restart.
      highestAcked = Math.max(highestAcked, ...seqs);
    }
    expect(highestAcked).toBeGreaterThan(100);
    // Every kill inside a line left a torn line, seen, kept and read past by the following starts.
    expect(killedInsideALine).toBeGreaterThan(30);
    expect(tornSeen).toBe(killedInsideALine);
    const final = readJsonl(join(dir, 'timeline.jsonl'), (v) => v as { seq: number });
    expect(final.problems.length).toBeGreaterThanOrEqual(killedInsideALine);
    // No temp files are left behind to be mistaken for data: only the two files and temp leftovers of killed writes.
    const names = readdirSync(dir).filter((f) => !f.startsWith('.'));
    expect(names.sort()).toEqual(['incident.json', 'timeline.jsonl']);
    console.log(
      `crash test: ${highestAcked} events durable across 100 kills; ${tornSeen} torn last lines seen and ignored`,
    );
  }, 120_000);

  it('quarantines an incident file that does not parse instead of deleting it', () => {
    const dir = mkdtempSync(join(work, 'q-'));
    const path = join(dir, 'incident.json');
    writeFileSync(path, '{"id": "inc-1", "rev');
    const r = readJsonFile(path, (v) => v, new Date('2026-11-24T22:41:00Z'));
    expect(r).toMatchObject({ status: 'quarantined', movedTo: `${path}.corrupt-2026-11-24T22-41-00-000Z` });
    expect(existsSync(path)).toBe(false);
    expect(readFileSync(`${path}.corrupt-2026-11-24T22-41-00-000Z`, 'utf8')).toBe('{"id": "inc-1", "rev');
  });
});
