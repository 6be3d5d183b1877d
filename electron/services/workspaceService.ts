import type { ClassificationConfig } from '../../shared/classify/classificationConfig';
import type { DemoScenario } from '../../shared/demo/demoScenario';
import type { Incident } from '../../shared/domain/incident';
import type { Signal } from '../../shared/domain/signal';
import type { TimelineEvent, TimelineEventKind, TimelineSource } from '../../shared/domain/timeline';
import type { IncidentActionResult } from '../../shared/incidents/incidentActions';
import { declareIncident, escalateIncident, undeclareIncident } from '../../shared/incidents/judgmentActions';
import type { IncidentsState } from '../../shared/incidents/reconcileIncidents';
import { UserFacingError } from '../../shared/ipc/callHandler';
import type { EventName, EventPayload, RequestHandlers } from '../../shared/ipc/contract';
import type { IncidentContext, RemoteOutcome } from '../../shared/ipc/workspaceContract';
import type { AlertmanagerSource } from '../sources/alertmanager/alertmanagerSource';
import { HttpStatusError } from '../sources/describeFetchError';
import { describePagerDutyFailure, type PagerDutySource } from '../sources/pagerduty/pagerDutySource';
import { createPrometheusApi, type PrometheusApi } from '../sources/prometheusApi';
import type { SettingsStore } from '../store/settingsStore';
import { createEvidenceCapture } from './evidenceCapture';
import { createSilenceActions } from './silenceActions';
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
  | 'incident:silence-preview'
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
    /** Scrubs stored secrets and header values out of what leaves: events, timeline, errors, logs. */
    redact<T>(value: T): T;
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

/**
 * The incident workspace on the main side: evidence, what PagerDuty and Alertmanager say about an
 * incident, and the actions that reach them. A remote call never undoes what the person did
 * locally: an ack stays an ack when PagerDuty refuses it, and the timeline says what failed.
 */
export function createWorkspaceService(opts: WorkspaceServiceOptions): WorkspaceService {
  const { now } = opts;
  const redact = <T>(value: T): T => opts.sources.redact(value);
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

  // Everything below that leaves this service (timeline, the incident:remote event sent to every
  // client, errors) passes the redactor: a server's reply may quote the credentials it was sent.
  const record = (events: TimelineEvent[]) => {
    try {
      opts.incidents.recordEvents(redact(events));
    } catch (err) {
      opts.log(redact(`could not record ${events.map((e) => e.kind).join(', ')}: ${(err as Error).message}`));
    }
  };

  const report = (outcome: Omit<RemoteOutcome, 'at'>) => {
    const full: RemoteOutcome = redact({ ...outcome, at: new Date(now()).toISOString() });
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

  const silences = createSilenceActions({
    incidentDir: opts.incidentDir,
    sources: opts.sources,
    now,
    actor: opts.actor,
    notice: opts.notice,
    report,
    record,
    event,
    track,
  });

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
    const [extras, live] = await Promise.all([pagerDutyExtras(inc), silences.live(inc)]);
    return {
      incidentId: inc.id,
      fetchedAt: new Date(now()).toISOString(),
      sources: [...bySource].map(([sourceId, e]) => ({ sourceId, sourceName: opts.sources.nameOf(sourceId), ...e })),
      pagerDuty,
      onCall: extras.onCall,
      changes: extras.changes,
      silences: live.silences,
      silence: silences.possible(inc),
      remote: [...(outcomes.get(inc.id)?.values() ?? [])],
      problems: redact([...extras.problems, ...live.problems]),
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
    'incident:evidence': async ({ id, refresh, runAlertExpression }) => {
      incidentOf(id);
      return track(evidence.evidence(id, refresh ?? false, runAlertExpression ?? false));
    },
    'incident:context': async ({ id }) => context(incidentOf(id)),
    'incident:silence': async ({ id, ...input }) => silences.silence(incidentOf(id), input),
    'incident:silence-preview': async ({ id }) => silences.preview(incidentOf(id)),
    'incident:unsilence': async ({ id, silenceId }) => silences.unsilence(incidentOf(id), silenceId),
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

/** PagerDuty's reason in words, with its own explanation (PagerDuty's error message) when it gave one. */
function pagerDutyWhy(source: PagerDutySource, err: unknown): string {
  if (err instanceof ContextBudgetError) return err.message;
  const failure = describePagerDutyFailure(source.health().target, err, 10_000);
  const body = err instanceof HttpStatusError && err.bodySnippet ? ` (${err.bodySnippet})` : '';
  return `${failure.message}${body}`;
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
  manager: Pick<SourceManager, 'prometheusAccess' | 'alertmanager' | 'pagerDuty' | 'redact'>,
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
    redact: (value) => manager.redact(value),
  };
}
