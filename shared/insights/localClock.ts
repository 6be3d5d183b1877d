/**
 * Business hours, weeks and "today" are local notions; the reports stay pure by taking the
 * conversion as a parameter. The wiring passes `zonedClock(<the user's zone>)`; tests pass a
 * fixed offset.
 */
export interface LocalTime {
  /** YYYY-MM-DD in the local calendar. */
  date: string;
  /** 0 = Sunday ... 6 = Saturday (as Date#getDay). */
  weekday: number;
  /** Minutes since local midnight. */
  minutes: number;
}
export type LocalClock = (ms: number) => LocalTime;

/** A clock at a fixed offset from UTC (minutes east, e.g. 60 for UTC+1): no DST. */
export function fixedOffsetClock(offsetMinutes: number): LocalClock {
  return (ms) => {
    const d = new Date(ms + offsetMinutes * 60_000);
    return {
      date: d.toISOString().slice(0, 10),
      weekday: d.getUTCDay(),
      minutes: d.getUTCHours() * 60 + d.getUTCMinutes(),
    };
  };
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** A clock in an IANA time zone ("Europe/Paris"), DST included, through Intl. */
export function zonedClock(timeZone: string): LocalClock {
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    weekday: 'short',
    hourCycle: 'h23',
  });
  return (ms) => {
    const parts: Record<string, string> = {};
    for (const p of format.formatToParts(ms)) parts[p.type] = p.value;
    return {
      date: `${parts.year}-${parts.month}-${parts.day}`,
      weekday: WEEKDAYS.indexOf(parts.weekday ?? ''),
      minutes: Number(parts.hour) * 60 + Number(parts.minute),
    };
  };
}

export interface BusinessHours {
  /** Working days, 0 = Sunday ... 6 = Saturday. */
  days: readonly number[];
  /** HH:MM local, start included, end excluded; start before end. */
  start: string;
  end: string;
}

export const DEFAULT_BUSINESS_HOURS: BusinessHours = { days: [1, 2, 3, 4, 5], start: '09:00', end: '18:00' };

function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

export function isBusinessHours(t: LocalTime, hours: BusinessHours): boolean {
  return hours.days.includes(t.weekday) && t.minutes >= minutesOf(hours.start) && t.minutes < minutesOf(hours.end);
}

/** "Mon-Fri 09:00-18:00", for the report. */
export function describeBusinessHours(hours: BusinessHours): string {
  const days = [...hours.days].sort((a, b) => ((a + 6) % 7) - ((b + 6) % 7));
  const contiguous = days.every((d, i) => i === 0 || d === (days[i - 1]! + 1) % 7);
  const names =
    contiguous && days.length > 2
      ? `${WEEKDAYS[days[0]!]}-${WEEKDAYS[days[days.length - 1]!]}`
      : days.map((d) => WEEKDAYS[d]).join(', ');
  return `${names} ${hours.start}-${hours.end}`;
}

/** The Monday (YYYY-MM-DD) of the week a local day belongs to: weeks run Monday to Sunday. */
export function weekStartOf(date: string, weekday: number): string {
  return addDays(date, -((weekday + 6) % 7));
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00.000Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
