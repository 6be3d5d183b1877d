import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { mkdir, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Incident } from '../../shared/domain/incident';
import { appendJsonlBatch } from './appendJsonlBatch';
import { readJsonFile, writeFileAtomic, writeFileAtomicAsync } from './atomicFile';
import { appendJsonl, type JsonlReadResult } from './jsonlLog';
import { pruneSegments, readJsonlSegments } from './jsonlSegments';
import { readValueCheckpoint, writeValueCheckpoint, type ValueCheckpoint } from './valueCheckpoint';
import { IncidentIdSchema } from '../../shared/ipc/incidentIdSchema';

// The contract's rule: a folder name, never `.`, `..` or anything path-like.
const SAFE_ID = { test: (id: string) => IncidentIdSchema.safeParse(id).success };

export interface IncidentStore {
  /** Every stored incident; unreadable files are quarantined and listed in `problems`. */
  loadAll(): { incidents: Incident[]; problems: string[] };
  /**
   * One stored incident (one that left the engine's memory), or null when it has no file; an
   * unreadable file is quarantined like at start and the problem returned in words.
   */
  load(incidentId: string): { incident: Incident | null; problem?: string };
  save(incident: Incident): void;
  appendTimeline(incidentId: string, event: unknown): void;
  /** save, off the event loop (the incident writer's path). */
  saveAsync(incident: Incident): Promise<void>;
  /** Appends events to one incident's timeline with one write and one fsync, off the event loop. */
  appendTimelineBatch(incidentId: string, events: readonly unknown[]): Promise<void>;
  appendNotificationBatch(records: readonly unknown[]): Promise<void>;
  /** The drifting alert values saved between state changes (valueCheckpoint.ts). */
  readValueCheckpoint(): { checkpoint: ValueCheckpoint | null; problem?: string };
  writeValueCheckpoint(checkpoint: ValueCheckpoint): Promise<void>;
  readTimeline<T>(incidentId: string, validate: (v: unknown) => T): JsonlReadResult<T>;
  /** Every desktop notification sent, for the fatigue report (`notifications.jsonl`). */
  appendNotification(record: unknown): void;
  readNotifications<T>(validate: (v: unknown) => T): JsonlReadResult<T>;
  /** Directory of one incident (post-mortems and runbook progress live beside it). */
  dirOf(incidentId: string): string;
  /**
   * The ids of the incident folders on disk, sorted, whatever their incident.json holds: missing,
   * quarantined as unreadable, or an incident that left memory. The post-mortems are listed from
   * these, so a post-mortem never disappears with its incident file.
   */
  idsOnDisk(): Promise<string[]>;
  /**
   * Removes the given incidents' folders when they resolved more than `retentionDays` ago, except
   * those with a post-mortem, which are the user's own writing, and notification log segments
   * older than that. Returns the ids removed.
   */
  prune(incidents: readonly Incident[], retentionDays: number, now: number): string[];
}

/** Logs rotate past this size (jsonlSegments.ts): an append never works on an ever-growing file. */
export const LOG_ROTATE_BYTES = 4 * 1024 * 1024;

/**
 * `<dataDir>/incidents/<id>/incident.json` (atomic writes) and `timeline.jsonl` (append-only),
 * and `<dataDir>/notifications.jsonl`; both logs rotate (read back as one by readJsonlSegments).
 */
export function openIncidentStore(dataDir: string, now: () => Date = () => new Date()): IncidentStore {
  const root = join(dataDir, 'incidents');
  mkdirSync(root, { recursive: true, mode: 0o700 });

  const dirOf = (id: string) => {
    if (!SAFE_ID.test(id)) throw new Error(`unsafe incident id ${JSON.stringify(id)}`);
    return join(root, id);
  };
  const ensureDir = (id: string) => {
    const d = dirOf(id);
    mkdirSync(d, { recursive: true, mode: 0o700 });
    return d;
  };

  const ensureDirAsync = async (id: string) => {
    const d = dirOf(id);
    await mkdir(d, { recursive: true, mode: 0o700 });
    return d;
  };
  const notifications = join(dataDir, 'notifications.jsonl');
  const rotate = () => ({ rotateAtBytes: LOG_ROTATE_BYTES, now: now() });

  const store: IncidentStore = {
    loadAll() {
      const incidents: Incident[] = [];
      const problems: string[] = [];
      for (const name of readdirSync(root)) {
        if (!SAFE_ID.test(name) || !statSync(join(root, name)).isDirectory()) continue;
        const file = join(root, name, 'incident.json');
        const r = readJsonFile(file, (v) => Incident.parse(v), now());
        if (r.status === 'ok') incidents.push(r.value);
        else if (r.status === 'quarantined') {
          problems.push(`Incident file ${file} could not be read (${r.reason}); it was kept as ${r.movedTo}.`);
        }
      }
      return { incidents, problems };
    },
    load(incidentId) {
      const file = join(dirOf(incidentId), 'incident.json');
      const r = readJsonFile(file, (v) => Incident.parse(v), now());
      if (r.status === 'ok') return { incident: r.value };
      if (r.status === 'missing') return { incident: null };
      return {
        incident: null,
        problem: `Incident file ${file} could not be read (${r.reason}); it was kept as ${r.movedTo}.`,
      };
    },
    save(incident) {
      writeFileAtomic(join(ensureDir(incident.id), 'incident.json'), JSON.stringify(incident));
    },
    appendTimeline(incidentId, event) {
      appendJsonl(join(ensureDir(incidentId), 'timeline.jsonl'), event);
    },
    async saveAsync(incident) {
      await writeFileAtomicAsync(join(await ensureDirAsync(incident.id), 'incident.json'), JSON.stringify(incident));
    },
    async appendTimelineBatch(incidentId, events) {
      await appendJsonlBatch(join(await ensureDirAsync(incidentId), 'timeline.jsonl'), events, rotate());
    },
    readValueCheckpoint: () => readValueCheckpoint(dataDir),
    writeValueCheckpoint: (checkpoint) => writeValueCheckpoint(dataDir, checkpoint),
    appendNotification(record) {
      appendJsonl(notifications, record);
    },
    appendNotificationBatch: (records) => appendJsonlBatch(notifications, records, rotate()),
    readNotifications(validate) {
      return readJsonlSegments(notifications, validate);
    },
    readTimeline(incidentId, validate) {
      return readJsonlSegments(join(dirOf(incidentId), 'timeline.jsonl'), validate);
    },
    dirOf,
    async idsOnDisk() {
      const ids: string[] = [];
      for (const entry of await readdir(root, { withFileTypes: true })) {
        if (!SAFE_ID.test(entry.name)) continue;
        // As loadAll: a symbolic link to a folder counts as the folder.
        const isDir =
          entry.isDirectory() ||
          (entry.isSymbolicLink() && (await stat(join(root, entry.name)).catch(() => null))?.isDirectory() === true);
        if (isDir) ids.push(entry.name);
      }
      return ids.sort();
    },
    prune(incidents, retentionDays, nowMs) {
      const cutoff = nowMs - retentionDays * 86_400_000;
      const removed: string[] = [];
      for (const inc of incidents) {
        if (inc.state !== 'resolved' || !inc.resolvedAt || Date.parse(inc.resolvedAt) >= cutoff) continue;
        const dir = dirOf(inc.id);
        if (existsSync(join(dir, 'postmortem.md')) || existsSync(join(dir, 'postmortem.json'))) continue;
        // A file kept aside (unreadable, or not UTF-8) is never deleted: the folder stays with it.
        if (holdsKeptAside(dir)) continue;
        rmSync(dir, { recursive: true, force: true });
        removed.push(inc.id);
      }
      pruneSegments(notifications, cutoff);
      return removed;
    },
  };
  return store;
}

/** A file Vigil kept aside in the folder: `<name>.corrupt-<time>` or `postmortem.md.not-utf8-<time>`. */
function holdsKeptAside(dir: string): boolean {
  try {
    return readdirSync(dir).some((name) => /\.(corrupt|not-utf8)-/.test(name));
  } catch {
    return false;
  }
}
