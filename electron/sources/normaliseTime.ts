/** Time texts not in canonical form, already normalised; emptied past MAX_TIMES entries. */
const times = new Map<string, string | null>();
const MAX_TIMES = 50_000;

/**
 * A source's time text (Prometheus's activeAt, Alertmanager's startsAt) -> ISO time, or null for
 * none or "never". Text already in toISOString's form (Prometheus's with millisecond
 * precision, Vigil's own fixtures) is returned as it is once its fields are checked. Other text
 * (Go's nanoseconds) is parsed once and kept: an alert reports the same activeAt every poll, and a
 * storm poll would otherwise parse and format 20,000 dates. The cache is emptied when it grows
 * past MAX_TIMES, which bounds it whatever the alerts do.
 */
export function normaliseTime(t: string | undefined): string | null {
  if (!t) return null;
  if (isCanonicalTime(t)) return t;
  const known = times.get(t);
  if (known !== undefined) return known;
  const ms = Date.parse(t);
  // Prometheus reports 0001-01-01T00:00:00Z for "never"; treat it as unknown.
  const iso = Number.isFinite(ms) && ms > 0 ? new Date(ms).toISOString() : null;
  if (times.size >= MAX_TIMES) times.clear();
  times.set(t, iso);
  return iso;
}

/**
 * `YYYY-MM-DDTHH:mm:ss.sssZ` naming a real instant after 1970 (which toISOString gives back
 * unchanged). Anything else, including what Date.parse would roll over (Feb 30, 24:00), is not.
 */
function isCanonicalTime(t: string): boolean {
  if (t.length !== 24 || t.charCodeAt(23) !== 90 || t.charCodeAt(10) !== 84) return false;
  if (t.charCodeAt(4) !== 45 || t.charCodeAt(7) !== 45) return false;
  if (t.charCodeAt(13) !== 58 || t.charCodeAt(16) !== 58 || t.charCodeAt(19) !== 46) return false;
  const year = digits(t, 0, 4);
  const month = digits(t, 5, 2);
  const day = digits(t, 8, 2);
  if (year < 1971 || month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return false;
  const hour = digits(t, 11, 2);
  const minute = digits(t, 14, 2);
  const second = digits(t, 17, 2);
  return hour >= 0 && hour <= 23 && minute >= 0 && minute <= 59 && second >= 0 && second <= 59 && digits(t, 20, 3) >= 0;
}

/** The decimal number of `length` digits at `from`, or -1 when one of them is not a digit. */
function digits(t: string, from: number, length: number): number {
  let v = 0;
  for (let i = from; i < from + length; i++) {
    const d = t.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysIn(year: number, month: number): number {
  if (month !== 2) return DAYS_IN_MONTH[month - 1]!;
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
}
