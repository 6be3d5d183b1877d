import { incidentSubject } from '../domain/alertSubject';
import { z } from 'zod';
import type { Incident } from '../domain/incident';
import { Severity, SEVERITIES, severityRank } from '../domain/severity';
import { formatDuration } from '../classify/duration';
import { notificationText } from './notificationText';

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
  /** All incidents, for reminders of unacknowledged ones. */
  all: readonly Incident[];
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
  lastNotified: Map<string, number>;
}

/**
 * Decides which desktop notifications go out this poll: routing per severity, reminders until
 * acknowledged, quiet hours / do-not-disturb / pause (never for P0), and storm coalescing.
 */
export function decideNotifications(input: PolicyInput): PolicyResult {
  const { settings, now } = input;
  const lastNotified = new Map(input.lastNotified);
  const muted: PolicyResult['muted'] = [];
  const wanted: { incident: Incident; kind: 'incident' | 'reminder' }[] = [];

  const consider = (incident: Incident, kind: 'incident' | 'reminder') => {
    const route = settings.routing[incident.severity];
    if (route === 'none') return;
    const why = muteReason(incident.severity, settings, now, input.localMinutes);
    if (why) {
      muted.push({ incidentId: incident.id, why });
      return;
    }
    wanted.push({ incident, kind });
  };

  const freshIds = new Set(input.fresh.map((i) => i.id));
  for (const incident of input.fresh) consider(incident, 'incident');
  for (const incident of input.all) {
    if (freshIds.has(incident.id) || incident.state !== 'open' || incident.stale || incident.inhibitedBy) continue;
    const every = settings.renotifyMinutes[incident.severity];
    const last = lastNotified.get(incident.id) ?? (incident.notifiedAt ? Date.parse(incident.notifiedAt) : null);
    if (every === null || last === null || now - last < every * 60_000) continue;
    consider(incident, 'reminder');
  }

  for (const { incident } of wanted) lastNotified.set(incident.id, now);
  if (wanted.length > settings.stormThreshold) {
    return {
      send: [
        summaryOf(
          wanted.map((w) => w.incident),
          settings,
        ),
      ],
      muted,
      lastNotified,
    };
  }
  const send = wanted.map(({ incident, kind }) => {
    const text = notificationText(incident, now);
    const page = settings.routing[incident.severity] === 'page';
    return {
      title: kind === 'reminder' ? `Still unacknowledged: ${text.title}` : text.title,
      body:
        kind === 'reminder'
          ? `${text.body}\nopen for ${formatDuration(now - Date.parse(incident.startedAt))}, not acknowledged`
          : text.body,
      urgency: page ? ('critical' as const) : ('normal' as const),
      sound: page,
      incidentId: incident.id,
      incidentIds: [incident.id],
      kind,
    };
  });
  return { send, muted, lastNotified };
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

function summaryOf(incidents: Incident[], settings: NotificationSettings): OutgoingNotification {
  const sorted = [...incidents].sort((x, y) => severityRank(x.severity) - severityRank(y.severity));
  const counts = SEVERITIES.map((sev) => [sev, sorted.filter((i) => i.severity === sev).length] as const)
    .filter(([, n]) => n > 0)
    .map(([sev, n]) => `${n} ${sev}`)
    .join(', ');
  const top = sorted.slice(0, 3).map((i) => `${i.severity} ${i.title}${serviceOf(i) ? ` (${serviceOf(i)})` : ''}`);
  const more = sorted.length > 3 ? [`and ${sorted.length - 3} more in Vigil`] : [];
  const page = sorted.some((i) => settings.routing[i.severity] === 'page');
  return {
    title: `${sorted.length} incidents need attention: ${counts}`,
    body: [...top, ...more].join('\n'),
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
