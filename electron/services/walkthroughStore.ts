import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { UserFacingError } from '../../shared/ipc/callHandler';
import { CheckRunView } from '../../shared/ipc/runbookContract';
import type { Runbook } from '../../shared/runbooks/runbookModel';
import { restoreWalkthrough } from '../../shared/runbooks/walkthrough';
import { readJsonFile, writeFileAtomic } from '../store/atomicFile';

const FILE = 'runbook.json';

/** One walkthrough as `runbook.json` keeps it. */
export const SavedWalkthrough = z.object({
  runbookId: z.string(),
  // Validated (and adapted to the current file) by restoreWalkthrough, which knows the runbook.
  state: z.unknown(),
  checkRuns: z.record(z.string(), CheckRunView).default({}),
});
export type SavedWalkthrough = z.infer<typeof SavedWalkthrough>;

/** What runbook.json holds: the walkthrough in progress, earlier ones, and the event counter. */
export const SavedRunbooks = z.object({
  version: z.literal(1),
  /** Next timeline event number: ids stay unique across restarts and runbook switches. */
  eventSeq: z.number().int().nonnegative(),
  current: SavedWalkthrough.nullable(),
  /** Walkthroughs replaced by another runbook: kept for the post-mortem's suggestions. */
  earlier: z.array(SavedWalkthrough).default([]),
});
export type SavedRunbooks = z.infer<typeof SavedRunbooks>;
const EMPTY: SavedRunbooks = { version: 1, eventSeq: 0, current: null, earlier: [] };

export interface WalkthroughStoreOptions {
  incidentDir: (incidentId: string) => string;
  now: () => number;
  notice: (message: string) => void;
}

export interface WalkthroughStore {
  /** The incident's saved walkthroughs; an unreadable file is kept aside and `problem` says so. */
  load(incidentId: string): { saved: SavedRunbooks; problem: string | null };
  /** Writes atomically; throws a UserFacingError (nothing recorded) when the disk refuses. */
  save(incidentId: string, saved: SavedRunbooks): void;
  /** Incidents whose walkthrough files are loaded, for the timebox ticker. */
  loaded(): Iterable<[string, SavedRunbooks]>;
}

/**
 * Runbook progress beside each incident (`incidents/<id>/runbook.json`). The file is the truth;
 * the cache saves re-reading it on every view.
 */
export function createWalkthroughStore(opts: WalkthroughStoreOptions): WalkthroughStore {
  const cache = new Map<string, { saved: SavedRunbooks; problem: string | null }>();

  function load(incidentId: string): { saved: SavedRunbooks; problem: string | null } {
    const hit = cache.get(incidentId);
    if (hit) return hit;
    const path = join(opts.incidentDir(incidentId), FILE);
    const read = readJsonFile(path, (v) => SavedRunbooks.parse(v), new Date(opts.now()));
    let entry: { saved: SavedRunbooks; problem: string | null };
    if (read.status === 'ok') entry = { saved: read.value, problem: null };
    else if (read.status === 'missing') entry = { saved: EMPTY, problem: null };
    else {
      const problem = `The runbook progress of this incident could not be read (${read.reason}); it was kept as ${read.movedTo}.`;
      opts.notice(problem);
      entry = { saved: EMPTY, problem };
    }
    cache.set(incidentId, entry);
    return entry;
  }

  function save(incidentId: string, saved: SavedRunbooks): void {
    const dir = opts.incidentDir(incidentId);
    try {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      writeFileAtomic(join(dir, FILE), JSON.stringify(saved));
    } catch (err) {
      throw new UserFacingError(
        `Could not save the runbook progress (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); nothing was recorded. Check free disk space.`,
      );
    }
    cache.set(incidentId, { saved, problem: null });
  }

  function* loaded(): Iterable<[string, SavedRunbooks]> {
    for (const [id, { saved }] of cache) yield [id, saved];
  }

  return { load, save, loaded };
}

/** The walkthrough as it stands for the current runbook file, or why it cannot be read. */
export function restoredWalkthrough(w: SavedWalkthrough, runbook: Runbook) {
  return restoreWalkthrough(JSON.stringify(w.state), runbook);
}
