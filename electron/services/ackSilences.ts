import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { Incident } from '../../shared/domain/incident';
import { formatAckComment } from '../../shared/incidents/ackSilenceComment';
import { defaultPreferences } from '../../shared/ipc/preferencesContract';
import type { AlertmanagerSource } from '../sources/alertmanager/alertmanagerSource';
import { readJsonFile, writeFileAtomic } from '../store/atomicFile';
import { alertmanagerWhy, silenceScope } from './silenceActions';
import type { WorkspaceRecorder } from './workspaceRecorder';

export interface AckSilencesDeps {
  incidentDir: (incidentId: string) => string;
  sources: {
    alertmanager(sourceId: string): AlertmanagerSource | null;
    /** Whether this Alertmanager source shares acknowledgements as silences (on for clusters by default). */
    sharesAcks(sourceId: string): boolean;
    nameOf(sourceId: string): string;
  };
  get(incidentId: string): Incident | undefined;
  now: () => number;
  actor: () => string;
  notice: (message: string) => void;
  recorder: WorkspaceRecorder;
}

export interface AckSilences {
  /**
   * After a local ack of an Alertmanager-only incident: sets the shared ack silence(s); for one
   * Alertmanager does not report yet, once it does.
   */
  ack(inc: Incident, note: string | undefined): void;
  /** Renews ack silences that end soon while their incident is acknowledged and open. */
  renew(): Promise<void>;
  /** Expires the ack silences of an incident that resolved. */
  resolved(inc: Incident): void;
  /**
   * An incident that changed: its ack silences set before a restart are renewed again, and an ack
   * given while only Prometheus reported it is shared once Alertmanager reports it too.
   */
  seen(inc: Incident): void;
}

/** How long an ack silence lasts, and how long before its end it is renewed. */
export const ACK_SILENCE_MS = 10 * 60_000;
const RENEW_BEFORE_MS = 5 * 60_000;

const AckRecords = z.object({
  version: z.literal(1),
  silences: z.array(z.object({ id: z.string(), sourceId: z.string(), endsAt: z.number(), comment: z.string() })),
});
type AckRecords = z.infer<typeof AckRecords>;
const ACKS_FILE = 'ack-silences.json';

/**
 * Acknowledgement shared through Alertmanager: acking an incident that only Alertmanager reports
 * (PagerDuty carries its own acks) also sets a short silence saying `ACK by <name>: <note>`.
 * Teammates' Vigils read it back as "acknowledged by <name>" (sources/alertmanager/revealAcked),
 * and Alertmanager stops re-notifying meanwhile. It is renewed while the incident stays
 * acknowledged and open, and expired when it resolves, so it never outlives the incident by more
 * than its short duration even when this laptop goes away.
 */
export function createAckSilences(deps: AckSilencesDeps): AckSilences {
  const { now, recorder } = deps;
  const pathOf = (id: string) => join(deps.incidentDir(id), ACKS_FILE);
  /** Incidents with ack silences set from this Vigil (loaded from their file on first use). */
  const live = new Map<string, AckRecords>();
  /** Incidents whose file was read once already: a storm of changes never reads a file twice. */
  const looked = new Set<string>();
  /** Incidents acknowledged here while only Prometheus reported them, with the ack's note. */
  const awaitingAlertmanager = new Map<string, string | undefined>();

  function read(id: string): AckRecords {
    const cached = live.get(id);
    if (cached) return cached;
    const r = readJsonFile(pathOf(id), (v) => AckRecords.parse(v), new Date(now()));
    if (r.status === 'quarantined')
      deps.notice(`The ack silences kept for ${id} could not be read (${r.reason}); kept aside as ${r.movedTo}.`);
    const records = r.status === 'ok' ? r.value : { version: 1 as const, silences: [] };
    if (records.silences.length) live.set(id, records);
    return records;
  }

  function write(id: string, records: AckRecords) {
    if (records.silences.length) live.set(id, records);
    else live.delete(id);
    try {
      mkdirSync(deps.incidentDir(id), { recursive: true, mode: 0o700 });
      writeFileAtomic(pathOf(id), JSON.stringify(records));
    } catch (err) {
      deps.notice(`Could not keep the ack silence record of ${id} (${(err as Error).message}); it ends by itself.`);
    }
  }

  const outcomeBase = (inc: Incident, sourceId: string) => ({
    incidentId: inc.id,
    action: 'ack' as const,
    target: 'alertmanager' as const,
    sourceId,
    sourceName: deps.sources.nameOf(sourceId),
  });

  function failed(inc: Incident, sourceId: string, why: string) {
    const name = deps.sources.nameOf(sourceId);
    const message = `Sharing the ack through ${name} failed: ${why}. Acknowledged in Vigil only: teammates do not see it.`;
    recorder.report({ ...outcomeBase(inc, sourceId), status: 'failed', message });
    recorder.record([
      recorder.event(
        inc,
        'remote-action-failed',
        message,
        { remote: 'alertmanager', action: 'ack', why },
        'alertmanager',
      ),
    ]);
  }

  async function set(
    inc: Incident,
    sourceId: string,
    am: AlertmanagerSource,
    labels: Record<string, string>,
    comment: string,
  ) {
    const createdBy = deps.actor();
    const id = await am.silence({ labels, durationMs: ACK_SILENCE_MS, comment, createdBy });
    const records = read(inc.id);
    records.silences.push({ id, sourceId, endsAt: now() + ACK_SILENCE_MS, comment });
    write(inc.id, records);
    return id;
  }

  function ack(inc: Incident, note: string | undefined): void {
    const kinds = new Set(inc.signals.map((s) => s.sourceKind));
    if (kinds.has('pagerduty') || inc.state === 'resolved') {
      awaitingAlertmanager.delete(inc.id);
      return;
    }
    if (!kinds.has('alertmanager')) {
      // Acked from Prometheus's copy before Alertmanager reported it: shared once it does (seen).
      awaitingAlertmanager.set(inc.id, note);
      return;
    }
    awaitingAlertmanager.delete(inc.id);
    const targets = [
      ...new Set(inc.signals.filter((s) => s.sourceKind === 'alertmanager').map((s) => s.sourceId)),
    ].filter((id) => deps.sources.sharesAcks(id));
    if (targets.length === 0) return;
    if (read(inc.id).silences.length) return; // shared already; renewed while it holds
    const scope = silenceScope(inc);
    for (const sourceId of targets) {
      const am = deps.sources.alertmanager(sourceId);
      if (!am) {
        failed(inc, sourceId, 'the source is not running');
        continue;
      }
      if (deps.actor() === defaultPreferences().displayName) {
        failed(
          inc,
          sourceId,
          'set your name first (Settings > Preferences > Display name) so teammates see who has it',
        );
        continue;
      }
      if (!scope.ok) {
        failed(inc, sourceId, scope.why);
        continue;
      }
      const comment = formatAckComment(deps.actor(), note);
      recorder.report({
        ...outcomeBase(inc, sourceId),
        status: 'pending',
        message: `sharing the ack through ${am.client.url}…`,
      });
      recorder.track(
        set(inc, sourceId, am, scope.labels, comment)
          .then((silenceId) => {
            const message = `shared the ack through ${deps.sources.nameOf(sourceId)}: teammates see "acknowledged by ${deps.actor()}"`;
            recorder.report({ ...outcomeBase(inc, sourceId), status: 'ok', message });
            recorder.record([
              recorder.event(
                inc,
                'acknowledged',
                `${deps.actor()} ${message}`,
                { remote: 'alertmanager', silenceId, comment },
                'alertmanager',
              ),
            ]);
          })
          .catch((err: unknown) => failed(inc, sourceId, alertmanagerWhy(am, err))),
      );
    }
  }

  async function renew(): Promise<void> {
    const t = now();
    for (const [incidentId, records] of [...live]) {
      const inc = deps.get(incidentId);
      if (!inc || inc.state === 'resolved') {
        if (inc) resolved(inc);
        continue;
      }
      if (inc.state !== 'acknowledged') continue;
      const scope = silenceScope(inc);
      for (const r of [...records.silences]) {
        if (r.endsAt - t > RENEW_BEFORE_MS) continue;
        const am = deps.sources.alertmanager(r.sourceId);
        if (!am || !scope.ok) continue;
        try {
          // The new one first: the alert is never without its ack in between.
          await recorder.track(set(inc, r.sourceId, am, scope.labels, r.comment));
          const left = read(incidentId);
          write(incidentId, { ...left, silences: left.silences.filter((x) => x.id !== r.id) });
          await recorder.track(am.expireSilence(r.id)).catch(() => {});
        } catch (err) {
          deps.notice(
            `Could not renew the ack of ${inc.title} in ${deps.sources.nameOf(r.sourceId)}: ${alertmanagerWhy(am, err)}`,
          );
        }
      }
    }
  }

  function resolved(inc: Incident): void {
    const records = read(inc.id);
    if (records.silences.length === 0) return;
    write(inc.id, { version: 1, silences: [] });
    for (const r of records.silences) {
      const am = deps.sources.alertmanager(r.sourceId);
      if (!am) continue;
      recorder.track(
        am.expireSilence(r.id).then(
          () =>
            recorder.record([
              recorder.event(
                inc,
                'note',
                `ack silence in ${deps.sources.nameOf(r.sourceId)} expired: the incident resolved`,
                { remote: 'alertmanager', silenceId: r.id },
                'alertmanager',
              ),
            ]),
          (err: unknown) =>
            deps.notice(
              `The ack silence of ${inc.title} in ${deps.sources.nameOf(r.sourceId)} could not be expired (${alertmanagerWhy(am, err)}); it ends by itself within ${ACK_SILENCE_MS / 60_000} min.`,
            ),
        ),
      );
    }
  }

  function seen(inc: Incident): void {
    if (awaitingAlertmanager.has(inc.id)) {
      const acked = inc.acknowledgedAt !== null && inc.state !== 'open' && inc.state !== 'resolved';
      if (!acked) awaitingAlertmanager.delete(inc.id);
      else if (inc.signals.some((x) => x.sourceKind === 'alertmanager' || x.sourceKind === 'pagerduty'))
        ack(inc, awaitingAlertmanager.get(inc.id));
    }
    if (inc.state !== 'acknowledged' || live.has(inc.id) || looked.has(inc.id)) return;
    looked.add(inc.id);
    read(inc.id);
  }

  return { ack, renew, resolved, seen };
}
