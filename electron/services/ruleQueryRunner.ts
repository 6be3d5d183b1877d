import type { ClassificationConfig } from '../../shared/classify/classificationConfig';
import { queriesFor, type QueryResult, type QueryResults } from '../../shared/classify/ruleQuery';
import type { Signal } from '../../shared/domain/signal';
import { createPrometheusApi } from '../sources/prometheusApi';
import type { PrometheusAccess } from './sourceManager';

export interface RuleQueryRunnerOptions {
  classification: () => ClassificationConfig;
  /** The Prometheus a source id names, or null when it is not one. */
  prometheus: (sourceId: string) => PrometheusAccess | null;
  /** Every configured Prometheus, for alerts that came through Alertmanager. */
  allPrometheus: () => PrometheusAccess[];
  /** Told when new results are in, so the engine can judge again with them. */
  onResults: () => void;
  now: () => number;
  /** Queries run at once, across all sources. */
  concurrency?: number;
  timeoutMs?: number;
  /** A query is asked again at most this often (about one poll). */
  minIntervalMs?: number;
}

export interface RuleQueryRunner {
  /** The latest result of every query the current alerts need. */
  results(): QueryResults;
  /** Starts the queries these signals need that are not fresh or running. */
  schedule(signals: readonly Signal[]): void;
  stop(): void;
}

interface Slot {
  result: QueryResult | undefined;
  startedAt: number;
  running: boolean;
}

/**
 * Runs the matrix rules' `query:` PromQL after each poll: each query an alert needs, as an instant
 * query against the alert's own Prometheus (for an Alertmanager alert, the Prometheus its
 * generatorURL points at, else the first configured), a few at a time, each with a timeout, and at
 * most once per interval. A failure or timeout becomes a result that says so, which the reason's
 * "why not higher" shows. Results of queries no alert needs any more are dropped.
 */
export function createRuleQueryRunner(opts: RuleQueryRunnerOptions): RuleQueryRunner {
  const concurrency = opts.concurrency ?? 4;
  const timeoutMs = opts.timeoutMs ?? 5_000;
  const minIntervalMs = opts.minIntervalMs ?? 10_000;
  const slots = new Map<string, Slot>();
  const queue: { query: string; access: PrometheusAccess }[] = [];
  let running = 0;
  let stopped = false;
  let notifyPending = false;

  const notify = () => {
    if (notifyPending || stopped) return;
    notifyPending = true;
    setImmediate(() => {
      notifyPending = false;
      if (!stopped) opts.onResults();
    });
  };

  const pump = () => {
    while (running < concurrency && queue.length && !stopped) {
      const { query, access } = queue.shift()!;
      running++;
      void run(query, access).finally(() => {
        running--;
        pump();
      });
    }
  };

  const run = async (query: string, access: PrometheusAccess) => {
    const slot = slots.get(query);
    if (!slot) return;
    const api = createPrometheusApi({
      baseUrl: access.baseUrl,
      headers: access.headers,
      fetch: access.fetch,
      name: access.name,
      timeoutMs,
    });
    let result: QueryResult;
    try {
      const r = await api.query(query);
      if (r.kind === 'vector') result = r.samples[0]?.value ?? null;
      else if (r.kind === 'scalar') result = r.value;
      else result = { error: `it returned a ${r.kind}, not a number` };
    } catch (err) {
      result = { error: access.redact((err as Error).message) };
    }
    slot.result = result;
    slot.running = false;
    notify();
  };

  const prometheusFor = (s: Signal): PrometheusAccess | null => {
    const own = opts.prometheus(s.sourceId);
    if (own) return own;
    const all = opts.allPrometheus();
    if (s.generatorURL) {
      const origin = safeOrigin(s.generatorURL);
      const match = all.find((p) => safeOrigin(p.baseUrl) === origin);
      if (match) return match;
    }
    return all[0] ?? null;
  };

  return {
    results() {
      const out = new Map<string, QueryResult>();
      for (const [q, slot] of slots) if (slot.result !== undefined) out.set(q, slot.result);
      return out;
    },
    schedule(signals) {
      const config = opts.classification();
      if (!config.rules.some((r) => r.query !== null)) {
        slots.clear();
        return;
      }
      const needed = new Map<string, PrometheusAccess | null>();
      for (const s of signals) {
        for (const q of queriesFor([s], config)) if (!needed.has(q)) needed.set(q, prometheusFor(s));
      }
      for (const q of slots.keys()) if (!needed.has(q)) slots.delete(q);
      const now = opts.now();
      for (const [query, access] of needed) {
        let slot = slots.get(query);
        if (slot && (slot.running || now - slot.startedAt < minIntervalMs)) continue;
        if (!access) {
          if (!slot)
            slots.set(query, {
              result: { error: 'no Prometheus source to run it on' },
              startedAt: now,
              running: false,
            });
          continue;
        }
        if (!slot) slots.set(query, (slot = { result: undefined, startedAt: now, running: true }));
        slot.startedAt = now;
        slot.running = true;
        queue.push({ query, access });
      }
      pump();
    },
    stop() {
      stopped = true;
      queue.length = 0;
    },
  };
}

function safeOrigin(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}
