// Timing a subject beside its baseline, interleaved in one process (the machines are noisy, so
// only ratios measured side by side mean anything). Shared by bench.ts and benchLive.ts.
import { classifySignal } from '../../shared/classify/classifySignal';
import type { ClassificationConfig } from '../../shared/classify/classificationConfig';
import { toSignals } from '../../electron/sources/prometheusAlerts';
import { createLabelSetMemory } from '../../electron/sources/labelSetMemory';
import { readPrometheusAlerts } from '../../electron/sources/readPrometheusAlerts';

export const RUNS = Number(process.env.BENCH_RUNS) || 9;

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** Mean milliseconds of `batch` consecutive calls. */
function time(fn: () => void, batch: number): number {
  const t = process.hrtime.bigint();
  for (let i = 0; i < batch; i++) fn();
  return Number(process.hrtime.bigint() - t) / 1e6 / batch;
}

/**
 * Runs baseline and subject alternately RUNS times (after a warm-up) and returns median times.
 * `batch` > 1 times that many calls in a row per sample: for work that allocates about a young
 * generation's worth per pair of calls, the one scavenge per pair otherwise lands at the same
 * point every time, inside the baseline in one process and inside the subject in the next (the
 * storm figure read 1.15x or 2.9x by that phase alone). In a batch each side pays for the
 * collections its own allocation causes.
 */
export function sideBySide(
  baseline: () => void,
  subject: () => void,
  batch = 1,
): { base: number; subj: number; ratio: number } {
  baseline();
  subject();
  const b: number[] = [];
  const s: number[] = [];
  const ratios: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const tb = time(baseline, batch);
    const ts = time(subject, batch);
    b.push(tb);
    s.push(ts);
    ratios.push(ts / tb);
  }
  return { base: median(b), subj: median(s), ratio: median(ratios) };
}

/** What the source does with a reply body: the hand-written check of the hot path. */
export function readAlerts(body: unknown) {
  const r = readPrometheusAlerts(body);
  if (!r.ok) throw new Error(r.error);
  return r.data;
}

/**
 * Parse + check + classify of one `/api/v1/alerts` reply against `JSON.parse` of it: the storm
 * target of issue 15 (at most 1.5x). As the source does it: with its memory of the label sets of
 * the polls before (labelSetMemory), which the warm-up call fills. `firstPoll` measures a poll
 * with an empty memory instead: what the source pays once, when it starts or a storm begins.
 */
export function parseCheckClassify(payload: string, config: ClassificationConfig, now: number, firstPoll = false) {
  let memory = createLabelSetMemory('prom');
  return sideBySide(
    () => JSON.parse(payload),
    () => {
      if (firstPoll) memory = createLabelSetMemory('prom');
      const signals = toSignals('prom', readAlerts(JSON.parse(payload)), memory);
      for (const s of signals) classifySignal(s, config, now);
    },
    16,
  );
}
