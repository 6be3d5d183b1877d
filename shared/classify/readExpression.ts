import { parser } from '@prometheus-io/lezer-promql';
import type { SyntaxNode } from '@lezer/common';
import { parseDuration } from './duration';

/**
 * What an alert's value means, read from its rule's PromQL with Prometheus's own grammar
 * (@prometheus-io/lezer-promql, the parser of the Prometheus UI). An alerting rule fires for the
 * series its expression returns, and the alert's value is the sample of the expression's value
 * side: for `x / y * 100 > 5` the value is a percentage, for `increase(f_total[10m]) > 0` a
 * count of events in 10 minutes, for `up == 0` the fact that a target is down. The classifier
 * compares a matrix condition only with a value of the kind the condition names; everything
 * here is best effort and says `unknown` rather than guess.
 */
export type ValueKind = 'ratio' | 'percent' | 'count' | 'rate' | 'seconds' | 'bytes' | 'availability' | 'unknown';

export const VALUE_KINDS: readonly ValueKind[] = [
  'ratio',
  'percent',
  'count',
  'rate',
  'seconds',
  'bytes',
  'availability',
  'unknown',
];

export type ComparisonOp = '>' | '>=' | '<' | '<=' | '==' | '!=';

export interface ValueReading {
  kind: ValueKind;
  /**
   * The alert's value times `scale` is in the kind's base unit (seconds, bytes, events): 0.001 for
   * a `_milliseconds` metric, 86400 for an age divided by 86400 (days). 1 for ratio and percent.
   */
  scale: number;
  /** For a count or a rate: the range it is taken over ("10m"); null for an instant count. */
  window: string | null;
  /** What is counted or measured, in words from the metric names: "rule evaluation failures". */
  what: string | null;
  /** For a ratio or percent of two series: what the denominator counts ("requests"). */
  of: string | null;
  /** The label filters that pick which samples the value counts: `status=~"5.."`. */
  filter: string | null;
  /** The one metric the value is read from, when it is a single series' own value (a PSI gauge). */
  metric: string | null;
  /** histogram_quantile's quantile (0.99 = p99), when the value is one. */
  quantile: number | null;
  /** Availability: `down` (a target's `up` is 0, or all of a job's), or `absent` (no series). */
  availability: 'down' | 'absent' | null;
}

export interface ExpressionReading {
  expr: string;
  /** Null when the grammar read the expression; otherwise why it could not, in words. */
  problem: string | null;
  /** The final comparison that makes the rule fire, with a number threshold when it has one. */
  comparison: { op: ComparisonOp; threshold: number | null } | null;
  value: ValueReading;
  /** Every metric name the expression reads (ML scope looks for model/inference metrics here). */
  metrics: string[];
  /** Values of `job` and `service` equality matchers (`up{job="model-serving"}`), for scope too. */
  targets: string[];
  /** An expression without any series (`vector(1)`): it fires always, the mark of a heartbeat. */
  alwaysFires: boolean;
}

const UNKNOWN: ValueReading = {
  kind: 'unknown',
  scale: 1,
  window: null,
  what: null,
  of: null,
  filter: null,
  metric: null,
  quantile: null,
  availability: null,
};

const readings = new Map<string, ExpressionReading>();

/** Reads one expression; remembered per text, since a storm repeats a handful of rules. */
export function readExpression(expr: string): ExpressionReading {
  let r = readings.get(expr);
  if (r) return r;
  r = read(expr);
  if (readings.size >= 4096) readings.clear();
  readings.set(expr, r);
  return r;
}

function read(expr: string): ExpressionReading {
  if (!expr.trim()) return unreadable(expr, 'the expression is empty');
  // Comments (`# ...` to the end of a line, as rule files have them) are blanked out and the text
  // read again: the grammar puts them in the tree as nodes, where they would stand for the
  // expression or its operator. Blanked, not cut, so positions in messages stay the author's.
  const first = parser.parse(expr);
  const src = withoutComments(expr, first);
  if (!src.trim()) return unreadable(expr, 'the expression is empty (comments only)');
  const tree = src === expr ? first : parser.parse(src);
  let problem: string | null = null;
  tree.iterate({
    enter(n) {
      if (problem === null && n.type.isError) {
        problem = `the PromQL grammar cannot read it at character ${n.from + 1} (near "${snippet(expr, n.from)}")`;
      }
      return problem === null;
    },
  });
  const root = tree.topNode.firstChild;
  if (!root) problem ??= 'the expression is empty';
  const metrics = new Set<string>();
  const targets = new Set<string>();
  const selectors = root ? collectMetrics(root, src, metrics, targets) : 0;
  if (problem !== null || !root) return unreadable(expr, problem ?? 'the expression is empty', metrics, targets);
  const ctx: Ctx = { src };
  const { node, comparison } = finalComparison(root, ctx);
  const inner = kindOf(node, ctx);
  return {
    expr,
    problem: null,
    comparison,
    value: publicReading(inner, comparison),
    metrics: [...metrics],
    targets: [...targets],
    alwaysFires: selectors === 0,
  };
}

/** A reading that says why the expression cannot be read, with what was found before that. */
function unreadable(
  expr: string,
  problem: string,
  metrics: ReadonlySet<string> = new Set(),
  targets: ReadonlySet<string> = new Set(),
): ExpressionReading {
  return {
    expr,
    problem,
    comparison: null,
    value: UNKNOWN,
    metrics: [...metrics],
    targets: [...targets],
    alwaysFires: false,
  };
}

/** The expression with each comment replaced by as many spaces (the text itself when it has none). */
function withoutComments(expr: string, tree: ReturnType<typeof parser.parse>): string {
  let out = expr;
  tree.iterate({
    enter(n) {
      if (n.type.name !== 'LineComment') return;
      out = out.slice(0, n.from) + ' '.repeat(n.to - n.from) + out.slice(n.to);
    },
  });
  return out;
}

function snippet(expr: string, at: number): string {
  return expr.slice(Math.max(0, at - 12), at + 12).replace(/\s+/g, ' ');
}

interface Ctx {
  src: string;
}

const text = (n: SyntaxNode, ctx: Ctx) => ctx.src.slice(n.from, n.to);

/** Expression children of a node (operators, modifiers and punctuation left out). */
function exprChildren(n: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = n.firstChild; c; c = c.nextSibling) if (EXPR_NODES.has(c.name)) out.push(c);
  return out;
}

const EXPR_NODES = new Set([
  'AggregateExpr',
  'BinaryExpr',
  'FunctionCall',
  'MatrixSelector',
  'NumberDurationLiteral',
  'OffsetExpr',
  'ParenExpr',
  'StringLiteral',
  'SubqueryExpr',
  'UnaryExpr',
  'VectorSelector',
  'StepInvariantExpr',
]);

const COMPARISONS: Record<string, ComparisonOp> = {
  Gtr: '>',
  Gte: '>=',
  Lss: '<',
  Lte: '<=',
  Eql: '==',
  Neq: '!=',
};
const FLIPPED: Record<ComparisonOp, ComparisonOp> = {
  '>': '<',
  '>=': '<=',
  '<': '>',
  '<=': '>=',
  '==': '==',
  '!=': '!=',
};

function binaryParts(n: SyntaxNode): { lhs: SyntaxNode; op: string; rhs: SyntaxNode; bool: boolean } | null {
  const kids = exprChildren(n);
  if (kids.length !== 2) return null;
  let op = '';
  let bool = false;
  for (let c = n.firstChild; c; c = c.nextSibling) {
    if (c.name === 'BoolModifier') bool = true;
    else if (!EXPR_NODES.has(c.name) && !op && c.name !== 'MatchingModifierClause') op = c.name;
  }
  return { lhs: kids[0]!, op, rhs: kids[1]!, bool };
}

function unwrap(n: SyntaxNode): SyntaxNode {
  let cur = n;
  while (cur.name === 'ParenExpr' || cur.name === 'OffsetExpr' || cur.name === 'StepInvariantExpr') {
    const inner = exprChildren(cur)[0];
    if (!inner) break;
    cur = inner;
  }
  return cur;
}

/**
 * The comparison that decides whether the rule fires, and the node whose value the alert carries.
 * `a and b` / `a unless b` keep a's samples; `a or b` may carry either (its kind must agree).
 */
function finalComparison(
  start: SyntaxNode,
  ctx: Ctx,
): { node: SyntaxNode; comparison: ExpressionReading['comparison'] } {
  const n = unwrap(start);
  if (n.name !== 'BinaryExpr') return { node: n, comparison: null };
  const parts = binaryParts(n);
  if (!parts) return { node: n, comparison: null };
  if (parts.op === 'And' || parts.op === 'Unless') return finalComparison(parts.lhs, ctx);
  if (parts.op === 'Or') {
    // Either side may be the one firing: a threshold is known only when both say the same
    // (`x > 0.05 or y < -0.05` fires on a negative value that `> 0.05` does not describe).
    const left = finalComparison(parts.lhs, ctx);
    const right = finalComparison(parts.rhs, ctx);
    const same =
      left.comparison !== null &&
      right.comparison !== null &&
      left.comparison.op === right.comparison.op &&
      left.comparison.threshold === right.comparison.threshold;
    return same ? left : { node: left.node, comparison: null };
  }
  const op = COMPARISONS[parts.op];
  if (!op || parts.bool) return { node: n, comparison: null };
  // A chained comparison (`x > 0.9 < 1`, KubeQuotaAlmostFull): the first is the line the alert
  // crosses, the second only caps it.
  const inner = unwrap(parts.lhs);
  if (inner.name === 'BinaryExpr' && constantOf(parts.rhs, ctx) !== null) {
    const innerParts = binaryParts(inner);
    if (innerParts && COMPARISONS[innerParts.op] && !innerParts.bool && constantOf(innerParts.rhs, ctx) !== null) {
      return finalComparison(inner, ctx);
    }
  }
  const right = constantOf(parts.rhs, ctx);
  if (right !== null) return { node: parts.lhs, comparison: { op, threshold: right } };
  const left = constantOf(parts.lhs, ctx);
  if (left !== null) return { node: parts.rhs, comparison: { op: FLIPPED[op], threshold: left } };
  return { node: parts.lhs, comparison: { op, threshold: null } };
}

/** The number a scalar expression evaluates to (`0.05`, `(1 - 0.9)`, `-1`, `100 * 0.8`), else null. */
function constantOf(start: SyntaxNode, ctx: Ctx): number | null {
  const n = unwrap(start);
  if (n.name === 'NumberDurationLiteral') return numberOf(text(n, ctx));
  if (n.name === 'UnaryExpr') {
    const inner = exprChildren(n)[0];
    const v = inner ? constantOf(inner, ctx) : null;
    return v === null ? null : text(n, ctx).trim().startsWith('-') ? -v : v;
  }
  if (n.name === 'BinaryExpr') {
    const p = binaryParts(n);
    if (!p) return null;
    const a = constantOf(p.lhs, ctx);
    const b = a === null ? null : constantOf(p.rhs, ctx);
    if (a === null || b === null) return null;
    switch (p.op) {
      case 'Add':
        return a + b;
      case 'Sub':
        return a - b;
      case 'Mul':
        return a * b;
      case 'Div':
        return b === 0 ? null : a / b;
      case 'Pow':
        return a ** b;
    }
  }
  return null;
}

function numberOf(t: string): number | null {
  const s = t.trim();
  const n = Number(s);
  if (Number.isFinite(n)) return n;
  if (/^0x[0-9a-f]+$/i.test(s)) return parseInt(s, 16);
  const ms = parseDuration(s);
  return ms === null ? null : ms / 1000;
}

/** Kinds inside the expression; a few exist only on the way to a public kind. */
type Inner =
  | Exclude<ValueKind, 'percent'>
  | 'constant'
  | 'timestamp'
  | 'up'
  | 'info'
  | 'counter'
  | 'seconds-counter'
  | 'seconds-sum'
  | 'bytes-counter'
  | 'busy'
  | 'buckets'
  | 'gauge';

interface Read extends Omit<ValueReading, 'kind' | 'metric'> {
  /** The series' metric name (also for `_sum / _count` of one histogram: a mean, not a share). */
  metric?: string | null;
  kind: Inner;
  /** raw value = base quantity x factor (ratio x 100 is a percentage, seconds / 60 minutes). */
  factor: number;
  /** Bucket metrics: the unit of `le`. */
  bucketUnit?: 'seconds' | 'bytes' | null;
  constant?: number;
}

const r = (kind: Inner, rest: Partial<Read> = {}): Read => ({
  kind,
  factor: 1,
  scale: 1,
  window: null,
  what: null,
  of: null,
  filter: null,
  quantile: null,
  availability: null,
  ...rest,
});
const unknown = (): Read => r('unknown');

function kindOf(start: SyntaxNode, ctx: Ctx): Read {
  const n = unwrap(start);
  switch (n.name) {
    case 'NumberDurationLiteral': {
      const v = numberOf(text(n, ctx));
      return v === null ? unknown() : r('constant', { constant: v });
    }
    case 'UnaryExpr': {
      const c = constantOf(n, ctx);
      if (c !== null) return r('constant', { constant: c });
      const inner = exprChildren(n)[0];
      return inner ? kindOf(inner, ctx) : unknown();
    }
    case 'VectorSelector':
      return metricKind(metricName(n, ctx), filterOf(n, ctx));
    case 'MatrixSelector': {
      const sel = exprChildren(n)[0];
      const base = sel ? kindOf(sel, ctx) : unknown();
      return { ...base, window: windowOf(n, ctx) };
    }
    case 'SubqueryExpr': {
      const inner = exprChildren(n)[0];
      const base = inner ? kindOf(inner, ctx) : unknown();
      return { ...base, window: windowOf(n, ctx) };
    }
    case 'FunctionCall':
      return functionKind(n, ctx);
    case 'AggregateExpr':
      return aggregateKind(n, ctx);
    case 'BinaryExpr':
      return binaryKind(n, ctx);
    default:
      return unknown();
  }
}

function metricName(sel: SyntaxNode, ctx: Ctx): string {
  const id = sel.getChild('Identifier');
  if (id) return text(id, ctx);
  // {__name__="x"} or {__name__=~"..."}: only an exact name is usable.
  const m = /__name__\s*=\s*"([^"]+)"/.exec(text(sel, ctx));
  return m ? m[1]! : '';
}

function windowOf(n: SyntaxNode, ctx: Ctx): string | null {
  for (let c = n.firstChild; c; c = c.nextSibling) if (c.name === 'DurationExpr') return text(c, ctx).trim();
  const m = /\[\s*([0-9a-z]+)\s*(?::[^\]]*)?\]\s*$/i.exec(text(n, ctx));
  return m ? m[1]! : null;
}

const NAMESPACES = /^(node|prometheus|alertmanager|process|go|kube|container|http|grpc|pg|mysql|redis|probe|up)$/;

/** Words for what a metric measures: `prometheus_rule_evaluation_failures_total` -> "rule evaluation failures". */
export function metricWords(name: string): string | null {
  const stem = name
    .replace(/^__+/, '')
    .replace(
      /_(total|count|sum|bucket|seconds|milliseconds|ms|bytes|ratio|percent|percentage|pct|info|created|timestamp)(?=_|$)/g,
      '',
    )
    .replace(/_+$/, '');
  const words = stem.split(/[_:]+/).filter(Boolean);
  if (words.length >= 3 && NAMESPACES.test(words[0]!)) words.shift();
  return words.length ? words.join(' ').toLowerCase() : null;
}

function metricKind(name: string, filter: string | null): Read {
  const what = metricWords(name);
  const m = (kind: Inner, rest: Partial<Read> = {}) => r(kind, { what, metric: name, filter, ...rest });
  if (!name) return unknown();
  if (name === 'up') return m('up', { what: 'targets' });
  if (/_info$/.test(name)) return m('info');
  if (TIMESTAMP.test(name)) return m('timestamp');
  if (/_seconds_bucket$/.test(name)) return m('buckets', { bucketUnit: 'seconds' });
  if (/_bytes_bucket$/.test(name)) return m('buckets', { bucketUnit: 'bytes' });
  if (/_bucket$/.test(name)) return m('buckets', { bucketUnit: null });
  if (/_(milliseconds|ms)_(sum|total)$/.test(name)) return m('seconds-sum', { scale: 0.001 });
  if (/_seconds_sum$/.test(name)) return m('seconds-sum');
  if (/_seconds_total$/.test(name)) return m('seconds-counter');
  if (/_bytes_total$/.test(name)) return m('bytes-counter');
  if (/(_total|_count|_sum)$/.test(name)) return m('counter');
  if (/_ratio$/.test(name)) return m('ratio');
  if (/_(percent|percentage|pct)$/.test(name)) return m('ratio', { factor: 100 });
  if (/_(milliseconds|ms)$/.test(name)) return m('seconds', { scale: 0.001 });
  if (/_(microseconds|us)$/.test(name)) return m('seconds', { scale: 1e-6 });
  if (/_seconds$/.test(name)) return m('seconds');
  if (/_bytes$/.test(name)) return m('bytes');
  return m('gauge');
}

const TIMESTAMP =
  /(_timestamp(_seconds)?|^node_time_seconds|_(start|boot|creation|modify|change)_time(_seconds)?|_last_seen|_last_(run|success|seen|update)\w*_seconds|_not_after|_not_before|_cert_expiry|_expiry_timestamp\w*|_expiration\w*)$/;

/** The label filters of a selector that pick which samples count (not job/instance scoping). */
function filterOf(sel: SyntaxNode, ctx: Ctx): string | null {
  const matchers = sel.getChild('LabelMatchers');
  if (!matchers) return null;
  const parts: string[] = [];
  for (let c = matchers.firstChild; c; c = c.nextSibling) {
    const t = text(c, ctx).trim();
    if (
      /^(status|code|status_code|response_code|grpc_code|result|outcome|rcode|state|error|http_response_status_code|envoy_response_code_class)\b/.test(
        t,
      )
    )
      parts.push(t);
  }
  return parts.length ? parts.join(', ') : null;
}

function args(n: SyntaxNode): SyntaxNode[] {
  const body = n.getChild('FunctionCallBody');
  return body ? exprChildren(body) : [];
}

function functionName(n: SyntaxNode, ctx: Ctx): string {
  const id = n.getChild('FunctionIdentifier');
  return id ? text(id, ctx).trim() : '';
}

const SAME_KIND_FUNCTIONS = new Set([
  'abs',
  'ceil',
  'floor',
  'round',
  'clamp',
  'clamp_min',
  'clamp_max',
  'sort',
  'sort_desc',
  'sort_by_label',
  'sort_by_label_desc',
  'label_replace',
  'label_join',
  'last_over_time',
  'avg_over_time',
  'min_over_time',
  'max_over_time',
  'quantile_over_time',
  'predict_linear',
  'scalar',
  'delta',
  'idelta',
]);

function functionKind(n: SyntaxNode, ctx: Ctx): Read {
  const name = functionName(n, ctx);
  const a = args(n);
  const vectorArg = (i = 0) => {
    const node = a.find((x, j) => j >= i && constantOf(x, ctx) === null);
    return node ? kindOf(node, ctx) : unknown();
  };
  switch (name) {
    case 'absent':
    case 'absent_over_time': {
      const inner = a[0] ? kindOf(a[0], ctx) : unknown();
      return r('availability', { availability: 'absent', what: inner.what, window: inner.window });
    }
    case 'vector': {
      const c = a[0] ? constantOf(a[0], ctx) : null;
      return c === null ? unknown() : r('constant', { constant: c });
    }
    case 'time':
      return r('timestamp');
    case 'timestamp':
      return r('timestamp', { what: vectorArg().what });
    case 'rate':
    case 'irate': {
      const inner = vectorArg();
      if (inner.kind === 'seconds-counter') return { ...inner, kind: 'busy' };
      // A counter of seconds without the _total suffix, or a histogram's _sum: seconds per second.
      if (inner.kind === 'seconds-sum' || inner.kind === 'seconds') return { ...inner, kind: 'seconds-sum' };
      if (inner.kind === 'bytes-counter' || inner.kind === 'bytes') {
        return { ...inner, kind: 'rate', what: inner.what && `${inner.what} bytes` };
      }
      if (inner.kind === 'buckets') return inner;
      return { ...inner, kind: 'rate' };
    }
    case 'deriv':
      return { ...vectorArg(), kind: 'rate' };
    case 'increase': {
      const inner = vectorArg();
      if (inner.kind === 'seconds-counter' || inner.kind === 'seconds-sum') return { ...inner, kind: 'seconds' };
      if (inner.kind === 'bytes-counter') return { ...inner, kind: 'bytes' };
      if (inner.kind === 'buckets') return inner;
      return { ...inner, kind: 'count' };
    }
    case 'changes':
    case 'resets':
    case 'count_over_time': {
      const inner = vectorArg();
      const what =
        name === 'changes'
          ? inner.what && `changes of ${inner.what}`
          : name === 'resets'
            ? inner.what && `resets of ${inner.what}`
            : inner.what;
      return r('count', { window: inner.window, what });
    }
    case 'sum_over_time': {
      const inner = vectorArg();
      return inner.kind === 'up' ? r('count', { window: inner.window, what: 'scrapes up' }) : inner;
    }
    case 'avg_over_time': {
      const inner = vectorArg();
      // The share of scrapes a target was up.
      if (inner.kind === 'up') return r('ratio', { window: inner.window, what: 'time up' });
      return inner;
    }
    case 'histogram_quantile': {
      const q = a[0] ? constantOf(a[0], ctx) : null;
      const inner = vectorArg(1);
      if (inner.kind !== 'buckets' || !inner.bucketUnit) return r('unknown', { what: inner.what, quantile: q });
      return r(inner.bucketUnit, { what: inner.what, quantile: q, window: inner.window });
    }
    default:
      if (SAME_KIND_FUNCTIONS.has(name)) return vectorArg();
      return r('unknown', { what: vectorArg().what });
  }
}

function aggregateKind(n: SyntaxNode, ctx: Ctx): Read {
  const opNode = n.getChild('AggregateOp');
  const op = opNode ? text(opNode, ctx).trim().toLowerCase() : '';
  const body = n.getChild('FunctionCallBody');
  const kids = body ? exprChildren(body) : [];
  const inner = kids.length ? kindOf(kids[kids.length - 1]!, ctx) : unknown();
  switch (op) {
    case 'count':
      return r('count', {
        what: inner.kind === 'up' ? (inner.what ?? 'targets') : inner.what,
        metric: inner.metric,
        filter: inner.filter,
      });
    case 'sum':
      if (inner.kind === 'up') return r('count', { what: 'targets up', metric: 'up' });
      // A sum of shares is not a share (but a sum of busy-seconds rates is still seconds per second).
      if (inner.kind === 'ratio') return r('unknown', { what: inner.what });
      return inner;
    case 'avg':
      if (inner.kind === 'up') return r('ratio', { what: 'targets up' });
      return inner;
    case 'min':
    case 'max':
    case 'topk':
    case 'bottomk':
    case 'quantile':
    case 'group':
    case 'limitk':
    case 'limit_ratio':
      return inner;
    default:
      return r('unknown', { what: inner.what });
  }
}

function binaryKind(n: SyntaxNode, ctx: Ctx): Read {
  const p = binaryParts(n);
  if (!p) return unknown();
  if (p.op === 'And' || p.op === 'Unless') return kindOf(p.lhs, ctx);
  if (p.op === 'Or') {
    const a = kindOf(p.lhs, ctx);
    const b = kindOf(p.rhs, ctx);
    return a.kind === b.kind && a.factor === b.factor ? a : unknown();
  }
  if (COMPARISONS[p.op]) {
    if (p.bool) return unknown();
    // A comparison inside the expression filters; the samples kept are the vector side's.
    const { node, comparison } = finalComparison(n, ctx);
    const kept = kindOf(node, ctx);
    // `up == 0` inside a count: the targets that are down.
    if (kept.kind === 'up' && comparison?.threshold === 0 && comparison.op === '==') {
      return { ...kept, what: 'targets down' };
    }
    return kept;
  }
  const a = kindOf(p.lhs, ctx);
  const b = kindOf(p.rhs, ctx);
  if (a.kind === 'constant' && b.kind === 'constant') {
    const c = constantOf(n, ctx);
    return c === null ? unknown() : r('constant', { constant: c });
  }
  // A join with an info metric (`* on(instance) group_left(nodename) node_uname_info`) keeps the value.
  if (p.op === 'Mul' && b.kind === 'info') return a;
  if (p.op === 'Mul' && a.kind === 'info') return b;
  switch (p.op) {
    case 'Div':
      if (b.kind === 'constant') return scaled(a, 1 / (b.constant ?? NaN));
      if (a.kind === 'constant') return unknown();
      return quotient(a, b);
    case 'Mul':
      if (b.kind === 'constant') return scaled(a, b.constant ?? NaN);
      if (a.kind === 'constant') return scaled(b, a.constant ?? NaN);
      return unknown();
    case 'Add':
    case 'Sub':
      return sumKind(a, b, p.op === 'Sub');
    default:
      return unknown();
  }
}

/** The value multiplied by a constant: ratio x 100 is a percentage, seconds / 60 are minutes. */
function scaled(a: Read, c: number): Read {
  if (!Number.isFinite(c) || c === 0 || a.kind === 'unknown' || a.kind === 'timestamp') return unknown();
  return { ...a, factor: a.factor * c };
}

const COUNTING = new Set<Inner>(['counter', 'rate', 'count']);

function quotient(a: Read, b: Read): Read {
  const share = (rest: Partial<Read> = {}) =>
    r('ratio', {
      what: a.what,
      of: b.what,
      filter: a.filter,
      window: a.window ?? b.window,
      factor: a.factor / b.factor,
      ...rest,
    });
  // One histogram's _sum over its _count is the mean of one observation, not a share.
  const sumStem = a.metric?.replace(/_sum$/, '');
  if (sumStem && sumStem !== a.metric && b.metric === `${sumStem}_count`) {
    if (a.kind === 'seconds-sum')
      return r('seconds', { what: a.what, window: a.window, scale: a.scale, factor: a.factor / b.factor });
    return r('unknown', { what: a.what });
  }
  // Seconds spent per second over events per second: the mean duration of one event.
  if ((a.kind === 'seconds-sum' || a.kind === 'busy') && COUNTING.has(b.kind)) {
    return r('seconds', { what: a.what, window: a.window, scale: a.scale, factor: a.factor / b.factor });
  }
  if (COUNTING.has(a.kind) && COUNTING.has(b.kind)) return share();
  if (a.kind === 'busy' && b.kind === 'busy') return share();
  if (a.kind === 'up' && b.kind === 'up') return share({ what: 'targets up' });
  if (a.kind === b.kind && (a.kind === 'bytes' || a.kind === 'seconds' || a.kind === 'gauge')) return share();
  if ((a.kind === 'gauge' && b.kind === 'count') || (a.kind === 'count' && b.kind === 'gauge')) return share();
  return r('unknown', { what: a.what, of: b.what });
}

function sumKind(a: Read, b: Read, subtract: boolean): Read {
  if (a.kind === 'timestamp' && b.kind === 'timestamp' && subtract) return r('seconds', { what: a.what ?? b.what });
  if (a.kind === 'constant' || b.kind === 'constant') {
    const c = (a.kind === 'constant' ? a.constant : b.constant) ?? NaN;
    const v = a.kind === 'constant' ? b : a;
    // 1 - ratio is the complementary share; 100 - percent likewise.
    if (v.kind === 'ratio' || v.kind === 'busy') return c === v.factor ? { ...v, kind: 'ratio' } : unknown();
    if (v.kind === 'seconds' || v.kind === 'bytes' || v.kind === 'count' || v.kind === 'timestamp') return v;
    return unknown();
  }
  if (a.kind === b.kind && a.factor === b.factor && a.kind !== 'unknown') return a;
  return unknown();
}

/** The kinds a person reads, given the final comparison. */
function publicReading(inner: Read, comparison: ExpressionReading['comparison']): ValueReading {
  const base: ValueReading = {
    kind: 'unknown',
    scale: 1,
    window: inner.window,
    what: inner.what,
    of: inner.of,
    filter: inner.filter ?? null,
    metric: inner.metric ?? null,
    quantile: inner.quantile,
    availability: null,
  };
  const t = comparison?.threshold ?? null;
  const unit = (kind: ValueKind): ValueReading => ({ ...base, kind, scale: inner.scale / inner.factor });
  switch (inner.kind) {
    case 'up': {
      const down =
        t !== null &&
        ((comparison!.op === '==' && t === 0) ||
          (comparison!.op === '<' && t <= 1 && t > 0) ||
          (comparison!.op === '<=' && t === 0) ||
          (comparison!.op === '!=' && t === 1));
      return down ? { ...base, kind: 'availability', availability: 'down', what: 'target' } : base;
    }
    case 'count':
      // `sum(up) == 0`: no target of the job is up.
      if (inner.metric === 'up' && t === 0 && (comparison!.op === '==' || comparison!.op === '<=')) {
        return { ...base, kind: 'availability', availability: 'down', what: 'every target' };
      }
      return unit('count');
    case 'counter':
      return { ...unit('count'), window: null };
    case 'availability':
      return { ...base, kind: 'availability', availability: inner.availability };
    case 'busy':
    case 'ratio': {
      const what = inner.kind === 'busy' ? inner.what && `${inner.what} busy` : inner.what;
      // A share compared with a number it can never reach is not a share after all.
      if (inner.factor === 1 && (t === null || Math.abs(t) <= 1)) return { ...base, kind: 'ratio', what };
      if (inner.factor === 100 && (t === null || Math.abs(t) <= 100)) return { ...base, kind: 'percent', what };
      return { ...base, what };
    }
    case 'seconds-counter':
    case 'seconds-sum':
      return inner.window ? base : unit('seconds');
    case 'bytes-counter':
      return unit('bytes');
    case 'rate':
    case 'seconds':
    case 'bytes':
      return unit(inner.kind);
    default:
      return base;
  }
}

/** Adds the metric names read; returns how many selectors there are (none: a constant expression). */
function collectMetrics(node: SyntaxNode, src: string, out: Set<string>, targets: Set<string>): number {
  let selectors = 0;
  const cursor = node.cursor();
  do {
    if (cursor.name === 'VectorSelector') {
      selectors++;
      const name = metricName(cursor.node, { src });
      if (name) out.add(name);
      for (const m of src.slice(cursor.from, cursor.to).matchAll(/\b(job|service)\s*=\s*"([^"]*)"/g))
        targets.add(m[2]!);
    }
  } while (cursor.next() && cursor.from < node.to);
  return selectors;
}
