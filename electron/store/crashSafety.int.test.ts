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

/** Runs the writer, kills it with SIGKILL after `ms`, returns the highest sequence it reported as durable. */
function runAndKill(dir: string, from: number, ms: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [writer, dir, String(from)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), ms);
    child.on('exit', (_code, signal) => {
      clearTimeout(timer);
      if (signal !== 'SIGKILL') return reject(new Error(`writer exited by itself: ${err}`));
      const acked = [...out.matchAll(/acked (\d+)\n/g)].map((m) => Number(m[1]));
      resolve(acked.length ? acked[acked.length - 1]! : from);
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
    for (let run = 0; run < 100; run++) {
      const next = await runAndKill(dir, highestAcked, 60 + Math.floor(Math.random() * 60));
      highestAcked = Math.max(highestAcked, next);

      const snapshot = readJsonFile(join(dir, 'incident.json'), (v) => v as { revision: number });
      expect(snapshot.status).toBe('ok');
      if (snapshot.status === 'ok') expect(snapshot.value.revision).toBeGreaterThanOrEqual(highestAcked);

      const log = readJsonl(join(dir, 'timeline.jsonl'), (v) => v as { seq: number });
      for (const p of log.problems) expect(p.reason).toMatch(/torn last line/);
      tornSeen += log.problems.length;
      const seqs = new Set(log.records.map((r) => r.seq));
      for (let s = 1; s <= highestAcked; s++) {
        if (!seqs.has(s)) throw new Error(`acknowledged timeline event ${s} was lost after run ${run}`);
      }
      // The writer resumes after the last durable event, as the app would after a restart.
      highestAcked = Math.max(highestAcked, ...seqs);
    }
    expect(highestAcked).toBeGreaterThan(100);
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
