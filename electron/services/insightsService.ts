import type { SeverityPolicy } from '../../shared/classify/classificationConfig';
import type { Incident } from '../../shared/domain/incident';
import type { Severity } from '../../shared/domain/severity';
import { TimelineEvent } from '../../shared/domain/timeline';
import { fatigueReport } from '../../shared/insights/fatigueReport';
import { NotificationRecord, touchesPeriod, type IncidentRecord } from '../../shared/insights/incidentHistory';
import { zonedClock, type LocalClock } from '../../shared/insights/localClock';
import { responseMetricsReport, type Period } from '../../shared/insights/responseMetricsReport';
import { shiftHandoff, shiftHandoffMarkdown } from '../../shared/insights/shiftHandoff';
import { weeklyReviewMarkdown } from '../../shared/insights/weeklyReviewMarkdown';
import { UserFacingError } from '../../shared/ipc/callHandler';
import type { RequestHandlers } from '../../shared/ipc/contract';
import type { InsightsSettings } from '../../shared/ipc/insightsContract';
import type { CoverageView } from '../../shared/ipc/runbookContract';
import type { OpenActionItem } from '../../shared/postmortem/openActionItems';
import type { TimelineAnnotation } from '../../shared/timeline/timelineAnnotation';
import type { IncidentStore } from '../store/incidentStore';
import type { SettingsStore } from '../store/settingsStore';
import type { OnCallLookup } from './nextOnCall';
import { withTimeout } from './withTimeout';

export type InsightsHandlers = Pick<
  RequestHandlers,
  'insights:settings' | 'insights:settings-update' | 'insights:metrics' | 'insights:fatigue' | 'insights:handoff'
>;

export interface InsightsServiceOptions {
  /**
   * The incidents of the local history that can matter for the period (see touchesPeriod): those
   * the engine holds and those that left its memory, read back from disk.
   */
  incidents: (period: Period) => Promise<Incident[]>;
  store: Pick<IncidentStore, 'readTimeline' | 'readNotifications'>;
  settings: Pick<SettingsStore, 'get' | 'update'>;
  policies: () => Record<Severity, SeverityPolicy>;
  /**
   * The runbook library's coverage of the Prometheus alert rules (`runbooks:coverage`), or null
   * when this build has none: then "rules without a runbook" is reported as not known.
   */
  coverage: (() => Promise<CoverageView>) | null;
  nextOnCall: (now: number) => Promise<OnCallLookup>;
  /**
   * Open action items across post-mortems (`postmortems:action-items`), or null while no
   * post-mortem store is wired: then the handoff says they are not known rather than "none".
   */
  actionItems:
    ((today: string) => Promise<{ items: OpenActionItem[]; unreadable: { title: string; problem: string }[] }>) | null;
  /** A person's notes, stars and corrections per incident, or null while no annotation store is wired. */
  annotations: ((incidentId: string) => readonly TimelineAnnotation[]) | null;
  /** Who writes the handoff (the display name; "you" means not set). */
  actor: () => string;
  now: () => number;
  /** The computer's IANA zone; tests pin it. */
  systemTimeZone?: () => string;
  /** How long the coverage may take before the report goes on without it. */
  coverageTimeoutMs?: number;
}

export interface InsightsService {
  handlers: InsightsHandlers;
}

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/**
 * On-call insights for the main process: reads the local history (the engine's incidents, their
 * timelines, notifications.jsonl) and hands it to the pure reports in shared/insights. Nothing
 * here needs a source to answer: PagerDuty only adds who is on call next, and Prometheus only
 * adds which rules have no runbook; without them the reports say what is not known.
 */
export function createInsightsService(opts: InsightsServiceOptions): InsightsService {
  const systemZone = opts.systemTimeZone ?? (() => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC');
  const insightsSettings = () => opts.settings.get().insights;
  const effectiveZone = (s: InsightsSettings = insightsSettings()) => s.timeZone ?? systemZone();
  const clockOf = (s: InsightsSettings = insightsSettings()): LocalClock => {
    try {
      return zonedClock(effectiveZone(s));
    } catch {
      // A zone this runtime does not know (settings edited by hand): UTC beats failing the report.
      return zonedClock('UTC');
    }
  };
  const settingsView = () => {
    const settings = insightsSettings();
    return { settings, effectiveTimeZone: effectiveZone(settings) };
  };

  /** Incidents that can matter for [from, to) (touchesPeriod), with their timelines. */
  const loadHistory = async (period: Period) => {
    const problems: string[] = [];
    const records: IncidentRecord[] = [];
    for (const incident of await opts.incidents(period)) {
      if (!touchesPeriod(incident, period)) continue;
      const timeline = opts.store.readTimeline(incident.id, (v) => TimelineEvent.parse(v));
      for (const p of timeline.problems)
        problems.push(`${incident.title} (${incident.id}), timeline line ${p.line}: ${p.reason}`);
      records.push({ incident, events: timeline.records, annotations: opts.annotations?.(incident.id) ?? [] });
    }
    const sent = opts.store.readNotifications((v) => NotificationRecord.parse(v));
    for (const p of sent.problems) problems.push(`notifications.jsonl line ${p.line}: ${p.reason}`);
    return { records, notifications: sent.records, problems };
  };

  const lastDays = (days: number): Period => {
    const now = opts.now();
    // Ends now (exclusive): "last 7 days" ending at a local midnight is exactly one calendar week.
    return { from: now - days * DAY_MS, to: now };
  };

  const rulesWithoutRunbook = async (): Promise<{ available: boolean; message: string; rules: string[] }> => {
    if (!opts.coverage) {
      return {
        available: false,
        message: 'runbook coverage is not available in this version of Vigil yet.',
        rules: [],
      };
    }
    let coverage: CoverageView;
    try {
      coverage = await withTimeout(opts.coverage(), opts.coverageTimeoutMs ?? 8_000);
    } catch (err) {
      return { available: false, message: `the alert rules could not be read (${(err as Error).message}).`, rules: [] };
    }
    if (coverage.sources.length === 0) {
      return {
        available: false,
        message:
          'no Prometheus source is configured; Vigil reads the alert rules from Prometheus to find those without a runbook.',
        rules: [],
      };
    }
    const read = coverage.sources.filter((s) => s.error === null);
    // Source errors usually name the source and its address already ("Prometheus at http://... refused").
    const failed = coverage.sources
      .filter((s) => s.error !== null)
      .map((s) => (s.error!.includes(s.url) ? s.error! : `${s.name} (${s.url}): ${s.error}`));
    if (read.length === 0) {
      return {
        available: false,
        message: `the alert rules could not be read from Prometheus: ${failed.join('; ')}.`,
        rules: [],
      };
    }
    // A rule is covered by a Vigil runbook matching it, or by its own runbook_url annotation (a
    // wiki page is a runbook too); the rest fire with nothing to follow.
    const rules = read.flatMap((s) =>
      s.rules.filter((r) => r.runbooks.length === 0 && r.runbookUrl === null).map((r) => r.name),
    );
    const ruleCount = read.reduce((n, s) => n + s.rules.length, 0);
    const names = read.map((s) => s.name).join(', ');
    return {
      available: true,
      message:
        `${ruleCount} alert rules read from ${names} at ${coverage.checkedAt.slice(11, 16)} UTC.` +
        (failed.length ? ` Not read: ${failed.join('; ')}.` : ''),
      rules: [...new Set(rules)],
    };
  };

  const actionItemsOf = async (today: string) => {
    const unavailable = (message: string) => ({ available: false, message, items: [] as OpenActionItem[] });
    if (!opts.actionItems) {
      return unavailable(
        'post-mortems are not stored by this version of Vigil yet, so their action items cannot be listed.',
      );
    }
    try {
      const r = await opts.actionItems(today);
      const unreadable = r.unreadable.map((u) => `${u.title} (${u.problem})`);
      return {
        available: true,
        message: unreadable.length
          ? `Post-mortems whose action items could not be read: ${unreadable.join('; ')}.`
          : null,
        items: r.items,
      };
    } catch (err) {
      return unavailable(`the post-mortems' action items could not be read (${(err as Error).message}).`);
    }
  };

  const localDate = (ms: number) => clockOf()(ms).date;
  const localStamp = (ms: number) => {
    const t = clockOf()(ms);
    const hh = String(Math.floor(t.minutes / 60)).padStart(2, '0');
    const mm = String(t.minutes % 60).padStart(2, '0');
    return `${t.date}-${hh}${mm}`;
  };

  const handlers: InsightsHandlers = {
    'insights:settings': async () => settingsView(),

    'insights:settings-update': async (next) => {
      if (next.timeZone !== null) {
        try {
          zonedClock(next.timeZone)(0);
        } catch {
          throw new UserFacingError(
            `"${next.timeZone}" is not a time zone this computer knows: use an IANA name such as Europe/Paris, or leave it empty for this computer's zone.`,
          );
        }
      }
      opts.settings.update((s) => ({ ...s, insights: next }));
      return settingsView();
    },

    'insights:metrics': async ({ days, groupBy }) => {
      const period = lastDays(days);
      const history = await loadHistory(period);
      return {
        report: responseMetricsReport({ records: history.records, period, groupBy, policies: opts.policies() }),
        problems: history.problems,
      };
    },

    'insights:fatigue': async ({ days }) => {
      const period = lastDays(days);
      const [history, coverage] = await Promise.all([loadHistory(period), rulesWithoutRunbook()]);
      const settings = insightsSettings();
      const report = fatigueReport({
        records: history.records,
        notifications: history.notifications,
        period,
        clock: clockOf(settings),
        businessHours: settings.businessHours,
        engineers: settings.engineersOnRotation,
        rulesWithoutRunbook: coverage.rules,
      });
      // The weekly review also carries response times by incident type: the seed's targets are per type.
      const metrics = responseMetricsReport({
        records: history.records,
        period,
        groupBy: 'type',
        policies: opts.policies(),
      });
      const markdown = weeklyReviewMarkdown(
        report,
        metrics,
        coverage.available ? {} : { runbookCoverageUnavailable: capitalise(coverage.message) },
      );
      return {
        report,
        coverage: { available: coverage.available, message: coverage.message },
        markdown,
        fileName: `vigil-weekly-review-${localDate(opts.now())}.md`,
        timeZone: effectiveZone(settings),
        problems: history.problems,
      };
    },

    'insights:handoff': async ({ hours }) => {
      const now = opts.now();
      const shift: Period = { from: now - hours * HOUR_MS, to: now };
      const [history, onCall] = await Promise.all([loadHistory(shift), opts.nextOnCall(now)]);
      // Open incidents belong in a handoff however old they are: loadHistory keeps every open one.
      const actor = opts.actor().trim();
      const today = localDate(now);
      const actions = await actionItemsOf(today);
      const handoff = shiftHandoff({
        shift: { ...shift, engineer: actor && actor !== 'you' ? actor : undefined },
        now,
        records: history.records,
        policies: opts.policies(),
        // The post-mortem side already lists open items across every document; use its answer.
        postMortems: [],
        nextOnCall: onCall.entries,
        notifications: history.notifications,
        today,
      });
      handoff.actionItems = actions.items;
      const markdown = shiftHandoffMarkdown(handoff, {
        ...(onCall.entries === null ? { onCallUnknownWhy: capitalise(onCall.message) } : {}),
        ...(actions.available ? {} : { actionItemsUnavailable: capitalise(actions.message ?? '') }),
      });
      return {
        handoff: {
          ...handoff,
          // The screen needs what the Markdown shows, not each entry's raw data.
          happened: {
            ...handoff.happened,
            incidents: handoff.happened.incidents.map((i) => ({
              ...i,
              entries: i.entries.map((e) => ({
                id: e.id,
                at: e.at,
                kind: e.kind,
                text: e.text,
                actor: e.actor,
                starred: e.starred,
                milestones: e.milestones,
              })),
            })),
          },
        },
        onCall: { status: onCall.status, message: onCall.message },
        actionItems: { available: actions.available, message: actions.message },
        markdown,
        fileName: `vigil-handoff-${localStamp(now)}.md`,
        problems: history.problems,
      };
    },
  };
  return { handlers };
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
