const UNIT_MS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

/** Parses Prometheus-style durations: "30s", "5m", "4h", "1w", "1h30m". Returns null when malformed. */
export function parseDuration(text: string): number | null {
  // The same few texts (the severity policies' SLAs) are asked for at every tray refresh, once
  // per open incident: a storm's 20,000 regex matches per refresh.
  const known = parsed.get(text);
  if (known !== undefined) return known;
  const ms = parseDurationText(text);
  if (parsed.size >= 256) parsed.clear();
  parsed.set(text, ms);
  return ms;
}

const parsed = new Map<string, number | null>();

function parseDurationText(text: string): number | null {
  const trimmed = text.trim();
  if (!/^(\d+(ms|s|m|h|d|w))+$/.test(trimmed)) return null;
  let total = 0;
  for (const [, n, unit] of trimmed.matchAll(/(\d+)(ms|s|m|h|d|w)/g)) {
    total += Number(n) * UNIT_MS[unit!]!;
  }
  return total;
}

/** "14 min", "2 h 5 min", "3 d": compact, for reasons and countdowns. */
export function formatDuration(ms: number): string {
  const abs = Math.max(0, Math.round(ms / 1000));
  if (abs < 60) return `${abs} s`;
  const min = Math.floor(abs / 60);
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  if (h < 48) return min % 60 ? `${h} h ${min % 60} min` : `${h} h`;
  return `${Math.floor(h / 24)} d`;
}
