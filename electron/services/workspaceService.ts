import type { ClassificationConfig } from '../../shared/classify/classificationConfig';
import type { DemoScenario } from '../../shared/demo/demoScenario';
import type { Incident } from '../../shared/domain/incident';
import type { TimelineEvent } from '../../shared/domain/timeline';
import type { IncidentActionResult } from '../../shared/incidents/incidentActions';
import { declareIncident, escalateIncident, undeclareIncident } from '../../shared/incidents/judgmentActions';
import type { IncidentsState } from '../../shared/incidents/reconcileIncidents';
import { UserFacingError } from '../../shared/ipc/callHandler';
import type { EventName, EventPayload, RequestHandlers } from '../../shared/ipc/contract';
import type { AlertmanagerSource } from '../sources/alertmanager/alertmanagerSource';
import type { PagerDutySource } from '../sources/pagerduty/pagerDutySource';
import { createPrometheusApi, type PrometheusApi } from '../sources/prometheusApi';
import type { SettingsStore } from '../store/settingsStore';
import { sharesAcks } from './buildSource';
import { createAckSilences } from './ackSilences';
import { createEvidenceCapture } from './evidenceCapture';
import { createIncidentContext } from './incidentContext';
import { createPagerDutyActions } from './pagerDutyActions';
import { createSilenceActions } from './silenceActions';
import type { PrometheusAccess, SourceManager } from './sourceManager';
import { createWorkspaceRecorder } from './workspaceRecorder';

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
    /** Every running Alertmanager source. */
    alertmanagerIds?(): string[];
    pagerDuty(sourceId: string): PagerDutySource | null;
    /** Every running PagerDuty source, for change events when no PagerDuty incident is linked. */
    pagerDutyIds(): string[];
    /** The name the user gave the source, for messages. */
    nameOf(sourceId: string): string;
    /** The `From` email set on a PagerDuty source, or null (then the token owner's is used). */
    fromEmailOf(sourceId: string): string | null;
    /** Whether an Alertmanager source shares acks as "ack" silences (absent: never). */
    sharesAcks?(sourceId: string): boolean;
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
  /** Renews the shared ack silences that end soon (called every minute while running). */
  renewAcks(): Promise<void>;
  /** Resolves when no evidence capture or remote call is in flight (tests). */
  idle(): Promise<void>;
}

/**
 * The incident workspace on the main side: evidence, what PagerDuty and Alertmanager say about an
 * incident (incidentContext.ts), and the actions that reach them (pagerDutyActions.ts,
 * silenceActions.ts), sharing one recorder for timeline events and remote outcomes.
 */
export function createWorkspaceService(opts: WorkspaceServiceOptions): WorkspaceService {
  const { now } = opts;
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
  const recorder = createWorkspaceRecorder({
    now,
    actor: opts.actor,
    recordEvents: (events) => opts.incidents.recordEvents(events),
    emit: opts.emit,
    redact: (value) => opts.sources.redact(value),
    log: opts.log,
  });
  const pagerDuty = createPagerDutyActions({ sources: opts.sources, actor: opts.actor, recorder });
  const silences = createSilenceActions({
    incidentDir: opts.incidentDir,
    sources: opts.sources,
    now,
    actor: opts.actor,
    notice: opts.notice,
    report: recorder.report,
    record: recorder.record,
    event: recorder.event,
    track: recorder.track,
  });
  const ackSilences = createAckSilences({
    incidentDir: opts.incidentDir,
    sources: {
      alertmanager: opts.sources.alertmanager,
      nameOf: opts.sources.nameOf,
      sharesAcks: (id) => opts.sources.sharesAcks?.(id) ?? false,
    },
    get: (id) => opts.incidents.get(id),
    now,
    actor: opts.actor,
    notice: opts.notice,
    recorder,
  });
  const context = createIncidentContext({
    sources: opts.sources,
    silences,
    recorder,
    now,
    ttlMs: opts.contextTtlMs ?? 30_000,
  });

  const incidentOf = (id: string): Incident => {
    const inc = opts.incidents.get(id);
    if (!inc) throw new UserFacingError(`There is no incident ${id}: it may have been removed; reload the list.`);
    return inc;
  };

  const handlers: WorkspaceHandlers = {
    'incident:ack': async (input) => {
      const inc = await opts.incidents.ack(input);
      // Also when it was acknowledged already: pressing it again retries a PagerDuty ack that failed.
      pagerDuty.ack(inc);
      ackSilences.ack(inc, input.note);
      return inc;
    },
    'incident:mitigate': async (input) => {
      const inc = await opts.incidents.mitigate(input);
      // Mitigating acknowledges; PagerDuty should stop paging for it too.
      pagerDuty.ack(inc);
      ackSilences.ack(inc, input.note);
      return inc;
    },
    'incident:resolve': async (input) => {
      await pagerDuty.resolve(incidentOf(input.id));
      const inc = await opts.incidents.resolve(input);
      ackSilences.resolved(inc);
      return inc;
    },
    'incident:evidence': async ({ id, refresh, runAlertExpression }) => {
      incidentOf(id);
      return recorder.track(evidence.evidence(id, refresh ?? false, runAlertExpression ?? false));
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
      const resolved = new Set(events.filter((e) => e.kind === 'resolved').map((e) => e.incidentId));
      for (const inc of changed) {
        if (resolved.has(inc.id) && inc.state === 'resolved') ackSilences.resolved(inc);
        else ackSilences.seen(inc);
      }
      const fired = new Set(events.filter((e) => e.kind === 'fired' || e.kind === 'refired').map((e) => e.incidentId));
      if (fired.size === 0) return;
      evidence.fired(changed.filter((i) => fired.has(i.id)));
    },
    renewAcks: () => ackSilences.renew(),
    async idle() {
      await evidence.idle();
      await recorder.idle();
    },
  };
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
    alertmanagerIds: () =>
      settings
        .get()
        .sources.filter((s) => s.kind === 'alertmanager' && manager.alertmanager(s.id))
        .map((s) => s.id),
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
    sharesAcks: (id) => {
      const c = configOf(id);
      return c?.kind === 'alertmanager' && sharesAcks(c);
    },
    redact: (value) => manager.redact(value),
  };
}
