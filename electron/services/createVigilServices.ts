import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDemoScenario } from '../../shared/demo/demoScenario';
import type { EventName, EventPayload, RequestHandlers } from '../../shared/ipc/contract';
import type { NotifierHealth } from '../../shared/ipc/incidentContract';
import type { Notifier } from '../notify/desktopNotifier';
import { openIncidentStore } from '../store/incidentStore';
import type { Incident, IncidentState } from '../../shared/domain/incident';
import { sortIncidents } from '../../shared/incidents/sortIncidents';
import { openSecretStore, type SecretCodec } from '../store/secretStore';
import type { WindowState } from '../store/settingsSchema';
import { openSettingsStore, type OpenSettingsFile } from '../store/settingsStore';
import { buildInsightsService } from './buildInsightsService';
import { createClassificationService } from './classificationService';
import { createIncidentService } from './incidentService';
import { createRuleQueryRunner } from './ruleQueryRunner';
import { previewMatrix } from './matrixPreview';
import { watchHeartbeats, type HeartbeatState, type HeartbeatStatus } from '../../shared/incidents/watchHeartbeats';
import { createPagerDutyNotes } from './pagerDutyNotes';
import { createPostMortemService } from './postmortemService';
import { createRunbookService } from './runbookService';
import { createSourceManager, type SourceManager } from './sourceManager';
import { createTimelineService } from './timelineService';
import { createWorkspaceService, workspaceSources, type WorkspaceService } from './workspaceService';

export interface VigilServicesOptions {
  dataDir: string;
  resourcesDir: string;
  mode: 'electron' | 'browser';
  version: string;
  notifier: Notifier;
  /** How settings.json is opened: electron-store in the desktop app, conf (the default) in browser mode. */
  openSettingsFile?: OpenSettingsFile;
  now?: () => number;
  /** Speed of the demo replay; 1 = real time. */
  demoSpeed?: number;
  log?: (message: string) => void;
  /** How secrets are kept at rest: Electron passes a safeStorage codec; default a plain 0600 file. */
  secretCodec?: SecretCodec;
  /** What the shell found before the services existed (a weak secret store), shown with the notices. */
  startupNotices?: string[];
  /** Electron: registers or removes Vigil as a login item. Absent in the browser host. */
  applyStartAtLogin?: (on: boolean) => void;
}

type Listener<K extends EventName> = (payload: EventPayload<K>) => void;

export interface VigilServices {
  handlers: RequestHandlers;
  /**
   * Every incident in memory as the list shows them (sorted), or those in `state`: for the main
   * side (tests, the bench). Renderers read pages (`incidents:page`): a storm's whole list in one
   * reply is tens of megabytes.
   */
  listIncidents(state?: IncidentState): Incident[];
  /**
   * Every incident in memory in no particular order, for a caller that picks its own: the tray,
   * which reads them at every refresh and should not sort a storm's 20,000 each time.
   */
  unsortedIncidents(): Incident[];
  on<K extends EventName>(event: K, listener: Listener<K>): () => void;
  start(): void;
  stop(): void;
  /** Resolves once every change so far is on disk (call it after stop, before exiting). */
  flush(): Promise<void>;
  /** The user clicked a desktop notification: the renderer shows that incident. */
  notificationClicked(incidentId: string): void;
  /**
   * The browser bridge says how much its slowest reader has not read yet; incident pushes wait
   * while it is high, so a storm reaches the renderer as fast as it reads (Electron's IPC has no
   * such limit).
   */
  setPushBacklog(backlog: () => number): void;
  /** The machine goes to sleep / wakes: polling stops and resumes (no failures logged while asleep). */
  pauseSources(): void;
  resumeSources(): void;
  /** Electron: where the window was at the last run. */
  windowState(): WindowState | null;
  saveWindowState(state: WindowState): void;
  /**
   * Writes a line to the log through the services' redactor, so the hosts' own lines (a failed
   * request's stack, which may quote a URL or a header) hide credentials like everything else.
   */
  log(message: string): void;
}

/**
 * The composition root shared by the Electron shell and the browser host: settings, sources,
 * classification, incident engine and notifications, exposed as contract handlers and events.
 * It is the single writer of state; renderers get a read model through events.
 */
export function createVigilServices(opts: VigilServicesOptions): VigilServices {
  const now = opts.now ?? Date.now;
  const rawLog = opts.log ?? (() => {});
  // Log lines pass the same redactor as everything else that leaves (set once the sources exist).
  let redactLog = (m: string) => m;
  const log = (message: string) => rawLog(redactLog(message));
  const settings = openSettingsStore(opts.dataDir, undefined, opts.openSettingsFile);
  const notices = [...settings.notices, ...(opts.startupNotices ?? [])];
  const scenario = parseDemoScenario(readFileSync(join(opts.resourcesDir, 'demo', 'ml-serving-incident.yaml'), 'utf8'));

  const listeners = new Map<EventName, Set<Listener<EventName>>>();
  let pushBacklog = () => 0;
  const emit = <K extends EventName>(event: K, payload: EventPayload<K>) => {
    for (const l of listeners.get(event) ?? []) (l as Listener<K>)(payload);
  };

  const notice = (raw: string) => {
    const message = redactLog(raw);
    log(message);
    notices.push(message);
    emit('app:notices', [...notices]);
  };
  settings.onProblem(notice);
  // Desktop notifications are watched like a source: a failing notifier is shown, never silent.
  let notifierHealth: NotifierHealth = opts.notifier.health?.() ?? {
    status: 'ok',
    since: new Date(now()).toISOString(),
    message: null,
  };
  opts.notifier.onHealth?.((h) => {
    notifierHealth = h;
    if (h.message) log(`desktop notifications ${h.status}: ${h.message}`);
    emit('notifications:health', h);
  });
  const classifier = createClassificationService({ resourcesDir: opts.resourcesDir, dataDir: opts.dataDir, notice });
  // Every consumer asks for the rules when it uses them, so an override saved while running
  // reaches the engine, declare/undeclare, evidence, insights and the tray alike.
  const classification = () => classifier.current();

  const incidentStore = openIncidentStore(opts.dataDir);
  const prefs = () => settings.get().preferences;
  const incidents = createIncidentService({
    store: incidentStore,
    classification,
    notifier: opts.notifier,
    notificationSettings: () => prefs().notifications,
    now,
    localMinutes: (t) => {
      const d = new Date(t);
      return d.getHours() * 60 + d.getMinutes();
    },
    actor: () => prefs().displayName,
    retentionDays: () => prefs().retentionDays,
    emit,
    notice,
    log,
    onChanged: (changed, events) => workspace?.incidentsChanged(changed, events),
    backlog: () => pushBacklog(),
  });
  // Built once the sources are; until then nothing fires (sources start later).
  let workspace: WorkspaceService | null = null;

  let lastHealthJson = '';
  // Sources report while the manager is being built; until it exists there is nothing to reconcile.
  let sources: SourceManager | null = null;

  // Heartbeats (Watchdog) become source health, and their silence an incident.
  let heartbeats: HeartbeatState = new Map();
  let heartbeatStatus = new Map<string, HeartbeatStatus>();
  // Matrix rules with `query:` get their PromQL run against the alert's Prometheus after each poll.
  const queries = createRuleQueryRunner({
    classification: () => classifier.current(),
    prometheus: (id) => sources?.prometheusAccess(id) ?? null,
    allPrometheus: () => settings.get().sources.flatMap((s) => sources?.prometheusAccess(s.id) ?? []),
    onResults: () => onSourceUpdate(),
    now,
  });

  // A failure here would silently stop incidents and pages for every source: said once per cause.
  let lastUpdateFailure: string | null = null;
  const onSourceUpdate = () => {
    try {
      processSourceUpdate();
      lastUpdateFailure = null;
    } catch (err) {
      const message = (err as Error).message;
      log(`processing source updates failed: ${(err as Error).stack ?? message}`);
      if (message === lastUpdateFailure) return;
      lastUpdateFailure = message;
      notice(
        `Vigil could not process the latest alerts (${message}): incidents and pages may lag until this clears. It tries again at every poll; the log has the details.`,
      );
    }
  };
  const processSourceUpdate = () => {
    if (!sources) return;
    const raw = sources.health();
    const step = watchHeartbeats(heartbeats, sources.signals(), raw, classifier.current(), now());
    heartbeats = step.state;
    heartbeatStatus = step.status;
    const health = raw.map((h) => ({ ...h, heartbeat: step.status.get(h.sourceId) ?? null }));
    incidents.reconcile(step.signals, health, { queryResults: queries.results() });
    queries.schedule(step.signals);
    syncNotes();
    const json = JSON.stringify(health);
    if (json !== lastHealthJson) {
      lastHealthJson = json;
      emit('sources:health', health);
    }
  };

  // Notes mirrored with PagerDuty: only with a PagerDuty source, at most every 2 s (polls of all sources land here).
  let notesSyncedAt = 0;
  const syncNotes = () => {
    if (!settings.get().sources.some((s) => s.kind === 'pagerduty') || now() - notesSyncedAt < 2_000) return;
    notesSyncedAt = now();
    void notes.sync();
  };
  const notes = createPagerDutyNotes({
    file: join(opts.dataDir, 'pagerduty-notes.json'),
    incidents: {
      get: (id) => incidents.get(id),
      linked: async () =>
        incidents.list().filter((i) => i.state !== 'resolved' && i.signals.some((s) => s.sourceKind === 'pagerduty')),
      recordEvents: (events) => incidents.recordEvents(events),
      timelineEvents: (id) => incidents.timelineEvents(id),
    },
    pagerDuty: (id) => sources?.pagerDuty(id) ?? null,
    now,
    notice,
    log,
  });

  sources = createSourceManager({
    settings,
    secrets: openSecretStore(opts.dataDir, opts.secretCodec),
    scenario,
    demoSpeed: opts.demoSpeed ?? 1,
    now,
    onUpdate: onSourceUpdate,
    log,
  });
  const manager = sources;
  redactLog = (m) => manager.redact(m);
  notices.push(...manager.notices);

  const runbooks = createRunbookService({
    shippedDir: join(opts.resourcesDir, 'runbooks'),
    settings,
    incidentDir: (id) => incidentStore.dirOf(id),
    incidents: {
      get: (id) => incidents.get(id),
      recordEvents: (events) => incidents.recordEvents(events),
      openIds: async () =>
        incidents
          .list()
          .filter((i) => i.state !== 'resolved')
          .map((i) => i.id),
    },
    prometheus: {
      get: (id) => manager.prometheusAccess(id),
      list: () => settings.get().sources.flatMap((s) => manager.prometheusAccess(s.id) ?? []),
    },
    now,
    actor: () => prefs().displayName,
    emit,
    notice,
    log,
  });

  const timeline = createTimelineService({
    incidentDir: (id) => incidentStore.dirOf(id),
    incidents,
    now,
    newId: randomUUID,
    actor: () => prefs().displayName,
    emit,
    onNote: (incidentId, note) => notes.noteAdded(incidentId, note),
  });
  const postmortems = createPostMortemService({
    incidentDir: (id) => incidentStore.dirOf(id),
    incidents: {
      get: (id) => incidents.get(id),
      // Every incident folder on disk: a post-mortem is listed whatever happened to its
      // incident.json (kept aside as unreadable) and when its incident left memory.
      ids: () => incidentStore.idsOnDisk(),
    },
    timeline,
    runbookSuggestions: (id) => runbooks.actionItemSuggestions(id),
    now,
    actor: () => prefs().displayName,
    emit,
    log,
  });

  workspace = createWorkspaceService({
    classification,
    scenario,
    demoSpeed: opts.demoSpeed ?? 1,
    incidentDir: (id) => incidentStore.dirOf(id),
    incidents: {
      get: (id) => incidents.get(id),
      recordEvents: (events) => incidents.recordEvents(events),
      apply: (action) => incidents.apply(action),
      ack: incidents.handlers['incident:ack'],
      mitigate: incidents.handlers['incident:mitigate'],
      resolve: incidents.handlers['incident:resolve'],
    },
    sources: workspaceSources(settings, manager),
    now,
    actor: () => prefs().displayName,
    emit,
    notice,
    log,
  });

  const insights = buildInsightsService({
    settings,
    incidentStore,
    incidents,
    sources: manager,
    classification,
    handlers: () => handlers,
    now,
    actor: () => prefs().displayName,
  });

  const handlers: RequestHandlers = {
    ...manager.handlers,
    'classification:preview': async () =>
      previewMatrix(
        settings.get().sources.flatMap((s) => manager.prometheusAccess(s.id) ?? []),
        classifier.current(),
        now(),
      ),
    // Each source's health with its heartbeats, as the top bar gets it.
    'sources:list': async (input) =>
      (await manager.handlers['sources:list'](input)).map((v) => ({
        ...v,
        health: { ...v.health, heartbeat: heartbeatStatus.get(v.id) ?? null },
      })),
    'app:info': async () => {
      const s = settings.get();
      return {
        name: 'Vigil',
        version: opts.version,
        mode: opts.mode,
        // With history on disk this is not a first run, even with every source removed: the
        // engineer needs their incidents and post-mortems, offline included.
        // Incidents that left memory (resolved over a day ago) are history on disk too.
        firstRun: s.sources.length === 0 && !s.demo.enabled && incidents.knownIds().length === 0,
        demoRunning: manager.demoRunning(),
        notices: [...notices],
        notifications: notifierHealth,
      };
    },
    ...incidents.handlers,
    ...classifier.handlers,
    ...insights.handlers,
    ...runbooks.handlers,
    ...timeline.handlers,
    ...postmortems.handlers,
    // After the incident handlers: ack and mitigate also reach PagerDuty from here.
    ...workspace.handlers,
    'preferences:get': async () => ({ preferences: prefs(), canStartAtLogin: Boolean(opts.applyStartAtLogin) }),
    'preferences:update': async (next) => {
      const before = prefs();
      settings.update((s) => ({ ...s, preferences: next }));
      if (before.startAtLogin !== next.startAtLogin) opts.applyStartAtLogin?.(next.startAtLogin);
      return { preferences: prefs(), canStartAtLogin: Boolean(opts.applyStartAtLogin) };
    },
    'notifications:pause': async ({ minutes }) => {
      const pausedUntil = minutes === 0 ? null : new Date(now() + minutes * 60_000).toISOString();
      settings.update((s) => ({
        ...s,
        preferences: { ...s.preferences, notifications: { ...s.preferences.notifications, pausedUntil } },
      }));
      return { pausedUntil };
    },
  };

  let ackRenewal: ReturnType<typeof setInterval> | null = null;
  return {
    handlers,
    listIncidents: (state) => sortIncidents(incidents.list(state)),
    unsortedIncidents: () => incidents.list(),
    log,
    on(event, listener) {
      const set = listeners.get(event) ?? new Set();
      set.add(listener as Listener<EventName>);
      listeners.set(event, set);
      return () => set.delete(listener as Listener<EventName>);
    },
    start: () => {
      manager.start();
      runbooks.start();
      // Shared ack silences are short; they are renewed while their incident stays acknowledged.
      ackRenewal ??= setInterval(() => void workspace?.renewAcks(), 60_000);
      ackRenewal.unref?.();
      // Ack silences set before a restart: picked up again for the incidents still acknowledged.
      workspace?.incidentsChanged(incidents.list('acknowledged'), []);
    },
    stop: () => {
      if (ackRenewal) clearInterval(ackRenewal);
      ackRenewal = null;
      manager.stop();
      queries.stop();
      runbooks.stop();
      opts.notifier.close?.();
    },
    flush: () => incidents.flush(),
    notificationClicked: (incidentId) => emit('notify:clicked', { incidentId }),
    setPushBacklog: (backlog) => {
      pushBacklog = backlog;
    },
    pauseSources: () => manager.pauseAll(),
    resumeSources: () => manager.resumeAll(),
    windowState: () => settings.get().window,
    saveWindowState: (window) => {
      try {
        settings.update((s) => ({ ...s, window }));
      } catch (err) {
        log(`could not remember the window position: ${(err as Error).message}`);
      }
    },
  };
}
