/**
 * Where a sparkline's expression comes from when the rule list cannot say: the alert's
 * generatorURL, which Prometheus sets to its graph page for the rule (`/graph?g0.expr=...`),
 * and how to turn an alert expression ("x > 0.05") into the value it compares.
 */

/** The `g0.expr` parameter of a Prometheus generatorURL, decoded; null when there is none. */
export function exprFromGeneratorUrl(url: string | null | undefined): string | null {
  if (!url) return null;
  const q = url.indexOf('?');
  if (q < 0) return null;
  const query = url.slice(q + 1).split('#')[0]!;
  for (const pair of query.split('&')) {
    const eq = pair.indexOf('=');
    if (eq < 0) continue;
    if (decode(pair.slice(0, eq)) !== 'g0.expr') continue;
    const expr = decode(pair.slice(eq + 1)).trim();
    return expr || null;
  }
  return null;
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

export type ComparisonOp = '>' | '>=' | '<' | '<=' | '==' | '!=';

export interface SplitExpression {
  /** The expression whose value the alert compares: what a sparkline should plot. */
  valueExpr: string;
  op: ComparisonOp;
  threshold: number;
}

const NUMBER = /^\s*(?:bool\s+)?([-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[-+]?\d+)?)\s*$/i;
const SET_OPERATORS = /^(and|or|unless)\b/i;

/**
 * Splits "model_error_ratio{service="fraud-model"} > 0.05" into the value expression and its
 * threshold. Alert expressions filter with a comparison, so plotting them as they are would show
 * only the samples above the threshold; the sparkline wants the value on both sides of it. Only a
 * final, top-level comparison with a number is taken apart; anything else (set operators, a
 * comparison between two series) is null, and the caller plots the expression whole.
 */
export function splitThresholdComparison(expr: string): SplitExpression | null {
  let depth = 0;
  let quote: string | null = null;
  let last: { at: number; op: ComparisonOp } | null = null;
  for (let i = 0; i < expr.length; i++) {
    const c = expr[i]!;
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = null;
      continue;
    }
    if (c === '"' || c === "'" || c === '`') quote = c;
    else if (c === '(' || c === '{' || c === '[') depth++;
    else if (c === ')' || c === '}' || c === ']') depth--;
    else if (c === '#') break;
    else if (depth === 0) {
      if ((c === 'a' || c === 'o' || c === 'u') && /[\s)]/.test(expr[i - 1] ?? ' ')) {
        if (SET_OPERATORS.test(expr.slice(i, i + 7))) return null;
      }
      const two = expr.slice(i, i + 2);
      if (two === '>=' || two === '<=' || two === '==' || two === '!=') {
        last = { at: i, op: two };
        i++;
      } else if (c === '>' || c === '<') {
        last = { at: i, op: c };
      }
    }
  }
  if (!last) return null;
  const rest = NUMBER.exec(expr.slice(last.at + last.op.length));
  const valueExpr = expr.slice(0, last.at).trim();
  if (!rest || !valueExpr) return null;
  return { valueExpr, op: last.op, threshold: Number(rest[1]) };
}
