import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { formatDuration } from '../../shared/classify/duration';
import type { Incident } from '../../shared/domain/incident';
import type { TimelineEvent, TimelineEventKind, TimelineSource } from '../../shared/domain/timeline';
import { UserFacingError } from '../../shared/ipc/callHandler';
import { defaultPreferences } from '../../shared/ipc/preferencesContract';
import type { IncidentSilence, RemoteOutcome, SilencePreview } from '../../shared/ipc/workspaceContract';
import { tryCompileRe2Anchored } from '../../shared/classify/compileRe2Anchored';
import type { AlertmanagerSource } from '../sources/alertmanager/alertmanagerSource';
import type { AmMatcher, AmSilence } from '../sources/alertmanager/alertmanagerSchemas';
import { BadReplyError, describeFetchError, HttpStatusError } from '../sources/describeFetchError';
import { replicaIdentity } from '../sources/haMembers';
import { RedirectRefusedError } from '../sources/sameOriginFetch';
import { readJsonFile, writeFileAtomic } from '../store/atomicFile';

export interface SilenceActionsDeps {
  incidentDir: (incidentId: string) => string;
  sources: {
    alertmanager(sourceId: string): AlertmanagerSource | null;
    /** Every running Alertmanager source (absent: only those that report the incident are looked at). */
    alertmanagerIds?(): string[];
    nameOf(sourceId: string): string;
    redact<T>(value: T): T;
  };
  now: () => number;
  /** The person's display name: the silence's author in a shared Alertmanager. */
  actor: () => string;
  notice: (message: string) => void;
  report: (outcome: Omit<RemoteOutcome, 'at'>) => void;
  record: (events: TimelineEvent[]) => void;
  event: (
    inc: Incident,
    kind: TimelineEventKind,
    text: string,
    data: Record<string, unknown>,
    source: TimelineSource,
  ) => TimelineEvent;
  track: <T>(p: Promise<T>) => Promise<T>;
}

export interface SilenceActions {
  possible(inc: Incident): { possible: boolean; why: string };
  live(inc: Incident): Promise<{ silences: IncidentSilence[]; problems: string[] }>;
  preview(inc: Incident): Promise<SilencePreview>;
  silence(
    inc: Incident,
    input: { minutes: number; comment: string; allowOutside?: number | undefined },
  ): Promise<IncidentSilence[]>;
  unsilence(inc: Incident, silenceId: string): Promise<IncidentSilence[]>;
}

/** `incidents/<id>/silences.json`: the silences set from Vigil, so they can be listed and expired after their alerts go quiet. */
const SilenceRecords = z.object({
  version: z.literal(1),
  silences: z.array(z.object({ id: z.string(), sourceId: z.string(), matchers: z.array(z.unknown()) })),
});
type SilenceRecords = z.infer<typeof SilenceRecords>;
const SILENCES_FILE = 'silences.json';
/** Alerts listed per Alertmanager in a preview; the count covers all of them. */
const PREVIEW_LIMIT = 50;

/**
 * Silencing an incident in the Alertmanager(s) that report it, scoped to the incident: the
 * matchers are its group labels and must name the alert (`alertname`), since labels alone
 * (`severity="critical", team="payments"`) would silence every such alert. Before a silence is
 * set, Alertmanager itself is asked which alerts it would match; alerts outside the incident
 * need the person's confirmation, and the silence carries the person's name.
 */
export function createSilenceActions(deps: SilenceActionsDeps): SilenceActions {
  const { now } = deps;
  const silencesPath = (id: string) => join(deps.incidentDir(id), SILENCES_FILE);

  function readRecords(id: string): SilenceRecords {
    const r = readJsonFile(silencesPath(id), (v) => SilenceRecords.parse(v), new Date(now()));
    if (r.status === 'ok') return r.value;
    if (r.status === 'quarantined')
      deps.notice(`The silences kept for ${id} could not be read (${r.reason}); kept aside as ${r.movedTo}.`);
    return { version: 1, silences: [] };
  }

  function writeRecords(id: string, records: SilenceRecords) {
    try {
      mkdirSync(deps.incidentDir(id), { recursive: true, mode: 0o700 });
      writeFileAtomic(silencesPath(id), JSON.stringify(records));
    } catch (err) {
      deps.notice(`Could not keep the silence record of ${id} (${(err as Error).message}); the silence itself is set.`);
    }
  }

  /**
   * Where a silence can go: the Alertmanagers that report this incident (their alerts are the
   * ones that would page), plus those a silence was already set in from Vigil (whose alerts went
   * quiet because of it). An incident Prometheus alone reports is not silenced anywhere: if its
   * Prometheus sends to an Alertmanager Vigil watches, that Alertmanager reports it too.
   */
  function targets(inc: Incident): string[] {
    const ids = new Set(inc.signals.filter((s) => s.sourceKind === 'alertmanager').map((s) => s.sourceId));
    for (const r of readRecords(inc.id).silences) ids.add(r.sourceId);
    // An Alertmanager holding this incident's alerts silenced (a teammate's silence) no longer
    // reports it, yet that is where its silences are.
    const scope = silenceScope(inc);
    if (scope.ok) {
      for (const id of deps.sources.alertmanagerIds?.() ?? []) {
        if (ids.has(id)) continue;
        const held = deps.sources
          .alertmanager(id)
          ?.alerts()
          .some(
            (a) => a.status.state === 'suppressed' && Object.entries(scope.labels).every(([k, v]) => a.labels[k] === v),
          );
        if (held) ids.add(id);
      }
    }
    return [...ids].filter((id) => deps.sources.alertmanager(id) !== null);
  }

  function possible(inc: Incident): { possible: boolean; why: string } {
    if (inc.state === 'resolved') return { possible: false, why: 'It is resolved: its alerts no longer fire.' };
    const scope = silenceScope(inc);
    if (!scope.ok) return { possible: false, why: scope.why };
    const where = targets(inc);
    if (where.length) {
      return {
        possible: true,
        why: `Silences ${matcherTexts(scope.labels).join(', ')} in ${where.map(deps.sources.nameOf).join(' and ')}.`,
      };
    }
    return {
      possible: false,
      why: 'No Alertmanager that Vigil watches reports this incident: add the Alertmanager its Prometheus sends to in Sources.',
    };
  }

  async function live(inc: Incident): Promise<{ silences: IncidentSilence[]; problems: string[] }> {
    const labels = labelsOf(inc);
    const ours = new Set(readRecords(inc.id).silences.map((r) => r.id));
    const silences: IncidentSilence[] = [];
    const problems: string[] = [];
    for (const sourceId of targets(inc)) {
      const am = deps.sources.alertmanager(sourceId)!;
      const name = deps.sources.nameOf(sourceId);
      try {
        const all = await am.client.listSilences();
        for (const s of all) {
          // Silences set elsewhere count when they match this incident's alerts; expired ones only if set from Vigil.
          if (!silenceMatches(s, labels) || (s.status.state === 'expired' && !ours.has(s.id))) continue;
          silences.push(toSilence(s, sourceId, name));
        }
      } catch (err) {
        problems.push(deps.sources.redact(`The silences of ${name} could not be read: ${alertmanagerWhy(am, err)}`));
      }
    }
    silences.sort((a, b) => stateRank(a.state) - stateRank(b.state) || b.endsAt.localeCompare(a.endsAt));
    return { silences: silences.slice(0, 20), problems };
  }

  async function preview(inc: Incident): Promise<SilencePreview> {
    const can = possible(inc);
    if (!can.possible) throw new UserFacingError(`Cannot silence ${inc.title}: ${can.why}`);
    const scope = silenceScope(inc);
    const labels = scope.ok ? scope.labels : {};
    const matchers = matcherTexts(labels);
    const amSignals = inc.signals.filter((s) => s.sourceKind === 'alertmanager');
    const mine = new Set(amSignals.map((s) => s.fingerprint));
    const out: SilencePreview['targets'] = [];
    for (const sourceId of targets(inc)) {
      const am = deps.sources.alertmanager(sourceId)!;
      const sourceName = deps.sources.nameOf(sourceId);
      try {
        // Every state (active, silenced, inhibited, unprocessed): all of them would be silenced.
        const alerts = await am.client.listAlerts({ matchers });
        // Each HA replica's copy of an alert is its own alert in Alertmanager, and the same one here.
        const replicas = new Set(amSignals.map((s) => replicaIdentity(s.labels, am.replicaLabels)));
        const listed = alerts.map((a) => ({
          fingerprint: a.fingerprint,
          labels: a.labels,
          state: a.status.state,
          inIncident: mine.has(a.fingerprint) || replicas.has(replicaIdentity(a.labels, am.replicaLabels)),
        }));
        // Outside alerts first: they are what the person has to look at.
        listed.sort((a, b) => Number(a.inIncident) - Number(b.inIncident));
        out.push({
          sourceId,
          sourceName,
          alerts: listed.slice(0, PREVIEW_LIMIT),
          total: listed.length,
          outside: listed.filter((a) => !a.inIncident).length,
          error: null,
        });
      } catch (err) {
        out.push({
          sourceId,
          sourceName,
          alerts: [],
          total: 0,
          outside: 0,
          error: `${sourceName} could not say which alerts the silence would match: ${alertmanagerWhy(am, err)}`,
        });
      }
    }
    const actor = deps.actor();
    return deps.sources.redact({
      incidentId: inc.id,
      matchers,
      createdBy: actor,
      needsName: actor === defaultPreferences().displayName,
      targets: out,
      outside: out.reduce((n, t) => n + t.outside, 0),
    });
  }

  async function silence(
    inc: Incident,
    input: { minutes: number; comment: string; allowOutside?: number | undefined },
  ): Promise<IncidentSilence[]> {
    const { minutes, comment } = input;
    const shown = await preview(inc);
    if (shown.needsName) {
      throw new UserFacingError(
        'Set your name first (Settings > Preferences > Display name): a silence in a shared Alertmanager says who set it.',
      );
    }
    const unreachable = shown.targets.filter((t) => t.error !== null);
    if (unreachable.length) {
      throw new UserFacingError(
        `${unreachable.map((t) => t.error).join(' ')} Nothing was silenced: a silence is only set once its reach is known.`,
      );
    }
    if (shown.outside > (input.allowOutside ?? 0)) {
      throw new UserFacingError(
        `This silence (${shown.matchers.join(', ')}) would also silence ${shown.outside} alert${shown.outside === 1 ? '' : 's'} outside this incident. Look at the preview and confirm, or silence it in Alertmanager with narrower matchers.`,
      );
    }
    const scope = silenceScope(inc);
    if (!scope.ok) throw new UserFacingError(`Cannot silence ${inc.title}: ${scope.why}`);
    const labels = scope.labels;
    const createdBy = shown.createdBy;
    const durationMs = minutes * 60_000;
    const until = new Date(now() + durationMs).toISOString();
    const failures: string[] = [];
    for (const sourceId of targets(inc)) {
      const am = deps.sources.alertmanager(sourceId)!;
      const sourceName = deps.sources.nameOf(sourceId);
      const base = {
        incidentId: inc.id,
        action: 'silence' as const,
        target: 'alertmanager' as const,
        sourceId,
        sourceName,
      };
      deps.report({ ...base, status: 'pending', message: `silencing in ${sourceName}…` });
      try {
        const silenceId = await deps.track(am.silence({ labels, durationMs, comment, createdBy }));
        const records = readRecords(inc.id);
        records.silences.push({ id: silenceId, sourceId, matchers: Object.entries(labels) });
        writeRecords(inc.id, records);
        const message = `silenced in ${sourceName} for ${formatDuration(durationMs)}, until ${until.slice(11, 16)} UTC`;
        deps.report({ ...base, status: 'ok', message });
        deps.record([
          deps.event(
            inc,
            'silenced',
            `${createdBy} ${message}: ${comment}`,
            { silenceId, sourceId, until, labels, comment },
            'alertmanager',
          ),
        ]);
      } catch (err) {
        const why = alertmanagerWhy(am, err);
        const message = `Alertmanager silence failed in ${sourceName}: ${why}. Nothing was silenced there; the alerts keep notifying.`;
        failures.push(message);
        failed(inc, base, message, { why, comment, minutes });
      }
    }
    if (failures.length) throw new UserFacingError(deps.sources.redact(failures.join(' ')));
    return (await live(inc)).silences;
  }

  /** A failed action in Alertmanager: reported to the window and kept on the incident's timeline. */
  function failed(
    inc: Incident,
    base: Omit<RemoteOutcome, 'at' | 'status' | 'message'>,
    message: string,
    data: Record<string, unknown>,
  ): void {
    deps.report({ ...base, status: 'failed', message });
    deps.record([
      deps.event(
        inc,
        'remote-action-failed',
        message,
        { remote: 'alertmanager', action: base.action, ...data },
        'alertmanager',
      ),
    ]);
  }

  async function unsilence(inc: Incident, silenceId: string): Promise<IncidentSilence[]> {
    const found = (await live(inc)).silences.find((s) => s.id === silenceId);
    if (!found)
      throw new UserFacingError(
        `No silence ${silenceId} matches ${inc.title} (it may have been removed in Alertmanager).`,
      );
    const am = deps.sources.alertmanager(found.sourceId);
    if (!am) throw new UserFacingError(`The Alertmanager source ${found.sourceName} is not running.`);
    const base = {
      incidentId: inc.id,
      action: 'unsilence' as const,
      target: 'alertmanager' as const,
      sourceId: found.sourceId,
      sourceName: found.sourceName,
    };
    try {
      await deps.track(am.expireSilence(silenceId));
    } catch (err) {
      const message = `Expiring the silence in ${found.sourceName} failed: ${alertmanagerWhy(am, err)}. It stays until ${found.endsAt.slice(11, 16)} UTC.`;
      failed(inc, base, message, { silenceId });
      throw new UserFacingError(deps.sources.redact(message));
    }
    const message = `expired the silence in ${found.sourceName}: its alerts notify again`;
    deps.report({ ...base, status: 'ok', message });
    deps.record([
      deps.event(
        inc,
        'unsilenced',
        `${deps.actor()} ${message}`,
        { silenceId, sourceId: found.sourceId },
        'alertmanager',
      ),
    ]);
    return (await live(inc)).silences;
  }

  return { possible, live, preview, silence, unsilence };
}

/**
 * The labels a silence matches: the incident's group labels (every alert of it), as Alertmanager
 * has them, and always the alert's name. Without one there is no safe scope: the remaining
 * labels describe a team or a severity, not this incident.
 */
export function silenceScope(
  inc: Pick<Incident, 'signals' | 'groupLabels'>,
): { ok: true; labels: Record<string, string> } | { ok: false; why: string } {
  const amSignals = inc.signals.filter((s) => s.sourceKind === 'alertmanager');
  const am = amSignals[0] ?? inc.signals.find((s) => s.sourceKind !== 'pagerduty');
  const group = Object.fromEntries(Object.entries(inc.groupLabels ?? {}).filter(([, v]) => v !== ''));
  const keys = Object.keys(group);
  let labels: Record<string, string> =
    am && keys.length && keys.every((k) => am.labels[k] === group[k]) ? group : { ...(am?.labels ?? group) };
  if (!labels.alertname) {
    const names = new Set((amSignals.length ? amSignals : am ? [am] : []).map((s) => s.labels.alertname ?? ''));
    const [only] = names;
    if (names.size === 1 && only) labels = { ...labels, alertname: only };
  }
  if (!labels.alertname) {
    const shown = matcherTexts(labels).join(', ') || 'no labels';
    return {
      ok: false,
      why: `Its alerts carry no alertname, so a silence would match every alert with ${shown}, not this incident alone. Silence it in Alertmanager with matchers you choose.`,
    };
  }
  return { ok: true, labels };
}

/** Matchers as Alertmanager's filter parameter and UI write them: `name="value"`, sorted by name. */
function matcherTexts(labels: Record<string, string>): string[] {
  return Object.keys(labels)
    .sort()
    .filter((k) => labels[k] !== '')
    .map((k) => `${k}="${labels[k]!.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`);
}

/** Labels of the incident's alerts (not PagerDuty's), for matching silences. */
function labelsOf(inc: Incident): Record<string, string> {
  return (inc.signals.find((s) => s.sourceKind !== 'pagerduty') ?? inc.signals[0])?.labels ?? {};
}

/** Whether a silence's matchers all hold for these labels (Alertmanager's own semantics: RE2, anchored). */
export function silenceMatches(silence: Pick<AmSilence, 'matchers'>, labels: Record<string, string>): boolean {
  return silence.matchers.every((m: AmMatcher) => {
    const value = labels[m.name] ?? '';
    let hit: boolean;
    if (m.isRegex) {
      const re = tryCompileRe2Anchored(m.value);
      if (!re) return false;
      hit = re.test(value);
    } else hit = value === m.value;
    return (m.isEqual ?? true) ? hit : !hit;
  });
}

function toSilence(s: AmSilence, sourceId: string, sourceName: string): IncidentSilence {
  return {
    id: s.id,
    sourceId,
    sourceName,
    startsAt: s.startsAt,
    endsAt: s.endsAt,
    comment: s.comment,
    createdBy: s.createdBy,
    state: s.status.state,
  };
}

const stateRank = (s: IncidentSilence['state']) => (s === 'active' ? 0 : s === 'pending' ? 1 : 2);

/**
 * Alertmanager's reason in words: a network or HTTP failure as the sources word them (with
 * Alertmanager's own explanation of a refused silence), anything else (a check before sending) as it is.
 */
export function alertmanagerWhy(am: AlertmanagerSource, err: unknown): string {
  const e = err as { name?: string; cause?: unknown } | null;
  const fromFetch =
    err instanceof HttpStatusError ||
    err instanceof BadReplyError ||
    err instanceof RedirectRefusedError ||
    e?.cause !== undefined ||
    e?.name === 'TimeoutError' ||
    e?.name === 'AbortError';
  if (!fromFetch) return (err as Error).message;
  const body = err instanceof HttpStatusError && err.bodySnippet ? ` (${err.bodySnippet})` : '';
  return `${describeFetchError('Alertmanager', am.client.url, err, 10_000).message}${body}`;
}
