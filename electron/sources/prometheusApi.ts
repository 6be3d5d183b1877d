import { z } from 'zod';
import { redactSentHeaders } from './redactSentHeaders';
import { sameOriginFetch } from './sameOriginFetch';
import {
  BadReplyError,
  describeFetchError,
  errorSnippet,
  HttpStatusError,
  retryAtOf,
  readCapped,
  type FetchFailure,
} from './describeFetchError';

/**
 * The parts of Prometheus's HTTP API that are asked on demand rather than polled: instant and
 * range queries (runbook checks) and the rule list (runbook coverage). Every reply is checked
 * with zod here, and every failure becomes a PrometheusApiError whose message a person can act on.
 */
export interface PrometheusApiOptions {
  /** Base URL with any path prefix, e.g. http://127.0.0.1:9090 or https://mimir.example.com/prometheus. */
  baseUrl: string;
  /** Sent with every request: credentials and tenant headers, as the source was configured. */
  headers?: Record<string, string>;
  /** Another fetch, e.g. one trusting a private CA (caFetch.ts). */
  fetch?: typeof fetch;
  timeoutMs?: number;
  /** How the source is called in messages ("Prometheus (prod)"); default "Prometheus". */
  name?: string;
}

export type Sample = { labels: Record<string, string>; at: number; value: number };

export type InstantResult =
  | { kind: 'vector'; samples: Sample[] }
  | { kind: 'scalar'; at: number; value: number }
  | { kind: 'string'; at: number; value: string }
  /** A range selector evaluated as an instant query (`up[5m]`): every series with its samples. */
  | { kind: 'matrix'; series: Series[] };

export type Series = { labels: Record<string, string>; points: { at: number; value: number }[] };

export interface AlertingRule {
  group: string;
  file: string;
  name: string;
  query: string;
  /** The rule's own labels (not those its expression produces). */
  labels: Record<string, string>;
  annotations: Record<string, string>;
  state: 'firing' | 'pending' | 'inactive';
  /** `for:` in seconds (0 or absent when the rule has none). */
  duration?: number;
  /** Active (pending or firing) alerts with their full label sets; empty when not asked for. */
  alerts: { labels: Record<string, string>; state: string }[];
}

export class PrometheusApiError extends Error {
  constructor(
    message: string,
    /** 'query-rejected': Prometheus answered and refused the expression (bad PromQL, timeout). */
    readonly kind: FetchFailure['status'] | 'query-rejected',
    /** The technical cause, kept one click away. */
    readonly detail: string,
  ) {
    super(message);
  }
}

export interface PrometheusApi {
  query(expr: string, opts?: { time?: number }): Promise<InstantResult>;
  queryRange(expr: string, range: { start: number; end: number; stepSeconds: number }): Promise<Series[]>;
  /**
   * The alerting rules. `withAlerts: false` asks Prometheus to leave out each rule's active alerts
   * (`exclude_alerts`): in a storm they are the whole of the reply, 20,000 alerts checked for
   * nothing when only the rules' expressions are wanted.
   */
  alertingRules(opts?: { withAlerts?: boolean }): Promise<AlertingRule[]>;
}

// Prometheus sends sample values as strings so that NaN and infinities survive JSON.
const SampleValue = z.tuple([z.number(), z.string()]);
const Labels = z.record(z.string(), z.string());

const ErrorReply = z.object({ status: z.literal('error'), errorType: z.string().optional(), error: z.string() });

const QueryReply = z.object({
  status: z.literal('success'),
  data: z.discriminatedUnion('resultType', [
    z.object({ resultType: z.literal('vector'), result: z.array(z.object({ metric: Labels, value: SampleValue })) }),
    z.object({ resultType: z.literal('scalar'), result: SampleValue }),
    z.object({ resultType: z.literal('string'), result: SampleValue }),
    z.object({
      resultType: z.literal('matrix'),
      result: z.array(z.object({ metric: Labels, values: z.array(SampleValue) })),
    }),
  ]),
});

const RuleAlerts = z
  .array(z.object({ labels: Labels, state: z.string() }))
  .nullish()
  .transform((a) => a ?? []);

/** A Prometheus too old for `exclude_alerts` (Debian 12 ships 2.42) sends them anyway: not read. */
const NoRuleAlerts = z.unknown().transform((): AlertingRule['alerts'] => []);

function rulesReply(alerts: typeof RuleAlerts | typeof NoRuleAlerts) {
  return z.object({
    status: z.literal('success'),
    data: z.object({
      groups: z.array(
        z.object({
          name: z.string(),
          file: z.string().default(''),
          rules: z.array(
            z.discriminatedUnion('type', [
              z.object({
                type: z.literal('alerting'),
                name: z.string(),
                query: z.string(),
                /** The rule's `for:` in seconds. */
                duration: z.number().optional(),
                labels: Labels.nullish().transform((l) => l ?? {}),
                annotations: Labels.nullish().transform((a) => a ?? {}),
                state: z.enum(['firing', 'pending', 'inactive']),
                alerts,
              }),
              z.object({ type: z.literal('recording'), name: z.string() }),
            ]),
          ),
        }),
      ),
    }),
  });
}

const RulesReply = rulesReply(RuleAlerts);
const RulesReplyWithoutAlerts = rulesReply(NoRuleAlerts);

const DEFAULT_TIMEOUT_MS = 10_000;
// Range queries for a sparkline are small; anything near this means a runaway query.
const MAX_REPLY_BYTES = 16 * 1024 * 1024;

export function createPrometheusApi(opts: PrometheusApiOptions): PrometheusApi {
  const base = opts.baseUrl.replace(/\/+$/, '');
  const name = opts.name ?? 'Prometheus';
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const doFetch = sameOriginFetch(opts.fetch);

  /** GET `path` with `params`; returns the JSON of a successful reply or throws PrometheusApiError. */
  async function get(path: string, params: Record<string, string>): Promise<unknown> {
    const url = `${base}${path}?${new URLSearchParams(params).toString()}`;
    try {
      const res = await doFetch(url, {
        headers: { Accept: 'application/json', ...opts.headers },
        signal: AbortSignal.timeout(timeoutMs),
      });
      const text = await readCapped(res, MAX_REPLY_BYTES);
      const redact = (t: string) => redactSentHeaders(t, opts.headers);
      let json: unknown = undefined;
      try {
        json = JSON.parse(text);
      } catch {
        // Not JSON: judged below by status and content type.
      }
      // Prometheus explains a refused query (bad PromQL, timeout, too many samples) in its JSON
      // even on HTTP 400/422/503; that explanation is what the person needs to fix the check.
      const refused = ErrorReply.safeParse(json);
      if (refused.success && res.status !== 401 && res.status !== 403) {
        throw new PrometheusApiError(
          `${name} at ${base} refused the query: ${redact(refused.data.error)}`,
          'query-rejected',
          redact(`HTTP ${res.status} ${refused.data.errorType ?? 'error'}: ${refused.data.error}`),
        );
      }
      if (!res.ok) throw new HttpStatusError(res.status, errorSnippet(text, opts.headers), retryAtOf(res.headers));
      if (json === undefined) {
        throw new BadReplyError(
          /^\s*</.test(text)
            ? 'it answered with an HTML page instead of JSON (is this the API URL, not a dashboard or a login page?)'
            : 'the JSON is malformed or truncated',
        );
      }
      return json;
    } catch (err) {
      if (err instanceof PrometheusApiError) throw err;
      const failure = describeFetchError(name, base, err, timeoutMs);
      throw new PrometheusApiError(failure.message, failure.status, failure.detail);
    }
  }

  function check<T>(schema: z.ZodType<T>, json: unknown, what: string): T {
    const parsed = schema.safeParse(json);
    if (parsed.success) return parsed.data;
    const why = z.prettifyError(parsed.error).split('\n').slice(0, 2).join(' ');
    throw new PrometheusApiError(
      `${name} at ${base} answered ${what} with a reply Vigil cannot read (is this a Prometheus API?)`,
      'bad-reply',
      why,
    );
  }

  return {
    async query(expr, { time } = {}) {
      const params: Record<string, string> = { query: expr };
      if (time !== undefined) params.time = String(time / 1000);
      const reply = check(QueryReply, await get('/api/v1/query', params), 'the query');
      const data = reply.data;
      switch (data.resultType) {
        case 'vector':
          return {
            kind: 'vector',
            samples: data.result.map((r) => ({
              labels: r.metric,
              at: r.value[0] * 1000,
              value: sampleValue(r.value[1]),
            })),
          };
        case 'scalar':
          return { kind: 'scalar', at: data.result[0] * 1000, value: sampleValue(data.result[1]) };
        case 'string':
          return { kind: 'string', at: data.result[0] * 1000, value: data.result[1] };
        case 'matrix':
          return { kind: 'matrix', series: data.result.map(toSeries) };
      }
    },

    async queryRange(expr, { start, end, stepSeconds }) {
      const reply = check(
        QueryReply,
        await get('/api/v1/query_range', {
          query: expr,
          start: String(start / 1000),
          end: String(end / 1000),
          step: String(stepSeconds),
        }),
        'the range query',
      );
      if (reply.data.resultType !== 'matrix') {
        throw new PrometheusApiError(
          `${name} at ${base} answered a range query with a ${reply.data.resultType}, not a matrix`,
          'bad-reply',
          `resultType ${reply.data.resultType}`,
        );
      }
      return reply.data.result.map(toSeries);
    },

    async alertingRules({ withAlerts = true } = {}) {
      const reply = withAlerts
        ? check(RulesReply, await get('/api/v1/rules', { type: 'alert' }), 'the rule list')
        : check(
            RulesReplyWithoutAlerts,
            await get('/api/v1/rules', { type: 'alert', exclude_alerts: 'true' }),
            'the rule list',
          );
      const out: AlertingRule[] = [];
      for (const group of reply.data.groups) {
        for (const rule of group.rules) {
          if (rule.type !== 'alerting') continue;
          out.push({
            group: group.name,
            file: group.file,
            name: rule.name,
            query: rule.query,
            duration: rule.duration ?? 0,
            labels: rule.labels,
            annotations: rule.annotations,
            state: rule.state,
            alerts: rule.alerts,
          });
        }
      }
      return out;
    },
  };
}

function toSeries(r: { metric: Record<string, string>; values: [number, string][] }): Series {
  return { labels: r.metric, points: r.values.map(([t, v]) => ({ at: t * 1000, value: sampleValue(v) })) };
}

/** "NaN", "+Inf" and "-Inf" are how Prometheus writes the values JSON cannot hold. */
export function sampleValue(text: string): number {
  if (text === '+Inf' || text === 'Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  return Number(text);
}
