import type { SeriesPoint } from '../evidence/evidenceModel';
import type { DemoScenario } from './demoScenario';

/**
 * The demo's stand-in for a Prometheus range query: the samples the scenario gives the alert, on
 * the same clock as its signals (anchored by the signal's activeAt, as demoSignalsAt sets it),
 * those of the last `windowMs` up to `now`, with the current value held to `now`. Empty when the
 * scenario has no such alert.
 */
export function demoSeries(
  scenario: DemoScenario,
  alertName: string,
  activeAt: string | null,
  speed: number,
  now: number,
  windowMs = 3_600_000,
): SeriesPoint[] {
  const alert = scenario.alerts.find((a) => a.name === alertName);
  const activeMs = activeAt ? Date.parse(activeAt) : NaN;
  if (!alert || !Number.isFinite(activeMs)) return [];
  const first = alert.samples[0]!;
  // demoSignalsAt: activeAt = start + (first.at / speed - activeBefore) s.
  const startMs = activeMs - (first.at / speed - alert.activeBefore) * 1000;
  const endMs = startMs + (alert.until / speed) * 1000;
  const points: SeriesPoint[] = [];
  for (const s of alert.samples) {
    const t = startMs + (s.at / speed) * 1000;
    if (t > now) break;
    if (t >= now - windowMs) points.push([t, s.value]);
    else points.splice(0, points.length, [now - windowMs, s.value]);
  }
  const last = points[points.length - 1];
  const holdUntil = Math.min(now, endMs);
  if (last && holdUntil > last[0]) points.push([holdUntil, last[1]]);
  return points;
}
