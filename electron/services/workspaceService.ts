import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { ClassificationConfig } from '../../shared/classify/classificationConfig';
import { formatDuration } from '../../shared/classify/duration';
import type { DemoScenario } from '../../shared/demo/demoScenario';
import type { Incident } from '../../shared/domain/incident';
import type { Signal } from '../../shared/domain/signal';
import type { TimelineEvent, TimelineEventKind, TimelineSource } from '../../shared/domain/timeline';
import type { IncidentActionResult } from '../../shared/incidents/incidentActions';
import { declareIncident, escalateIncident, undeclareIncident } from '../../shared/incidents/judgmentActions';
import type { IncidentsState } from '../../shared/incidents/reconcileIncidents';
import { UserFacingError } from '../../shared/ipc/callHandler';
import type { EventName, EventPayload, RequestHandlers } from '../../shared/ipc/contract';
import type { IncidentContext, IncidentSilence, RemoteOutcome } from '../../shared/ipc/workspaceContract';
import type { AlertmanagerSource } from '../sources/alertmanager/alertmanagerSource';
import type { AmMatcher, AmSilence } from '../sources/alertmanager/alertmanagerSchemas';
import { BadReplyError, describeFetchError, HttpStatusError } from '../sources/describeFetchError';
import { describePagerDutyFailure, type PagerDutySource } from '../sources/pagerduty/pagerDutySource';
import { createPrometheusApi, type PrometheusApi } from '../sources/prometheusApi';
import { readJsonFile, writeFileAtomic } from '../store/atomicFile';
import type { SettingsStore } from '../store/settingsStore';
import { createEvidenceCapture } from './evidenceCapture';
import { ContextBudgetError, createPagerDutyContextCache } from './pagerDutyContextCache';
import type { PrometheusAccess, SourceManager } from './sourceManager';

export type WorkspaceHandlers = Pick<
  RequestHandlers,
  | 'incident:ack'
  | 'incident:mitigate'
  | 'incident:resolve'
  | 'incident:evidence'
  | 'incident:context'
  | 'incident:silence'
  | 'incident:unsilence'
  | 'incident:escalate'
  | 'incident:declare'
>;

export interface WorkspaceServiceOptions {
  /** The rules in force, read at each use: the user's override can change them while running. */
  classification: () => ClassificationConfig;
  scenario: DemoScenario;
  demoSpeed: number;
  incidentDir: (incidentId: string) => string;
  incidents: {
    get(id: string): Incident | undefined;
    recordEvents(events: readonly TimelineEvent[]): void;
    /** Applies a pure action through the engine's state: stores, pushes, returns it; refusals throw. */
    apply(action: (state: IncidentsState, now: number, actor: string) => IncidentActionResult): Incident;
    /** The local lifecycle actions this service adds the PagerDuty side to. */
    ack: RequestHandlers['incident:ack'];
    mitigate: RequestHandlers['incident:mitigate'];
    resolve: RequestHandlers['incident:resolve'];
  };
  sources: {
    prometheus(sourceId: string): PrometheusAccess | null;
    prometheusList(): PrometheusAccess[];
    alertmanager(sourceId: string): AlertmanagerSource | null;
    pagerDuty(sourceId: string): PagerDutySource | null;
    /** Every running PagerDuty source, for change events when no PagerDuty incident is linked. */
    pagerDutyIds(): string[];
    /** The name the user gave the source, for messages. */
    nameOf(sourceId: string): string;
    /** The `From` email set on a PagerDuty source, or null (then the token owner's is used). */
    fromEmailOf(sourceId: string): string | null;
  };
  now: () => number;
  actor: () => string;
  emit: <K extends EventName>(event: K, payload: EventPayload<K>) => void;
  notice: (message: string) => void;
  log: (message: string) => void;
  createApi?: (access: PrometheusAccess) => PrometheusApi;
  /** How long a fetched context (on-call, change events) is reused, to spare PagerDuty's budget. */
  contextTtlMs?: number;
}

export interface WorkspaceService {
  handlers: WorkspaceHandlers;
  /** Called with every batch of changed incidents and their events (capture at fire time). */
  incidentsChanged(changed: readonly Incident[], events: readonly TimelineEvent[]): void;
  /** Resolves when no evidence capture or remote call is in flight (tests). */
  idle(): Promise<void>;
}

/** `incidents/<id>/silences.json`: the silences set from Vigil, so they can be listed and expired after their alerts go quiet. */
const SilenceRecords = z.object({
  version: z.literal(1),
  silences: z.array(z.object({ id: z.string(), sourceId: z.string(), matchers: z.array(z.unknown()) })),
});
type SilenceRecords = z.infer<typeof SilenceRecords>;
const SILENCES_FILE = 'silences.json';

/**
 * The incident workspace on the main side: evidence, what PagerDuty and Alertmanager say about an
 * incident, and the actions that reach them. A remote call never undoes what the person did
 * locally: an ack stays an ack when PagerDuty refuses it, and the timeline says what failed.
 */
export function createWorkspaceService(opts: WorkspaceServiceOptions): WorkspaceService {
  const { now } = opts;
  const contextTtlMs = opts.contextTtlMs ?? 30_000;
  const createApi =
    opts.createApi ??
    ((a: PrometheusAccess) =>
      createPrometheusApi({ baseUrl: a.baseUrl, headers: a.headers, fetch: a.fetch, name: a.name }));
  const evidence = createEvidenceCapture({
    classification: opts.classification,
    scenario: opts.scenario,
    demoSpeed: opts.demoSpeed,
    incidentDir: opts.incidentDir,
    get: (id) => opts.incidents.get(id),
    prometheus: { get: opts.sources.prometheus, list: opts.sources.prometheusList },
    createApi,
    now,
    notice: opts.notice,
    log: opts.log,
  });
  /** The last outcome of each remote call, by incident and call. */
  const outcomes = new Map<string, Map<string, RemoteOutcome>>();
  const inFlight = new Set<Promise<unknown>>();
  const contexts = new Map<string, { at: number; value: Promise<PagerDutyExtras> }>();
  const pdContext = createPagerDutyContextCache(now);
  let eventSeq = 0;

  const incidentOf = (id: string): Incident => {
    const inc = opts.incidents.get(id);
    if (!inc) throw new UserFacingError(`There is no incident ${id}: it may have been removed; reload the list.`);
    return inc;
  };

  /** Timeline events from this service; ids carry the time so they never collide across restarts. */
  const event = (
    inc: Incident,
    kind: TimelineEventKind,
    text: string,
    data: Record<string, unknown>,
    source: TimelineSource,
  ): TimelineEvent => ({
    id: `${inc.id}#ws-${now().toString(36)}-${(eventSeq++).toString(36)}`,
    incidentId: inc.id,
    at: new Date(now()).toISOString(),
    kind,
    text,
    source,
    actor: opts.actor(),
    data,
  });

  const record = (events: TimelineEvent[]) => {
    try {
      opts.incidents.recordEvents(events);
    } catch (err) {
      opts.log(`could not record ${events.map((e) => e.kind).join(', ')}: ${(err as Error).message}`);
    }
  };

  const report = (outcome: Omit<RemoteOutcome, 'at'>) => {
    const full: RemoteOutcome = { ...outcome, at: new Date(now()).toISOString() };
    const byCall = outcomes.get(outcome.incidentId) ?? new Map<string, RemoteOutcome>();
    byCall.set(`${outcome.action}|${outcome.sourceId}`, full);
    outcomes.set(outcome.incidentId, byCall);
    opts.emit('incident:remote', full);
  };

  const track = <T>(p: Promise<T>): Promise<T> => {
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p)).catch(() => {});
    return p;
  };

  // ------------------------------------------------------------------ PagerDuty ack

  /** PagerDuty incidents linked to this one that PagerDuty still shows as triggered. */
  const triggeredPages = (inc: Incident) =>
    inc.signals.filter(
      (s) =>
        s.sourceKind === 'pagerduty' && s.labels.pagerduty_incident_id && s.labels.pagerduty_status === 'triggered',
    );

  function ackInPagerDuty(inc: Incident): void {
    for (const signal of triggeredPages(inc)) {
      const pdId = signal.labels.pagerduty_incident_id!;
      const number = signal.labels.pagerduty_incident_number;
      const label = number ? `#${number}` : pdId;
      const sourceName = opts.sources.nameOf(signal.sourceId);
      const base = {
        incidentId: inc.id,
        action: 'ack' as const,
        target: 'pagerduty' as const,
        sourceId: signal.sourceId,
        sourceName,
      };
      if (outcomes.get(inc.id)?.get(`ack|${signal.sourceId}`)?.status === 'pending') continue;
      const source = opts.sources.pagerDuty(signal.sourceId);
      if (!source) {
        failAck(inc, base, label, `the PagerDuty source ${sourceName} is not running (removed, or it has no token)`);
        continue;
      }
      report({ ...base, status: 'pending', message: `acknowledging ${label} in PagerDuty…` });
      track(
        source
          .acknowledge(pdId)
          .then(() => {
            const as = opts.sources.fromEmailOf(signal.sourceId) ?? source.currentUser()?.email ?? null;
            const message = `acknowledged ${label} in PagerDuty${as ? ` as ${as}` : ''}`;
            report({ ...base, status: 'ok', message });
            record([
              event(
                inc,
                'acknowledged',
                `${opts.actor()} ${message}`,
                { remote: 'pagerduty', pagerDutyId: pdId },
                'pagerduty',
              ),
            ]);
          })
          .catch((err: unknown) => failAck(inc, base, label, pagerDutyWhy(source, err))),
      );
    }
  }

  /**
   * An incident that only PagerDuty reports lives there: resolving it in Vigil alone would leave
   * it triggered in PagerDuty, and the next poll would open it again. So it is resolved in
   * PagerDuty first, and refused with PagerDuty's reason when that fails.
   */
  async function resolveInPagerDuty(inc: Incident): Promise<void> {
    if (inc.signals.length === 0 || inc.signals.some((s) => s.sourceKind !== 'pagerduty')) return;
    for (const signal of inc.signals) {
      const pdId = signal.labels.pagerduty_incident_id;
      if (!pdId || signal.labels.pagerduty_status === 'resolved') continue;
      const number = signal.labels.pagerduty_incident_number;
      const label = number ? `#${number}` : pdId;
      const sourceName = opts.sources.nameOf(signal.sourceId);
      const source = opts.sources.pagerDuty(signal.sourceId);
      if (!source) {
        throw new UserFacingError(
          `Not resolved: ${inc.title} lives in PagerDuty (${label}) and the PagerDuty source ${sourceName} is not running. Resolve it in PagerDuty.`,
        );
      }
      try {
        await track(source.resolve(pdId));
      } catch (err) {
        throw new UserFacingError(
          `Not resolved: PagerDuty did not resolve ${label} (${pagerDutyWhy(source, err)}). Resolve it in PagerDuty, or try again.`,
        );
      }
      record([
        event(
          inc,
          'note',
          `${opts.actor()} resolved ${label} in PagerDuty`,
          { remote: 'pagerduty', pagerDutyId: pdId },
          'pagerduty',
        ),
      ]);
    }
  }

  function failAck(inc: Incident, base: Omit<RemoteOutcome, 'at' | 'status' | 'message'>, label: string, why: string) {
    const message = `PagerDuty ack failed: ${why}. Acknowledged in Vigil only: acknowledge ${label} in PagerDuty, or retry.`;
    report({ ...base, status: 'failed', message });
    record([event(inc, 'remote-action-failed', message, { remote: 'pagerduty', action: 'ack', why }, 'pagerduty')]);
  }

  // ------------------------------------------------------------------ Alertmanager silences

  const silencesPath = (id: string) => join(opts.incidentDir(id), SILENCES_FILE);

  function readRecords(id: string): SilenceRecords {
    const r = readJsonFile(silencesPath(id), (v) => SilenceRecords.parse(v), new Date(now()));
    if (r.status === 'ok') return r.value;
    if (r.status === 'quarantined')
      opts.notice(`The silences kept for ${id} could not be read (${r.reason}); kept aside as ${r.movedTo}.`);
    return { version: 1, silences: [] };
  }

  function writeRecords(id: string, records: SilenceRecords) {
    try {
      mkdirSync(opts.incidentDir(id), { recursive: true, mode: 0o700 });
      writeFileAtomic(silencesPath(id), JSON.stringify(records));
    } catch (err) {
      opts.notice(`Could not keep the silence record of ${id} (${(err as Error).message}); the silence itself is set.`);
    }
  }

  /**
   * Where a silence can go: the Alertmanagers that report this incident (their alerts are the
   * ones that would page), plus those a silence was already set in from Vigil (whose alerts went
   * quiet because of it). An incident Prometheus alone reports is not silenced anywhere: if its
   * Prometheus sends to an Alertmanager Vigil watches, that Alertmanager reports it too.
   */
  function silenceTargets(inc: Incident): string[] {
    const ids = new Set(inc.signals.filter((s) => s.sourceKind === 'alertmanager').map((s) => s.sourceId));
    for (const r of readRecords(inc.id).silences) ids.add(r.sourceId);
    return [...ids].filter((id) => opts.sources.alertmanager(id) !== null);
  }

  function silencePossible(inc: Incident): { possible: boolean; why: string } {
    if (inc.state === 'resolved') return { possible: false, why: 'It is resolved: its alerts no longer fire.' };
    const targets = silenceTargets(inc);
    if (targets.length) {
      const matchers = Object.entries(silenceLabels(inc))
        .map(([k, v]) => `${k}="${v}"`)
        .join(', ');
      return { possible: true, why: `Silences ${matchers} in ${targets.map(opts.sources.nameOf).join(' and ')}.` };
    }
    return {
      possible: false,
      why: 'No Alertmanager that Vigil watches reports this incident: add the Alertmanager its Prometheus sends to in Sources.',
    };
  }

  /** The labels a silence matches: the incident's group labels (every alert of it), as Alertmanager has them. */
  function silenceLabels(inc: Incident): Record<string, string> {
    const am =
      inc.signals.find((s) => s.sourceKind === 'alertmanager') ?? inc.signals.find((s) => s.sourceKind !== 'pagerduty');
    const group = inc.groupLabels ?? {};
    const keys = Object.keys(group);
    if (am && keys.length && keys.every((k) => am.labels[k] === group[k])) return group;
    return am?.labels ?? group;
  }

  async function liveSilences(inc: Incident): Promise<{ silences: IncidentSilence[]; problems: string[] }> {
    const labels = labelsOf(inc);
    const ours = new Set(readRecords(inc.id).silences.map((r) => r.id));
    const silences: IncidentSilence[] = [];
    const problems: string[] = [];
    for (const sourceId of silenceTargets(inc)) {
      const am = opts.sources.alertmanager(sourceId)!;
      const name = opts.sources.nameOf(sourceId);
      try {
        const all = await am.client.listSilences();
        for (const s of all) {
          // Silences set elsewhere count when they match this incident's alerts; expired ones only if set from Vigil.
          if (!silenceMatches(s, labels) || (s.status.state === 'expired' && !ours.has(s.id))) continue;
          silences.push(toSilence(s, sourceId, name));
        }
      } catch (err) {
        problems.push(`The silences of ${name} could not be read: ${(err as Error).message}`);
      }
    }
    silences.sort((a, b) => stateRank(a.state) - stateRank(b.state) || b.endsAt.localeCompare(a.endsAt));
    return { silences: silences.slice(0, 20), problems };
  }

  // ------------------------------------------------------------------ context

  interface PagerDutyExtras {
    onCall: IncidentContext['onCall'];
    changes: IncidentContext['changes'];
    problems: string[];
  }

  async function fetchPagerDutyExtras(inc: Incident): Promise<PagerDutyExtras> {
    const problems: string[] = [];
    const pages = inc.signals.filter((s) => s.sourceKind === 'pagerduty');
    const service = labelsOf(inc).service ?? inc.groupLabels?.service ?? null;
    const startedMs = Date.parse(inc.startedAt);
    const onCall: IncidentContext['onCall'] = [];
    const changes: IncidentContext['changes'] = [];

    // On-call: the escalation policies of the linked PagerDuty incidents, as PagerDuty has them now.
    const policies = new Map<string, Set<string>>();
    for (const p of pages) {
      const policy = p.labels.pagerduty_escalation_policy;
      if (!policy) continue;
      policies.set(p.sourceId, (policies.get(p.sourceId) ?? new Set()).add(policy));
    }
    for (const [sourceId, names] of policies) {
      const pd = opts.sources.pagerDuty(sourceId);
      if (!pd) continue;
      try {
        const t = now();
        for (const o of await pdContext.onCalls(sourceId, pd)) {
          const policy = o.escalation_policy.summary ?? o.escalation_policy.id;
          if (!names.has(policy)) continue;
          if ((o.start && Date.parse(o.start) > t) || (o.end && Date.parse(o.end) < t)) continue;
          onCall.push({
            escalationPolicy: policy,
            level: o.escalation_level,
            user: o.user.summary ?? o.user.id,
            until: o.end ?? null,
          });
        }
      } catch (err) {
        problems.push(
          `Who is on call could not be read from ${opts.sources.nameOf(sourceId)}: ${pagerDutyWhy(pd, err)}`,
        );
      }
    }
    onCall.sort((a, b) => a.escalationPolicy.localeCompare(b.escalationPolicy) || a.level - b.level);

    // Changes: the linked PagerDuty services; else every PagerDuty source, matched on the service name.
    const byService = new Map<string, Set<string>>();
    for (const p of pages) {
      const id = p.labels.pagerduty_service_id;
      if (id) byService.set(p.sourceId, (byService.get(p.sourceId) ?? new Set()).add(id));
    }
    const sourceIds = byService.size ? [...byService.keys()] : service ? opts.sources.pagerDutyIds() : [];
    const since = new Date(startedMs - 6 * 3_600_000).toISOString();
    for (const sourceId of sourceIds) {
      const pd = opts.sources.pagerDuty(sourceId);
      if (!pd) continue;
      try {
        const ids = byService.get(sourceId);
        const list = await pdContext.changeEvents(sourceId, pd, {
          serviceIds: ids ? [...ids] : undefined,
          since,
          until: new Date(now()).toISOString(),
        });
        for (const c of list) {
          if (!ids && !c.services.some((s) => s.summary === service)) continue;
          const link = c.links.find((l) => l.href && isHttp(l.href));
          changes.push({
            at: c.timestamp,
            summary: c.summary ?? '(no summary)',
            source: c.source ?? null,
            url: link?.href ?? null,
            minutesBefore: Math.round((startedMs - Date.parse(c.timestamp)) / 60_000),
          });
        }
      } catch (err) {
        problems.push(
          `Recent changes could not be read from ${opts.sources.nameOf(sourceId)}: ${pagerDutyWhy(pd, err)}`,
        );
      }
    }
    changes.sort((a, b) => b.at.localeCompare(a.at));
    return { onCall, changes: changes.slice(0, 10), problems };
  }

  /** On-call and changes cost PagerDuty requests: reused for a while per incident. */
  function pagerDutyExtras(inc: Incident): Promise<PagerDutyExtras> {
    // Keyed by the linked pages too: a PagerDuty incident joining changes what there is to ask.
    const pages = inc.signals.filter((s) => s.sourceKind === 'pagerduty').map((s) => s.id);
    const key = [inc.id, ...pages.sort()].join('|');
    const hit = contexts.get(key);
    if (hit && now() - hit.at < contextTtlMs) return hit.value;
    const value = fetchPagerDutyExtras(inc);
    contexts.set(key, { at: now(), value });
    if (contexts.size > 200) contexts.delete(contexts.keys().next().value!);
    return value;
  }

  async function context(inc: Incident): Promise<IncidentContext> {
    const bySource = new Map<string, { kind: Signal['sourceKind']; signals: number; stale: boolean }>();
    for (const s of inc.signals) {
      const e = bySource.get(s.sourceId) ?? { kind: s.sourceKind, signals: 0, stale: true };
      e.signals++;
      e.stale &&= s.stale;
      bySource.set(s.sourceId, e);
    }
    const pagerDuty = inc.signals
      .filter((s) => s.sourceKind === 'pagerduty')
      .map((s) => ({
        sourceId: s.sourceId,
        sourceName: opts.sources.nameOf(s.sourceId),
        id: s.labels.pagerduty_incident_id ?? s.fingerprint,
        number: s.labels.pagerduty_incident_number ?? null,
        status: s.labels.pagerduty_status ?? 'unknown',
        url: isHttp(s.annotations.pagerduty_url) ? s.annotations.pagerduty_url! : null,
        assignees: splitList(s.annotations.pagerduty_assignees),
        acknowledgedBy: splitList(s.annotations.pagerduty_acknowledged_by),
        urgency: s.labels.urgency ?? null,
        escalationPolicy: s.labels.pagerduty_escalation_policy ?? null,
      }));
    const [extras, silences] = await Promise.all([pagerDutyExtras(inc), liveSilences(inc)]);
    return {
      incidentId: inc.id,
      fetchedAt: new Date(now()).toISOString(),
      sources: [...bySource].map(([sourceId, e]) => ({ sourceId, sourceName: opts.sources.nameOf(sourceId), ...e })),
      pagerDuty,
      onCall: extras.onCall,
      changes: extras.changes,
      silences: silences.silences,
      silence: silencePossible(inc),
      remote: [...(outcomes.get(inc.id)?.values() ?? [])],
      problems: [...extras.problems, ...silences.problems],
    };
  }

  // ------------------------------------------------------------------ handlers

  const handlers: WorkspaceHandlers = {
    'incident:ack': async (input) => {
      const inc = await opts.incidents.ack(input);
      // Also when it was acknowledged already: pressing it again retries a PagerDuty ack that failed.
      ackInPagerDuty(inc);
      return inc;
    },
    'incident:mitigate': async (input) => {
      const inc = await opts.incidents.mitigate(input);
      // Mitigating acknowledges; PagerDuty should stop paging for it too.
      ackInPagerDuty(inc);
      return inc;
    },
    'incident:resolve': async (input) => {
      await resolveInPagerDuty(incidentOf(input.id));
      return opts.incidents.resolve(input);
    },
    'incident:evidence': async ({ id, refresh }) => {
      incidentOf(id);
      return track(evidence.evidence(id, refresh ?? false));
    },
    'incident:context': async ({ id }) => context(incidentOf(id)),
    'incident:silence': async ({ id, minutes, comment }) => {
      const inc = incidentOf(id);
      const possible = silencePossible(inc);
      if (!possible.possible) throw new UserFacingError(`Cannot silence ${inc.title}: ${possible.why}`);
      const labels = silenceLabels(inc);
      const durationMs = minutes * 60_000;
      const until = new Date(now() + durationMs).toISOString();
      const failures: string[] = [];
      for (const sourceId of silenceTargets(inc)) {
        const am = opts.sources.alertmanager(sourceId)!;
        const sourceName = opts.sources.nameOf(sourceId);
        const base = {
          incidentId: id,
          action: 'silence' as const,
          target: 'alertmanager' as const,
          sourceId,
          sourceName,
        };
        report({ ...base, status: 'pending', message: `silencing in ${sourceName}…` });
        try {
          const silenceId = await track(am.silence({ labels, durationMs, comment, createdBy: opts.actor() }));
          const records = readRecords(id);
          records.silences.push({ id: silenceId, sourceId, matchers: Object.entries(labels) });
          writeRecords(id, records);
          const message = `silenced in ${sourceName} for ${formatDuration(durationMs)}, until ${until.slice(11, 16)} UTC`;
          report({ ...base, status: 'ok', message });
          record([
            event(
              inc,
              'silenced',
              `${opts.actor()} ${message}: ${comment}`,
              { silenceId, sourceId, until, labels, comment },
              'alertmanager',
            ),
          ]);
        } catch (err) {
          const why = alertmanagerWhy(am, err);
          const message = `Alertmanager silence failed in ${sourceName}: ${why}. Nothing was silenced there; the alerts keep notifying.`;
          failures.push(message);
          report({ ...base, status: 'failed', message });
          record([
            event(
              inc,
              'remote-action-failed',
              message,
              { remote: 'alertmanager', action: 'silence', why, comment, minutes },
              'alertmanager',
            ),
          ]);
        }
      }
      if (failures.length) throw new UserFacingError(failures.join(' '));
      return (await liveSilences(inc)).silences;
    },
    'incident:unsilence': async ({ id, silenceId }) => {
      const inc = incidentOf(id);
      const found = (await liveSilences(inc)).silences.find((s) => s.id === silenceId);
      if (!found)
        throw new UserFacingError(
          `No silence ${silenceId} matches ${inc.title} (it may have been removed in Alertmanager).`,
        );
      const am = opts.sources.alertmanager(found.sourceId);
      if (!am) throw new UserFacingError(`The Alertmanager source ${found.sourceName} is not running.`);
      const base = {
        incidentId: id,
        action: 'unsilence' as const,
        target: 'alertmanager' as const,
        sourceId: found.sourceId,
        sourceName: found.sourceName,
      };
      try {
        await track(am.expireSilence(silenceId));
      } catch (err) {
        const message = `Expiring the silence in ${found.sourceName} failed: ${alertmanagerWhy(am, err)}. It stays until ${found.endsAt.slice(11, 16)} UTC.`;
        report({ ...base, status: 'failed', message });
        record([
          event(
            inc,
            'remote-action-failed',
            message,
            { remote: 'alertmanager', action: 'unsilence', silenceId },
            'alertmanager',
          ),
        ]);
        throw new UserFacingError(message);
      }
      const message = `expired the silence in ${found.sourceName}: its alerts notify again`;
      report({ ...base, status: 'ok', message });
      record([
        event(inc, 'unsilenced', `${opts.actor()} ${message}`, { silenceId, sourceId: found.sourceId }, 'alertmanager'),
      ]);
      return (await liveSilences(inc)).silences;
    },
    'incident:escalate': async ({ id, severity, reason }) =>
      opts.incidents.apply((state, t, actor) => escalateIncident(state, id, t, actor, severity, reason)),
    'incident:declare': async ({ id, declared, reason }) =>
      opts.incidents.apply((state, t, actor) =>
        declared
          ? declareIncident(state, id, t, actor, opts.classification().severities, reason)
          : undeclareIncident(state, id, t, actor, opts.classification().severities, reason),
      ),
  };

  return {
    handlers,
    incidentsChanged(changed, events) {
      const fired = new Set(events.filter((e) => e.kind === 'fired' || e.kind === 'refired').map((e) => e.incidentId));
      if (fired.size === 0) return;
      evidence.fired(changed.filter((i) => fired.has(i.id)));
    },
    async idle() {
      await evidence.idle();
      while (inFlight.size) await Promise.allSettled([...inFlight]);
    },
  };
}

/** Labels of the incident's alerts (not PagerDuty's), for matching silences and naming the service. */
function labelsOf(inc: Incident): Record<string, string> {
  return (inc.signals.find((s) => s.sourceKind !== 'pagerduty') ?? inc.signals[0])?.labels ?? {};
}

/** Whether a silence's matchers all hold for these labels (Alertmanager's own semantics). */
export function silenceMatches(silence: Pick<AmSilence, 'matchers'>, labels: Record<string, string>): boolean {
  return silence.matchers.every((m: AmMatcher) => {
    const value = labels[m.name] ?? '';
    let hit: boolean;
    if (m.isRegex) {
      try {
        hit = new RegExp(`^(?:${m.value})$`).test(value);
      } catch {
        return false;
      }
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

/** PagerDuty's reason in words, with its own explanation (PagerDuty's error message) when it gave one. */
function pagerDutyWhy(source: PagerDutySource, err: unknown): string {
  if (err instanceof ContextBudgetError) return err.message;
  const failure = describePagerDutyFailure(source.health().target, err, 10_000);
  const body = err instanceof HttpStatusError && err.bodySnippet ? ` (${err.bodySnippet})` : '';
  return `${failure.message}${body}`;
}

/**
 * Alertmanager's reason in words: a network or HTTP failure as the sources word them (with
 * Alertmanager's own explanation of a refused silence), anything else (a check before sending) as it is.
 */
function alertmanagerWhy(am: AlertmanagerSource, err: unknown): string {
  const e = err as { name?: string; cause?: unknown } | null;
  const fromFetch =
    err instanceof HttpStatusError ||
    err instanceof BadReplyError ||
    e?.cause !== undefined ||
    e?.name === 'TimeoutError' ||
    e?.name === 'AbortError';
  if (!fromFetch) return (err as Error).message;
  const body = err instanceof HttpStatusError && err.bodySnippet ? ` (${err.bodySnippet})` : '';
  return `${describeFetchError('Alertmanager', am.client.url, err, 10_000).message}${body}`;
}

function splitList(text: string | undefined): string[] {
  return text ? text.split(', ').filter(Boolean) : [];
}

function isHttp(url: string | undefined | null): boolean {
  return typeof url === 'string' && /^https?:\/\//i.test(url);
}

/** The workspace's view of the running sources, from the source manager and the settings. */
export function workspaceSources(
  settings: SettingsStore,
  manager: Pick<SourceManager, 'prometheusAccess' | 'alertmanager' | 'pagerDuty'>,
): WorkspaceServiceOptions['sources'] {
  const configOf = (id: string) => settings.get().sources.find((s) => s.id === id);
  return {
    prometheus: (id) => manager.prometheusAccess(id),
    prometheusList: () => settings.get().sources.flatMap((s) => manager.prometheusAccess(s.id) ?? []),
    alertmanager: (id) => manager.alertmanager(id),
    pagerDuty: (id) => manager.pagerDuty(id),
    pagerDutyIds: () =>
      settings
        .get()
        .sources.filter((s) => s.kind === 'pagerduty' && manager.pagerDuty(s.id))
        .map((s) => s.id),
    nameOf: (id) => configOf(id)?.name ?? (id === 'demo' ? 'Demo' : id),
    fromEmailOf: (id) => {
      const c = configOf(id);
      return c?.kind === 'pagerduty' ? c.fromEmail : null;
    },
  };
}
