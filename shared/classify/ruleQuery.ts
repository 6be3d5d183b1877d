import type { Signal } from '../domain/signal';
import type { ClassificationConfig } from './classificationConfig';
import { rulesMatchingLabels } from './ruleIndex';

/**
 * PromQL queries on rules. A rule with `query:` compares the query's result instead of the
 * alert's value. The engine never fetches anything: the Node side asks `queriesFor` which
 * queries the current alerts need, runs them against Prometheus (/api/v1/query, instant), and
 * passes the results into the next engine step as a map from the rendered query text to a number
 * (null = the query ran but returned no sample). A query with no entry yet is "no result yet" and
 * its rule does not match, exactly like an alert without a value.
 *
 * Queries may use the alert's labels as `{{ $labels.service }}` (Prometheus template spelling);
 * the value is escaped for a PromQL double-quoted string. An alert lacking a used label cannot run
 * the query, and the rule does not match it.
 */
export type QueryResults = ReadonlyMap<string, QueryResult>;
/** A number, null for "ran but returned no sample", or why it could not run ("timed out after 5 s"). */
export type QueryResult = number | null | { error: string };

export interface QueryTemplate {
  text: string;
  /** Label names used by placeholders, in order of first use. */
  labels: string[];
}

export class QuerySyntaxError extends Error {}

const PLACEHOLDER = /\{\{\s*([^}]*?)\s*\}\}/g;
const LABEL_REF = /^\$labels\.([a-zA-Z_][a-zA-Z0-9_]*)$/;

export function parseQueryTemplate(text: string): QueryTemplate {
  const labels: string[] = [];
  for (const [, inner] of text.matchAll(PLACEHOLDER)) {
    const m = LABEL_REF.exec(inner!);
    if (!m) throw new QuerySyntaxError(`"{{ ${inner} }}" is not a placeholder; write {{ $labels.NAME }}`);
    if (!labels.includes(m[1]!)) labels.push(m[1]!);
  }
  if (!text.trim()) throw new QuerySyntaxError('the query is empty');
  return { text, labels };
}

export type RenderedQuery = { ok: true; query: string } | { ok: false; missingLabel: string };

export function renderQuery(template: QueryTemplate, labels: Readonly<Record<string, string>>): RenderedQuery {
  if (template.labels.length === 0) return { ok: true, query: template.text };
  for (const name of template.labels) {
    if (!labels[name]) return { ok: false, missingLabel: name };
  }
  const query = template.text.replace(PLACEHOLDER, (_whole, inner: string) => {
    const name = LABEL_REF.exec(inner)![1]!;
    return labels[name]!.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
  });
  return { ok: true, query };
}

/** Series key under which the engine keeps a query's recent results (for `rising`). */
export function querySeriesKey(query: string): string {
  return `query:${query}`;
}

/** Series key under which the engine keeps an alert's recent values. */
export function signalSeriesKey(signal: Signal): string {
  return `signal:${signal.id}`;
}

/**
 * The queries the Node side should run for these signals: one per (query rule, alert whose labels
 * match it), rendered, deduplicated and sorted. Run each as an instant query and pass the first
 * sample's value (or null for an empty result) to the next engine step under the same text.
 */
export function queriesFor(signals: readonly Signal[], config: ClassificationConfig): string[] {
  if (!config.rules.some((r) => r.query !== null)) return [];
  const out = new Set<string>();
  for (const signal of signals) {
    if (signal.state !== 'firing') continue;
    for (const rule of rulesMatchingLabels(config, signal.labels)) {
      if (!rule.query) continue;
      const rendered = renderQuery(rule.query, signal.labels);
      if (rendered.ok) out.add(rendered.query);
    }
  }
  return [...out].sort();
}
