import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Incident } from '../../shared/domain/incident';
import type { TimelineEvent } from '../../shared/domain/timeline';
import { UserFacingError } from '../../shared/ipc/callHandler';
import type { EventName, EventPayload, RequestHandlers } from '../../shared/ipc/contract';
import type { CheckRunView, IncidentRunbooksView, RunbookLibraryView } from '../../shared/ipc/runbookContract';
import { draftRunbook } from '../../shared/runbooks/draftRunbook';
import { matchRunbooks } from '../../shared/runbooks/matchRunbooks';
import { parseRunbook } from '../../shared/runbooks/parseRunbook';
import type { RunbookEvent } from '../../shared/runbooks/runbookEvent';
import type { RunbookEntry } from '../../shared/runbooks/runbookLibrary';
import { walkableSteps, type Runbook } from '../../shared/runbooks/runbookModel';
import { runbookTimelineEvents } from '../../shared/runbooks/runbookTimelineEvents';
import { suggestActionItems, type ActionItemSuggestion } from '../../shared/runbooks/suggestActionItems';
import {
  applyWalkthroughAction,
  startWalkthrough,
  type WalkthroughAction,
  type WalkthroughResult,
} from '../../shared/runbooks/walkthrough';
import { createPrometheusApi, type PrometheusApi } from '../sources/prometheusApi';
import type { SettingsStore } from '../store/settingsStore';
import { createRunbookCheckRunner } from './runbookCheckRunner';
import { runbookCoverage } from './runbookCoverage';
import { checkRunbookFolder, createRunbookFolders, type LoadedLibrary } from './runbookFolders';
import { incidentRunbooksView } from './runbookIncidentView';
import { toRunbookSummary } from './runbookViews';
import type { PrometheusAccess } from './sourceManager';
import {
  createWalkthroughStore,
  restoredWalkthrough as restored,
  type SavedRunbooks,
  type SavedWalkthrough,
} from './walkthroughStore';

export type RunbookHandlers = Pick<
  RequestHandlers,
  | 'runbooks:list'
  | 'runbooks:set-folder'
  | 'runbook:for-incident'
  | 'runbook:start'
  | 'runbook:act'
  | 'runbook:run-query'
  | 'runbook:draft'
  | 'runbook:save-draft'
  | 'runbooks:coverage'
>;

export interface RunbookServiceOptions {
  shippedDir: string;
  settings: SettingsStore;
  /** Where the incident's own files live (the walkthrough is saved beside them). */
  incidentDir: (incidentId: string) => string;
  incidents: {
    get(id: string): Incident | undefined;
    recordEvents(events: readonly TimelineEvent[]): void;
    /** Incidents still being worked, whose walkthrough clocks keep running. */
    openIds(): Promise<string[]>;
  };
  prometheus: {
    get(sourceId: string): PrometheusAccess | null;
    /** Every configured Prometheus source, for coverage and for alerts that came another way. */
    list(): PrometheusAccess[];
  };
  now: () => number;
  actor: () => string;
  emit: <K extends EventName>(event: K, payload: EventPayload<K>) => void;
  notice: (message: string) => void;
  log: (message: string) => void;
  /** How often running walkthroughs are checked for a timebox running out. */
  tickMs?: number;
  debounceMs?: number;
  /** Tests inject a client; the default is the real HTTP API. */
  createApi?: (access: PrometheusAccess) => PrometheusApi;
}

export interface RunbookService {
  handlers: RunbookHandlers;
  /** Post-mortem action items from the incident's walkthroughs (current and earlier ones). */
  actionItemSuggestions(incidentId: string): ActionItemSuggestion[];
  start(): void;
  stop(): void;
}

/**
 * Runbooks for the main process: loads the library (shipped folder + the user's, watched), links
 * runbooks to incidents, drives each incident's walkthrough through the pure state machine and
 * writes every step to its timeline. Its parts: the walkthrough files (walkthroughStore), the
 * live checks (runbookCheckRunner) and the rules' coverage (runbookCoverage).
 */
export function createRunbookService(opts: RunbookServiceOptions): RunbookService {
  const { now } = opts;
  const createApi =
    opts.createApi ??
    ((a: PrometheusAccess) =>
      createPrometheusApi({ baseUrl: a.baseUrl, headers: a.headers, fetch: a.fetch, name: a.name }));
  const folders = createRunbookFolders({
    shippedDir: opts.shippedDir,
    userFolder: opts.settings.get().runbooks.userFolder,
    now,
    log: opts.log,
    debounceMs: opts.debounceMs,
    onChange: (loaded) => {
      opts.log(
        `runbooks reloaded: ${loaded.library.entries.length} usable, ${loaded.library.failures.length} with problems`,
      );
      opts.emit('runbooks:changed', libraryView(loaded));
    },
  });
  const store = createWalkthroughStore({ incidentDir: opts.incidentDir, now, notice: opts.notice });
  const { load, save } = store;
  const checks = createRunbookCheckRunner({ prometheus: opts.prometheus, createApi, now });
  const checkTarget = checks.targetOf;
  let ticker: NodeJS.Timeout | null = null;

  // ------------------------------------------------------------ library

  const entries = (): RunbookEntry[] => folders.current().library.entries;
  const entryOf = (id: string) => entries().find((e) => e.runbook.id === id) ?? null;

  function libraryView(loaded: LoadedLibrary = folders.current()): RunbookLibraryView {
    return {
      entries: loaded.library.entries.map(toRunbookSummary),
      failures: loaded.library.failures,
      overridden: loaded.library.overridden,
      shippedFolder: opts.shippedDir,
      userFolder: opts.settings.get().runbooks.userFolder,
      folderProblem: loaded.folderProblem,
      loadedAt: new Date(loaded.loadedAt).toISOString(),
    };
  }

  // ------------------------------------------------------------ walkthroughs

  function incidentOf(id: string): Incident {
    const incident = opts.incidents.get(id);
    if (!incident) throw new UserFacingError(`no incident ${id}`);
    return incident;
  }

  function runbookOf(id: string): Runbook {
    const entry = entryOf(id);
    if (!entry) {
      const broken = folders.current().library.failures.find((f) => f.path.endsWith(`${id}.md`));
      throw new UserFacingError(
        broken
          ? `Runbook "${id}" cannot be used now: ${broken.path} line ${broken.problems[0]!.line}: ${broken.problems[0]!.message}`
          : `There is no runbook "${id}" in the library (was its file removed or renamed?)`,
      );
    }
    return entry.runbook;
  }

  /**
   * Applies actions to the incident's walkthrough of `runbookId`, saves it, then writes its events
   * to the timeline. Saving comes first: if it fails nothing is recorded, so the timeline never
   * tells of progress that a restart would not show.
   */
  function mutate(
    incidentId: string,
    runbookId: string,
    actions: readonly WalkthroughAction[],
    how: { origin: 'user' | 'vigil'; manual?: boolean; checkRuns?: Record<string, CheckRunView> },
  ): void {
    incidentOf(incidentId);
    const runbook = runbookOf(runbookId);
    const { saved } = load(incidentId);
    const w = saved.current;
    if (!w || w.runbookId !== runbookId) {
      throw new UserFacingError(`Start the runbook "${runbook.title}" for this incident first.`);
    }
    const back = restored(w, runbook);
    if (!back.ok) throw new UserFacingError(`The saved walkthrough cannot be continued: ${back.message}`);
    let state = back.state;
    const events: RunbookEvent[] = [];
    for (const action of actions) {
      const result: WalkthroughResult = applyWalkthroughAction(runbook, state, action, now());
      if (!result.ok) throw new UserFacingError(result.message);
      state = result.state;
      events.push(...result.events);
    }
    commit(incidentId, saved, { runbookId, state, checkRuns: { ...w.checkRuns, ...how.checkRuns } }, events, how);
  }

  function commit(
    incidentId: string,
    saved: SavedRunbooks,
    current: SavedWalkthrough,
    events: readonly RunbookEvent[],
    how: { origin: 'user' | 'vigil'; manual?: boolean },
    earlier: SavedWalkthrough[] = saved.earlier,
  ) {
    const next: SavedRunbooks = { ...saved, eventSeq: saved.eventSeq + events.length, current, earlier };
    save(incidentId, next);
    if (events.length) {
      opts.incidents.recordEvents(
        runbookTimelineEvents(events, {
          incidentId,
          firstSeq: saved.eventSeq,
          actor: opts.actor(),
          origin: how.origin,
          manual: how.manual,
        }),
      );
    }
    opts.emit('runbook:walkthrough-changed', { incidentId });
  }

  /** Notes timeboxes that ran out; Vigil's own doing, so attributed to Vigil on the timeline. */
  function tick(incidentId: string) {
    const { saved } = load(incidentId);
    const w = saved.current;
    if (!w || !opts.incidents.get(incidentId)) return;
    const entry = entryOf(w.runbookId);
    if (!entry) return;
    const back = restored(w, entry.runbook);
    if (!back.ok || back.state.current === null) return;
    const result = applyWalkthroughAction(entry.runbook, back.state, { type: 'tick' }, now());
    if (!result.ok || result.events.length === 0) return;
    try {
      commit(incidentId, saved, { ...w, state: result.state }, result.events, { origin: 'vigil' });
    } catch (err) {
      opts.log(`runbook tick for ${incidentId}: ${(err as Error).message}`);
    }
  }

  // ------------------------------------------------------------ views

  function view(incidentId: string, wanted?: string): IncidentRunbooksView {
    const incident = incidentOf(incidentId);
    const { saved, problem } = load(incidentId);
    return incidentRunbooksView({
      incidentId,
      incident,
      saved,
      loadProblem: problem,
      entries: entries(),
      wanted,
      checkTarget,
      now: now(),
    });
  }

  // ------------------------------------------------------------ handlers

  const handlers: RunbookHandlers = {
    'runbooks:list': async () => libraryView(),

    'runbooks:set-folder': async ({ folder }) => {
      const path = folder === null ? null : checkRunbookFolder(folder);
      opts.settings.update((s) => ({ ...s, runbooks: { ...s.runbooks, userFolder: path } }));
      const loaded = folders.setUserFolder(path);
      const out = libraryView(loaded);
      opts.emit('runbooks:changed', out);
      opts.log(path ? `runbook folder set: ${path}` : 'runbook folder cleared');
      return out;
    },

    'runbook:for-incident': async ({ incidentId, runbookId }) => {
      incidentOf(incidentId);
      tick(incidentId);
      return view(incidentId, runbookId);
    },

    'runbook:start': async ({ incidentId, runbookId, restart }) => {
      incidentOf(incidentId);
      const runbook = runbookOf(runbookId);
      const { saved } = load(incidentId);
      const current = saved.current;
      if (current && !restart) {
        if (current.runbookId === runbookId) return view(incidentId, runbookId);
        const other = entryOf(current.runbookId)?.runbook.title ?? current.runbookId;
        throw new UserFacingError(
          `A walkthrough of "${other}" is in progress for this incident: confirm to switch to "${runbook.title}" (the earlier progress stays on the timeline).`,
        );
      }
      const started = startWalkthrough(runbook, incidentId, now());
      const earlier = current ? [...saved.earlier, current] : saved.earlier;
      commit(
        incidentId,
        saved,
        { runbookId, state: started.state, checkRuns: {} },
        started.events,
        { origin: 'user' },
        earlier,
      );
      return view(incidentId, runbookId);
    },

    'runbook:act': async ({ incidentId, runbookId, action }) => {
      if (action.type === 'record-query') {
        // From a screen, a check result can only be one the person read elsewhere and typed in.
        const run: CheckRunView = { query: null, via: 'entered by hand', series: null, detail: null, recent: [] };
        const incident = incidentOf(incidentId);
        const sla = action.sla ?? checkTarget(incident, matchedSignalIds(incident, runbookId)).sla;
        mutate(incidentId, runbookId, [{ ...action, error: null, sla }], {
          origin: 'user',
          manual: true,
          checkRuns: { [action.checkId]: run },
        });
      } else {
        mutate(incidentId, runbookId, [action], { origin: 'user' });
      }
      return view(incidentId, runbookId);
    },

    'runbook:run-query': async ({ incidentId, runbookId, checkId, stepKey }) => {
      const incident = incidentOf(incidentId);
      const runbook = runbookOf(runbookId);
      const wanted = walkableSteps(runbook).flatMap((s) =>
        s.checks.filter((c) => (checkId !== undefined ? c.id === checkId : s.key === stepKey)),
      );
      if (wanted.length === 0) {
        throw new UserFacingError(
          checkId !== undefined ? `this runbook has no check "${checkId}"` : `Step "${stepKey}" has no checks to run`,
        );
      }
      const target = checkTarget(incident, matchedSignalIds(incident, runbookId));
      if (!target.access) throw new UserFacingError(target.why ?? 'There is no Prometheus to run this check against.');
      // In parallel, recorded in document order: the first condition that holds decides, as written.
      const runs = await Promise.all(wanted.map((c) => checks.run(c, target)));
      mutate(
        incidentId,
        runbookId,
        runs.map((r) => r.action),
        { origin: 'user', checkRuns: Object.fromEntries(runs.map((r, i) => [wanted[i]!.id, r.run])) },
      );
      return view(incidentId, runbookId);
    },

    'runbook:draft': async ({ incidentId, alertname }) => {
      const incident = incidentOf(incidentId);
      const signal = incident.signals.find((s) => (s.labels.alertname ?? s.name) === alertname);
      if (!signal) throw new UserFacingError(`this incident has no alert named ${alertname}`);
      const markdown = draftRunbook(signal);
      const parsed = parseRunbook(markdown);
      const id = parsed.ok ? parsed.runbook.id : 'new-runbook';
      return { alertname, fileName: `${id}.md`, markdown, userFolder: opts.settings.get().runbooks.userFolder };
    },

    'runbook:save-draft': async ({ fileName, markdown }) => {
      const folder = opts.settings.get().runbooks.userFolder;
      if (folder === null) {
        throw new UserFacingError(
          'Choose a runbook folder first (Runbooks screen), or copy the draft and save it yourself.',
        );
      }
      const path = join(folder, fileName);
      try {
        // 'wx': a runbook someone already wrote is never overwritten by a draft.
        writeFileSync(path, markdown.endsWith('\n') ? markdown : `${markdown}\n`, { flag: 'wx', mode: 0o644 });
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        throw new UserFacingError(
          code === 'EEXIST'
            ? `${path} already exists: edit that file, or save the draft under another name`
            : `Could not write ${path} (${code ?? (err as Error).message})`,
        );
      }
      const loaded = folders.reload();
      const library = libraryView(loaded);
      opts.emit('runbooks:changed', library);
      opts.log(`runbook draft saved: ${path}`);
      return { path, library };
    },

    'runbooks:coverage': async () =>
      runbookCoverage(
        entries().map((e) => e.runbook),
        opts.prometheus.list(),
        createApi,
        now(),
      ),
  };

  function matchedSignalIds(incident: Incident, runbookId: string): string[] {
    const linking = matchRunbooks(
      entries().map((e) => e.runbook),
      incident.signals,
    );
    return linking.matches.find((m) => m.runbook.id === runbookId)?.signalIds ?? [];
  }

  return {
    handlers,
    actionItemSuggestions(incidentId) {
      const { saved } = load(incidentId);
      const t = now();
      return [...saved.earlier, ...(saved.current ? [saved.current] : [])].flatMap((w) => {
        const runbook = entryOf(w.runbookId)?.runbook;
        if (!runbook) return [];
        const back = restored(w, runbook);
        return back.ok ? suggestActionItems(runbook, back.state, t) : [];
      });
    },
    start() {
      folders.start();
      // Walkthroughs of incidents still open keep their clocks; load them so timeboxes are noticed.
      void opts.incidents
        .openIds()
        .then((ids) => ids.forEach((id) => tick(id)))
        .catch((err: Error) => opts.log(`runbooks: could not list open incidents (${err.message})`));
      ticker = setInterval(() => {
        for (const [id, saved] of store.loaded()) if (saved.current) tick(id);
      }, opts.tickMs ?? 15_000);
      ticker.unref?.();
    },
    stop() {
      folders.stop();
      if (ticker) clearInterval(ticker);
      ticker = null;
    },
  };
}
