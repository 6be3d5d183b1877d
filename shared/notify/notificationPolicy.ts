import { incidentSubject } from '../domain/alertSubject';
import { z } from 'zod';
import type { Incident } from '../domain/incident';
import { Severity, SEVERITIES } from '../domain/severity';
import { ITEMS_PER_PAUSE, runAtOnce } from '../incidents/slices';
import { formatDuration } from '../classify/duration';
import { notificationText } from './notificationText';
import { sanitizeNotificationText } from './sanitizeNotificationText';
import { formatCount } from '../domain/formatCount';

export const Route = z.enum(['page', 'quiet', 'none']);
export type Route = z.infer<typeof Route>;

const HHMM = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'write the time as HH:MM, e.g. 22:00');

/** The user's notification settings (Settings > Notifications). */
export const NotificationSettings = z.object({
  /** page = sound + critical urgency; quiet = a normal notification; none = only in the app. */
  // A P0 always reaches the person: it can be made quieter, never silent.
  routing: z.object({ P0: Route.exclude(['none']), P1: Route, P2: Route, P3: Route }),
  /** Re-notify an unacknowledged incident every N minutes; null = once. */
  renotifyMinutes: z.object({
    P0: z.number().int().min(1).max(1440).nullable(),
    P1: z.number().int().min(1).max(1440).nullable(),
    P2: z.number().int().min(1).max(1440).nullable(),
    P3: z.number().int().min(1).max(1440).nullable(),
  }),
  quietHours: z.object({ enabled: z.boolean(), start: HHMM, end: HHMM, includeP1: z.boolean() }),
  doNotDisturb: z.boolean(),
  /** "Pause notifications" from the tray: until this time, only P0 gets through. */
  pausedUntil: z.string().nullable(),
  /** More new notifications than this in one poll become a single summary. */
  stormThreshold: z.number().int().min(1).max(100),
});
export type NotificationSettings = z.infer<typeof NotificationSettings>;

export const defaultNotificationSettings = (): NotificationSettings => ({
  routing: { P0: 'page', P1: 'page', P2: 'quiet', P3: 'none' },
  renotifyMinutes: { P0: 5, P1: 15, P2: null, P3: null },
  quietHours: { enabled: false, start: '22:00', end: '07:00', includeP1: false },
  doNotDisturb: false,
  pausedUntil: null,
  stormThreshold: 3,
});

export interface OutgoingNotification {
  title: string;
  body: string;
  urgency: 'critical' | 'normal';
  sound: boolean;
  /** The incident a click focuses; for a summary, the most severe one. */
  incidentId: string;
  incidentIds: string[];
  kind: 'incident' | 'reminder' | 'summary';
}

export interface PolicyInput {
  /** Incidents the engine says deserve a notification now (new, or risen in severity). */
  fresh: readonly Incident[];
  /** All incidents, for reminders of unacknowledged ones (the engine's map, never copied). */
  all: Iterable<Incident>;
  /** When each incident was last notified (engine notifications and reminders). */
  lastNotified: ReadonlyMap<string, number>;
  settings: NotificationSettings;
  now: number;
  /** Minutes since local midnight at `now` (injected so the policy stays pure and testable). */
  localMinutes: number;
}

export interface PolicyResult {
  send: OutgoingNotification[];
  /** What was held back, and why, for the timeline ("muted by quiet hours"). */
  muted: { incidentId: string; why: string }[];
  /**
   * How each fresh incident was decided, for those not held back: page / quiet (in `send`, on its
   * own or in a summary of `summaryOf`) or none (Vigil only). Recorded once the send went through.
   */
  decided: { incidentId: string; how: 'page' | 'quiet' | 'none'; summaryOf?: number }[];
}

/** Whether an incident of this severity notifies now, and how; held back or none says why. */
export type NotificationDecision =
  { how: 'page' | 'quiet' } | { how: 'none'; why: string } | { how: 'held'; why: string };

/**
 * The one decision point: routing per severity (page, quiet, none), then what holds a
 * notification back now (pause, do-not-disturb, quiet hours; never for P0).
 */
export function decideNotification(
  severity: Severity,
  settings: NotificationSettings,
  now: number,
  localMinutes: number,
): NotificationDecision {
  const route = settings.routing[severity];
  if (route === 'none') return { how: 'none', why: `${severity} is routed to Vigil only (Settings > Notifications)` };
  const why = muteReason(severity, settings, now, localMinutes);
  return why ? { how: 'held', why } : { how: route };
}

/**
 * Decides which desktop notifications go out this poll, each through decideNotification:
 * fresh incidents, reminders until acknowledged, and storm coalescing into one summary.
 */
export function decideNotifications(input: PolicyInput): PolicyResult {
  return runAtOnce(decideNotificationsInSlices(input));
}

/**
 * The same, pausing every ITEMS_PER_PAUSE incidents: a storm's first poll offers 20,000 fresh
 * ones, and every poll looks at all of them for reminders (42 ms in one go, measured).
 */
export function* decideNotificationsInSlices(input: PolicyInput): Generator<void, PolicyResult, void> {
  // When each incident was notified is the caller's to record, once the notifier took the
  // notification (it may refuse); read here, never copied (a storm's holds 20,000).
  const { settings, now, lastNotified } = input;
  const muted: PolicyResult['muted'] = [];
  const decided: PolicyResult['decided'] = [];
  const wanted: { incident: Incident; kind: 'incident' | 'reminder'; how: 'page' | 'quiet' }[] = [];

  const consider = (incident: Incident, kind: 'incident' | 'reminder') => {
    const d = decideNotification(incident.severity, settings, now, input.localMinutes);
    if (d.how === 'none') {
      if (kind === 'incident') decided.push({ incidentId: incident.id, how: 'none' });
      return;
    }
    if (d.how === 'held') {
      muted.push({ incidentId: incident.id, why: d.why });
      return;
    }
    wanted.push({ incident, kind, how: d.how });
  };

  const freshIds = new Set<string>();
  let n = 0;
  for (const incident of input.fresh) {
    freshIds.add(incident.id);
    consider(incident, 'incident');
    if (++n % ITEMS_PER_PAUSE === 0) yield;
  }
  for (const incident of input.all) {
    if (++n % ITEMS_PER_PAUSE === 0) yield;
    if (freshIds.has(incident.id) || incident.state !== 'open' || incident.stale || incident.inhibitedBy) continue;
    const every = settings.renotifyMinutes[incident.severity];
    if (every === null) continue;
    const last = lastNotified.get(incident.id) ?? (incident.notifiedAt ? Date.parse(incident.notifiedAt) : null);
    if (last === null || now - last < every * 60_000) continue;
    consider(incident, 'reminder');
  }

  const summarised = wanted.length > settings.stormThreshold;
  for (const w of wanted) {
    if (w.kind !== 'incident') continue;
    decided.push({ incidentId: w.incident.id, how: w.how, ...(summarised ? { summaryOf: wanted.length } : {}) });
  }
  if (summarised) {
    const summary = yield* summaryOf(
      wanted.map((w) => w.incident),
      settings,
    );
    return { send: [summary], muted, decided };
  }
  const send = wanted.map(({ incident, kind, how }) => {
    const text = notificationText(incident, now);
    const page = how === 'page';
    return {
      title: sanitizeNotificationText(
        kind === 'reminder' ? `Still unacknowledged: ${text.title}` : text.title,
        'title',
      ),
      body: sanitizeNotificationText(
        kind === 'reminder'
          ? `${text.body}\nopen for ${formatDuration(now - Date.parse(incident.startedAt))}, not acknowledged`
          : text.body,
        'body',
      ),
      urgency: page ? ('critical' as const) : ('normal' as const),
      sound: page,
      incidentId: incident.id,
      incidentIds: [incident.id],
      kind,
    };
  });
  return { send, muted, decided };
}

/** Why a notification of this severity is held back now, or null. P0 is never held back. */
export function muteReason(
  severity: Severity,
  s: NotificationSettings,
  now: number,
  localMinutes: number,
): string | null {
  if (severity === 'P0') return null;
  if (s.pausedUntil && Date.parse(s.pausedUntil) > now)
    return `notifications paused until ${s.pausedUntil.slice(11, 16)} UTC`;
  const lowOrOptedIn = severity !== 'P1' || s.quietHours.includeP1;
  if (!lowOrOptedIn) return null;
  if (s.doNotDisturb) return 'do not disturb is on';
  if (s.quietHours.enabled && inWindow(localMinutes, s.quietHours.start, s.quietHours.end)) {
    return `quiet hours (${s.quietHours.start}-${s.quietHours.end})`;
  }
  return null;
}

function toMinutes(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h! * 60 + m!;
}

/** Handles windows that cross midnight (22:00-07:00). */
function inWindow(at: number, start: string, end: string): boolean {
  const a = toMinutes(start);
  const b = toMinutes(end);
  return a <= b ? at >= a && at < b : at >= a || at < b;
}

/**
 * One notification for a storm: counts per severity, the three most severe, the rest "in Vigil".
 * The incidents are grouped by severity in their order (what a stable sort by severity gives),
 * pausing every ITEMS_PER_PAUSE: a storm's first poll summarises 20,000.
 */
function* summaryOf(
  incidents: Incident[],
  settings: NotificationSettings,
): Generator<void, OutgoingNotification, void> {
  const bySeverity = new Map<Severity, Incident[]>(SEVERITIES.map((sev) => [sev, []]));
  for (let i = 0; i < incidents.length; i++) {
    bySeverity.get(incidents[i]!.severity)!.push(incidents[i]!);
    if ((i + 1) % ITEMS_PER_PAUSE === 0) yield;
  }
  const sorted: Incident[] = [];
  for (const sev of SEVERITIES) {
    for (const inc of bySeverity.get(sev)!) {
      sorted.push(inc);
      if (sorted.length % ITEMS_PER_PAUSE === 0) yield;
    }
  }
  const counts = SEVERITIES.map((sev) => [sev, bySeverity.get(sev)!.length] as const)
    .filter(([, n]) => n > 0)
    .map(([sev, n]) => `${formatCount(n)} ${sev}`)
    .join(', ');
  const top = sorted.slice(0, 3).map((i) => `${i.severity} ${i.title}${serviceOf(i) ? ` (${serviceOf(i)})` : ''}`);
  const more = sorted.length > 3 ? [`and ${formatCount(sorted.length - 3)} more in Vigil`] : [];
  const page = SEVERITIES.some((sev) => bySeverity.get(sev)!.length > 0 && settings.routing[sev] === 'page');
  return {
    title: sanitizeNotificationText(`${formatCount(sorted.length)} incidents need attention: ${counts}`, 'title'),
    body: sanitizeNotificationText([...top, ...more].join('\n'), 'body'),
    urgency: page ? 'critical' : 'normal',
    sound: page,
    incidentId: sorted[0]!.id,
    incidentIds: sorted.map((i) => i.id),
    kind: 'summary',
  };
}

function serviceOf(i: Incident): string | undefined {
  return incidentSubject(i) ?? undefined;
}
