// The renderer during a storm: the real renderer in Debian's Chromium, connected to a host whose
// incidents change every poll, with every animation frame and long task recorded in the page.
// Imported by benchStorm.ts, which runs it after the host's own figures (Chromium shares the
// machine's two cores with the host, Prometheus and the bench).
import { writeFileSync } from 'node:fs';
import { chromium } from '@playwright/test';
import { quantile } from './processStats';

export interface RendererUnderStorm {
  /** Intervals between consecutive animation frames, ms. */
  frames: number[];
  /** Long tasks (over 50 ms, as the browser reports them), ms. */
  longTasks: number[];
  /** Frame intervals during the bulk updates (from their first push to 2 s after their last). */
  bulkFrames: number[];
  /** Pushes of changed incidents the page received while measured, and how many incidents they named. */
  pushes: number;
  incidentsChanged: number;
  /** Bursts of pushes (each under 500 ms from the last) naming more than BULK incidents together. */
  bulkUpdates: { incidents: number; ms: number }[];
  /** From opening the page to the incident list's first row. */
  firstRowMs: number;
  /** Bridge connections the page opened: 1 unless it was dropped. */
  connections: number;
}

/** A burst of pushes naming more incidents than this is a storm's bulk update (value drift every minute). */
const BULK = 1000;
/** Pushes come in chunks of 200 incidents, one per turn of the host's loop: a gap this long ends a burst. */
const BURST_GAP_MS = 500;

/**
 * Every animation frame's time (wall clock, ms) and every long task's length, kept on window.
 * A string: the bench runs under tsx, whose compiled functions name themselves with a helper the
 * page does not have.
 */
const RECORD_FRAMES = `(() => {
  window.vigilFrames = [];
  window.vigilLong = [];
  const frame = (t) => {
    window.vigilFrames.push(performance.timeOrigin + t);
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.vigilLong.push(e.duration);
  }).observe({ type: 'longtask' });
})()`;

/** An incidents:changed push as the bench's own bridge client saw it (the host sends every client the same). */
export interface PushSeen {
  at: number;
  incidents: number;
}

/**
 * Opens `url` (the host's launch link), waits for the list, then records `seconds` of frames.
 * BENCH_RENDERER_PROFILE=<file.cpuprofile> also records the page's CPU profile while watched (open
 * it in Chromium's DevTools, Performance panel); BENCH_RENDERER_SCREENSHOT=<file.png> saves what the
 * window shows at the end, to look at.
 */
export async function watchRendererUnderStorm(
  url: string,
  seconds: number,
  pushLog: readonly PushSeen[],
): Promise<RendererUnderStorm> {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    // Every bridge connection the page opens: more than one means it was dropped and reconnected.
    let connections = 0;
    page.on('websocket', () => connections++);
    const opened = Date.now();
    await page.goto(url);
    await page.getByTestId('incident-row').first().waitFor({ timeout: 120_000 });
    const firstRowMs = Date.now() - opened;
    const from = Date.now();
    await page.evaluate(RECORD_FRAMES);
    const profileTo = process.env.BENCH_RENDERER_PROFILE;
    const cdp = profileTo ? await page.context().newCDPSession(page) : null;
    if (cdp) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.start');
    }
    await new Promise((r) => setTimeout(r, seconds * 1000));
    if (cdp) writeFileSync(profileTo!, JSON.stringify((await cdp.send('Profiler.stop')).profile));
    const shotTo = process.env.BENCH_RENDERER_SCREENSHOT;
    if (shotTo) await page.screenshot({ path: shotTo });
    const to = Date.now();
    const { at, longTasks } = (await page.evaluate('({ at: window.vigilFrames, longTasks: window.vigilLong })')) as {
      at: number[];
      longTasks: number[];
    };
    const pushes = pushLog.filter((p) => p.at >= from && p.at <= to);
    const bursts: { from: number; to: number; incidents: number }[] = [];
    for (const p of pushes) {
      const last = bursts.at(-1);
      if (last && p.at - last.to <= BURST_GAP_MS) {
        last.to = p.at;
        last.incidents += p.incidents;
      } else bursts.push({ from: p.at, to: p.at, incidents: p.incidents });
    }
    const bulk = bursts.filter((b) => b.incidents > BULK);
    const frames: number[] = [];
    const bulkFrames: number[] = [];
    for (let i = 1; i < at.length; i++) {
      const interval = at[i]! - at[i - 1]!;
      frames.push(interval);
      if (bulk.some((b) => at[i]! >= b.from && at[i - 1]! <= b.to + 2000)) bulkFrames.push(interval);
    }
    return {
      frames,
      longTasks,
      bulkFrames,
      pushes: pushes.length,
      incidentsChanged: pushes.reduce((n, p) => n + p.incidents, 0),
      bulkUpdates: bulk.map((b) => ({ incidents: b.incidents, ms: b.to - b.from })),
      firstRowMs,
      connections,
    };
  } finally {
    await browser.close();
  }
}

/** Frames later than a 60 Hz display's next refresh (one or more missed), as a share of all. */
export function lateShare(frames: readonly number[]): number {
  return frames.length ? frames.filter((f) => f > 1.5 * (1000 / 60)).length / frames.length : NaN;
}

export function frameSummary(frames: readonly number[]): string {
  const ms = (x: number) => `${x.toFixed(x < 10 ? 1 : 0)} ms`;
  return `${frames.length} frames, median ${ms(quantile(frames, 0.5))}, p99 ${ms(quantile(frames, 0.99))}, longest ${ms(quantile(frames, 1))}, ${(lateShare(frames) * 100).toFixed(1)}% late`;
}
