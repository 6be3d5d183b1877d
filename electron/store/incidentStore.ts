import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Incident } from '../../shared/domain/incident';
import { readJsonFile, writeFileAtomic } from './atomicFile';
import { appendJsonl, readJsonl, type JsonlReadResult } from './jsonlLog';
import { IncidentIdSchema } from '../../shared/ipc/incidentIdSchema';

// The contract's rule: a folder name, never `.`, `..` or anything path-like.
const SAFE_ID = { test: (id: string) => IncidentIdSchema.safeParse(id).success };

export interface IncidentStore {
  /** Every stored incident; unreadable files are quarantined and listed in `problems`. */
  loadAll(): { incidents: Incident[]; problems: string[] };
  save(incident: Incident): void;
  appendTimeline(incidentId: string, event: unknown): void;
  readTimeline<T>(incidentId: string, validate: (v: unknown) => T): JsonlReadResult<T>;
  /** Every desktop notification sent, for the fatigue report (`notifications.jsonl`). */
  appendNotification(record: unknown): void;
  readNotifications<T>(validate: (v: unknown) => T): JsonlReadResult<T>;
  /** Directory of one incident (post-mortems and runbook progress live beside it). */
  dirOf(incidentId: string): string;
  /**
   * Removes the given incidents' folders when they resolved more than `retentionDays` ago, except
   * those with a post-mortem, which are the user's own writing. Returns the ids removed.
   */
  prune(incidents: readonly Incident[], retentionDays: number, now: number): string[];
}

/**
 * `<dataDir>/incidents/<id>/incident.json` (atomic writes) and `timeline.jsonl` (append-only).
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
    save(incident) {
      writeFileAtomic(join(ensureDir(incident.id), 'incident.json'), JSON.stringify(incident));
    },
    appendTimeline(incidentId, event) {
      appendJsonl(join(ensureDir(incidentId), 'timeline.jsonl'), event);
    },
    appendNotification(record) {
      appendJsonl(join(dataDir, 'notifications.jsonl'), record);
    },
    readNotifications(validate) {
      return readJsonl(join(dataDir, 'notifications.jsonl'), validate);
    },
    readTimeline(incidentId, validate) {
      return readJsonl(join(dirOf(incidentId), 'timeline.jsonl'), validate);
    },
    dirOf,
    prune(incidents, retentionDays, nowMs) {
      const cutoff = nowMs - retentionDays * 86_400_000;
      const removed: string[] = [];
      for (const inc of incidents) {
        if (inc.state !== 'resolved' || !inc.resolvedAt || Date.parse(inc.resolvedAt) >= cutoff) continue;
        const dir = dirOf(inc.id);
        if (existsSync(join(dir, 'postmortem.md')) || existsSync(join(dir, 'postmortem.json'))) continue;
        rmSync(dir, { recursive: true, force: true });
        removed.push(inc.id);
      }
      return removed;
    },
  };
  return store;
}
