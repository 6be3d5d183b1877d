import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ClassificationConfig } from '../../shared/classify/classificationConfig';
import { demoSeries } from '../../shared/demo/demoSeries';
import type { DemoScenario } from '../../shared/demo/demoScenario';
import type { Incident } from '../../shared/domain/incident';
import { severityRank } from '../../shared/domain/severity';
import type { Signal } from '../../shared/domain/signal';
import { exprFromGeneratorUrl, splitThresholdComparison } from '../../shared/evidence/alertExpression';
import {
  StoredEvidence,
  type CaptureTrigger,
  type IncidentEvidence,
  type SeriesCapture,
} from '../../shared/evidence/evidenceModel';
import { readSignal } from '../../shared/evidence/evidenceThreshold';
import { narrowToAlert } from '../../shared/evidence/narrowToAlert';
import { pickSeries, stepFor, toPoints } from '../../shared/evidence/pickSeries';
import { formatValue } from '../../shared/classify/formatValue';
import type { AlertingRule, PrometheusApi } from '../sources/prometheusApi';
import { readJsonFile, writeFileAtomic } from '../store/atomicFile';
import type { PrometheusAccess } from './sourceManager';

/**
 * Evidence for the incident detail and the post-mortem: the alert's series over the last hour,
 * captured when the incident fires and kept beside it (`evidence.json`), with its value against
 * the threshold it crossed. Prometheus is asked once per capture (the rule list is cached a
 * minute per source), captures run two at a time, most severe first, and a storm's surplus is
 * left to be captured when someone opens the incident.
 */
export interface EvidenceCaptureOptions {
  /** The rules in force, read at each use: the user's override can change them while running. */
  classification: () => ClassificationConfig;
  scenario: DemoScenario;
  demoSpeed: number;
  incidentDir: (incidentId: string) => string;
  get: (incidentId: string) => Incident | undefined;
  prometheus: {
    get(sourceId: string): PrometheusAccess | null;
    list(): PrometheusAccess[];
  };
  createApi: (access: PrometheusAccess) => PrometheusApi;
  now: () => number;
  notice: (message: string) => void;
  log: (message: string) => void;
  /** At most this many captures wait for their turn; beyond, fire-time capture is skipped. */
  maxQueued?: number;
  /**
   * More incidents than this firing in one step is a storm: none is captured at fire time (each
   * is captured when opened). A storm's alerts share rules, and a rule's expression matches every
   * series of the storm: 5,000 series an hour long per capture, parsed on the main thread.
   */
  stormAt?: number;
  concurrency?: number;
}

export interface EvidenceCapture {
  /** The incidents fired or fired again: capture their series now (queued). */
  fired(incidents: readonly Incident[]): void;
  /**
   * What the detail shows; captures first when nothing is kept yet, or when asked to refresh.
   * `runAlertExpression`: the person asked to run an expression only the alert names.
   */
  evidence(incidentId: string, refresh: boolean, runAlertExpression?: boolean): Promise<IncidentEvidence>;
  /** Resolves when no capture is running or queued (tests, shutdown). */
  idle(): Promise<void>;
}

const FILE = 'evidence.json';
const WINDOW_MS = 3_600_000;
const RULES_TTL_MS = 60_000;
const RECENT_MS = 15 * 60_000;

export function createEvidenceCapture(opts: EvidenceCaptureOptions): EvidenceCapture {
  const { now } = opts;
  const maxQueued = opts.maxQueued ?? 50;
  const stormAt = opts.stormAt ?? 20;
  const concurrency = opts.concurrency ?? 2;
  const queue: { id: string; trigger: CaptureTrigger; rank: number }[] = [];
  const running = new Map<string, Promise<SeriesCapture | null>>();
  const rulesCache = new Map<string, { at: number; rules: Promise<AlertingRule[]> }>();
  let idleWaiters: (() => void)[] = [];

  // ---------------------------------------------------------------- storage

  const pathOf = (id: string) => join(opts.incidentDir(id), FILE);

  function readStored(id: string): { stored: StoredEvidence | null; problem: string | null } {
    const r = readJsonFile(pathOf(id), (v) => StoredEvidence.parse(v), new Date(now()));
    if (r.status === 'ok') return { stored: r.value, problem: null };
    if (r.status === 'missing') return { stored: null, problem: null };
    const problem = `The kept evidence of this incident could not be read (${r.reason}); it was kept aside as ${r.movedTo}.`;
    opts.notice(problem);
    return { stored: null, problem };
  }

  function keep(id: string, capture: SeriesCapture): string | null {
    const { stored } = readStored(id);
    // The first capture stays for the post-mortem; later ones replace each other.
    const captures = stored?.captures.length ? [stored.captures[0]!, capture] : [capture];
    try {
      mkdirSync(opts.incidentDir(id), { recursive: true, mode: 0o700 });
      writeFileAtomic(pathOf(id), JSON.stringify({ version: 1, incidentId: id, captures } satisfies StoredEvidence));
      return null;
    } catch (err) {
      return `The evidence could not be saved (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}): it is shown but not kept. Check free disk space.`;
    }
  }

  // ---------------------------------------------------------------- capture

  async function rulesOf(access: PrometheusAccess): Promise<AlertingRule[]> {
    const hit = rulesCache.get(access.sourceId);
    if (hit && now() - hit.at < RULES_TTL_MS) return hit.rules;
    const rules = opts.createApi(access).alertingRules();
    rulesCache.set(access.sourceId, { at: now(), rules });
    // A failed read is not cached: the next capture asks again.
    rules.catch(() => rulesCache.delete(access.sourceId));
    return rules;
  }

  /** The Prometheus a signal's alert comes from: its own source, or the one its generatorURL names. */
  function prometheusOf(signal: Signal): PrometheusAccess | null {
    if (signal.sourceKind === 'prometheus') return opts.prometheus.get(signal.sourceId);
    const origin = originOf(signal.generatorURL);
    if (!origin) return null;
    return opts.prometheus.list().find((p) => originOf(p.baseUrl) === origin) ?? null;
  }

  /**
   * The expression to plot: the rule Prometheus itself lists for the alert. The alert's
   * generatorURL names an expression too, but the alert's sender chose it (any Alertmanager
   * client can post one): it runs with the source's credentials only when the person asks.
   */
  async function expressionOf(
    signal: Signal,
    access: PrometheusAccess,
    runAlertExpression: boolean,
  ): Promise<{
    expr: string | null;
    from: SeriesCapture['exprFrom'];
    problem: string | null;
    awaitsClick?: true;
    /** The rule's own labels, when the rule is Prometheus's own: what the alert adds to its series. */
    ruleLabels?: Record<string, string>;
    /** The label names of the rule's alerts as Prometheus lists them; null when it lists none. */
    seriesNames?: ReadonlySet<string> | null;
  }> {
    const alertname = signal.labels.alertname ?? signal.name;
    let problem: string | null = null;
    try {
      const candidates = (await rulesOf(access)).filter(
        (r) => r.name === alertname && Object.entries(r.labels).every(([k, v]) => signal.labels[k] === v),
      );
      // Several rules can share a name (one per service); the one with this very alert active wins.
      const exact = candidates.find((r) => r.alerts.some((a) => sameLabels(a.labels, signal.labels)));
      const rule = exact ?? candidates[0];
      if (rule) {
        return {
          expr: rule.query,
          from: 'rules-api',
          problem: null,
          ruleLabels: rule.labels,
          seriesNames: namesOf(rule),
        };
      }
    } catch (err) {
      problem = access.redact((err as Error).message);
    }
    const fromUrl = exprFromGeneratorUrl(signal.generatorURL);
    if (fromUrl && runAlertExpression) return { expr: fromUrl, from: 'generator-url', problem: null };
    if (fromUrl) {
      return {
        expr: fromUrl,
        from: 'generator-url',
        awaitsClick: true,
        problem: `${problem ?? `${access.name} lists no alerting rule named ${alertname}`}; the expression the alert names (its generatorURL) was not run automatically: run it if you trust it.`,
      };
    }
    return {
      expr: null,
      from: null,
      problem:
        problem ??
        `${access.name} has no alerting rule named ${alertname}, and the alert carries no expression to plot`,
    };
  }

  async function capture(inc: Incident, trigger: CaptureTrigger, runAlertExpression = false): Promise<SeriesCapture> {
    const t = now();
    const base = {
      capturedAt: new Date(t).toISOString(),
      trigger,
      from: new Date(t - WINDOW_MS).toISOString(),
      to: new Date(t).toISOString(),
      seriesLabels: {},
    };
    const signal = primarySignal(inc);
    if (!signal) {
      return {
        ...base,
        origin: 'prometheus',
        signalId: inc.signals[0]?.id ?? inc.id,
        sourceName: 'PagerDuty',
        expr: null,
        exprFrom: null,
        plotted: null,
        stepSeconds: 0,
        points: [],
        problem: 'Only PagerDuty reports this incident: there is no alert expression to plot.',
      };
    }
    if (signal.sourceKind === 'demo') {
      const points = demoSeries(opts.scenario, signal.name, signal.activeAt, opts.demoSpeed, t, WINDOW_MS);
      return {
        ...base,
        // As for a young Prometheus series: the graph spans what the replay has given so far.
        from: new Date(points[0]?.[0] ?? t - WINDOW_MS).toISOString(),
        origin: 'demo',
        signalId: signal.id,
        sourceName: 'Demo',
        expr: null,
        exprFrom: 'demo',
        plotted: `the demo scenario's samples of ${signal.name}`,
        stepSeconds: 1,
        seriesLabels: signal.labels,
        points,
        problem: null,
      };
    }
    const access = prometheusOf(signal);
    const common = { ...base, origin: 'prometheus' as const, signalId: signal.id, stepSeconds: 0, points: [] };
    if (!access) {
      const origin = originOf(signal.generatorURL);
      return {
        ...common,
        sourceName: origin ?? 'Prometheus',
        expr: exprFromGeneratorUrl(signal.generatorURL),
        exprFrom: exprFromGeneratorUrl(signal.generatorURL) ? 'generator-url' : null,
        plotted: null,
        problem: origin
          ? `The alert comes from the Prometheus at ${origin}, which is not one of Vigil's sources: add it in Sources to see its graph here.`
          : 'Vigil does not know which Prometheus this alert comes from (it has no generatorURL).',
      };
    }
    const { expr, from, problem, awaitsClick, ruleLabels, seriesNames } = await expressionOf(
      signal,
      access,
      runAlertExpression,
    );
    if (!expr) return { ...common, sourceName: access.name, expr: null, exprFrom: null, plotted: null, problem };
    const plotted = splitThresholdComparison(expr)?.valueExpr ?? expr;
    if (awaitsClick) return { ...common, sourceName: access.name, expr, exprFrom: from, plotted, problem, awaitsClick };
    const api = opts.createApi(access);
    // Only this alert's series, asked of Prometheus itself (narrowToAlert); the plain expression
    // when that keeps none or Prometheus refuses it, and pickSeries finds the alert's among them.
    let query = ruleLabels ? (narrowToAlert(plotted, signal.labels, ruleLabels, seriesNames) ?? plotted) : plotted;
    try {
      const read = async (from: number, step: number) =>
        pickSeries(await api.queryRange(query, { start: from, end: t, stepSeconds: step }), signal.labels);
      let start = t - WINDOW_MS;
      let step = stepFor(WINDOW_MS);
      let chosen =
        query === plotted
          ? await read(start, step)
          : await read(start, step).catch((err: Error) => {
              opts.log(
                `evidence: ${access.name} failed the narrowed query (${access.redact(err.message)}); asking for ${plotted}`,
              );
              return null;
            });
      if (!chosen && query !== plotted) {
        query = plotted;
        chosen = await read(start, step);
      }
      // A young series (a new Prometheus, a new service) has a few samples at most on a 15 s grid:
      // look at the last minutes more finely, and when the series starts inside them, draw it from
      // its start, so a few minutes of history still read as a line rather than two dots.
      if ((chosen?.points.length ?? 0) < 30) {
        const recent = t - RECENT_MS;
        const recentStep = stepFor(RECENT_MS);
        const closer = await read(recent, recentStep);
        const firstAt = closer?.points[0]?.at;
        if (closer && firstAt !== undefined && firstAt > recent + recentStep * 1000) {
          step = stepFor(t - (firstAt - recentStep * 1000));
          chosen = (await read(firstAt - recentStep * 1000, step)) ?? closer;
          // The graph spans the series' life, from its first sample.
          start = chosen.points[0]?.at ?? firstAt;
        }
      }
      const points = chosen ? toPoints(chosen.points) : [];
      return {
        ...common,
        from: new Date(start).toISOString(),
        sourceName: access.name,
        expr,
        exprFrom: from,
        plotted,
        stepSeconds: step,
        seriesLabels: chosen?.labels ?? {},
        points,
        problem: points.length ? null : `${access.name} returned no data for ${plotted} over the last hour.`,
      };
    } catch (err) {
      return {
        ...common,
        sourceName: access.name,
        expr,
        exprFrom: from,
        plotted,
        problem: access.redact((err as Error).message),
      };
    }
  }

  /** One capture per incident at a time; a second caller shares the first one's result. */
  function captureOnce(id: string, trigger: CaptureTrigger, runAlertExpression = false): Promise<SeriesCapture | null> {
    const pending = running.get(id);
    if (pending) return pending;
    const inc = opts.get(id);
    if (!inc) return Promise.resolve(null);
    const job = capture(inc, trigger, runAlertExpression)
      .then((c) => {
        const problem = keep(id, c);
        if (problem) opts.log(problem);
        return c;
      })
      .catch((err: Error) => {
        opts.log(`evidence capture for ${id} failed: ${err.message}`);
        return null;
      })
      .finally(() => {
        running.delete(id);
        pump();
      });
    running.set(id, job);
    return job;
  }

  function pump() {
    while (running.size < concurrency && queue.length) {
      const next = queue.shift()!;
      void captureOnce(next.id, next.trigger);
    }
    if (running.size === 0 && queue.length === 0) {
      const waiters = idleWaiters;
      idleWaiters = [];
      waiters.forEach((w) => w());
    }
  }

  return {
    fired(incidents) {
      if (incidents.length > stormAt) {
        opts.log(`evidence: ${incidents.length} incidents fired at once (storm); each is captured when opened`);
        return;
      }
      for (const inc of incidents) {
        if (queue.some((q) => q.id === inc.id) || running.has(inc.id)) continue;
        queue.push({ id: inc.id, trigger: 'fired', rank: severityRank(inc.severity) });
      }
      queue.sort((a, b) => a.rank - b.rank);
      if (queue.length > maxQueued) {
        const dropped = queue.splice(maxQueued);
        opts.log(`evidence: ${dropped.length} incidents left to capture when opened (storm)`);
      }
      pump();
    },

    async evidence(id, refresh, runAlertExpression = false) {
      const inc = opts.get(id);
      if (!inc) throw new Error(`no incident ${id}`);
      const problems: string[] = [];
      let { stored, problem } = readStored(id);
      if (problem) problems.push(problem);
      const queued = queue.findIndex((q) => q.id === id);
      if (queued >= 0) queue.splice(queued, 1);
      if (refresh || !stored?.captures.length || running.has(id)) {
        await captureOnce(id, stored?.captures.length ? 'refresh' : 'opened', runAlertExpression && refresh);
        ({ stored, problem } = readStored(id));
        if (problem) problems.push(problem);
      }
      const first = stored?.captures[0] ?? null;
      let latest = stored?.captures[1] ?? null;
      // The demo's "Prometheus" is a recording: showing it live costs nothing.
      if (first?.origin === 'demo' && inc.state !== 'resolved' && !refresh) latest = await capture(inc, 'refresh');

      const signal = primarySignal(inc) ?? inc.signals[0] ?? null;
      const expr = latest?.expr ?? first?.expr ?? null;
      const reading = signal ? readSignal(signal, opts.classification(), now(), expr, inc.classification.ruleId) : null;
      let value = reading?.value ?? null;
      let valueText = reading?.valueText ?? null;
      const lastPoint = (latest ?? first)?.points.at(-1);
      if (value === null && lastPoint && reading) {
        // Alertmanager does not say the value; the graph's last sample does.
        value = lastPoint[1];
        valueText = `${formatValue(value, reading.unit)} (last sample)`;
      }
      return {
        incidentId: id,
        signalId: signal?.id ?? null,
        value,
        valueText,
        unit: reading?.unit ?? 'number',
        threshold: reading?.threshold ?? null,
        first,
        latest,
        problems,
      };
    },

    idle() {
      if (running.size === 0 && queue.length === 0) return Promise.resolve();
      return new Promise((resolve) => idleWaiters.push(resolve));
    },
  };
}

/**
 * Every label name of a rule's active alerts as Prometheus lists them (without its external labels),
 * or null when it lists none. Remembered per rule (the list is cached a minute): a storm's rule has
 * 20,000 alerts.
 */
function namesOf(rule: AlertingRule): ReadonlySet<string> | null {
  if (!rule.alerts.length) return null;
  let names = ruleNames.get(rule);
  if (!names) {
    names = new Set();
    for (const a of rule.alerts) for (const k in a.labels) names.add(k);
    ruleNames.set(rule, names);
  }
  return names;
}

const ruleNames = new WeakMap<AlertingRule, Set<string>>();

/** The signal whose expression tells the story: an alert with a value first, PagerDuty never. */
export function primarySignal(inc: Incident): Signal | null {
  const order = { prometheus: 0, demo: 1, alertmanager: 2, pagerduty: 3 } as const;
  let best: Signal | null = null;
  for (const s of inc.signals) {
    if (s.sourceKind === 'pagerduty') continue;
    if (!best || order[s.sourceKind] < order[best.sourceKind]) best = s;
  }
  return best;
}

function originOf(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.origin : null;
  } catch {
    return null;
  }
}

function sameLabels(a: Record<string, string>, b: Record<string, string>): boolean {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => a[k] === b[k]);
}
