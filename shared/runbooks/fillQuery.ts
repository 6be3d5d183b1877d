/**
 * PromQL checks may name the incident's labels the way Prometheus alert templates do:
 *   rate(model_requests_total{model_name="{{ $labels.model }}", status="error"}[5m])
 * so one runbook serves every model. A placeholder must sit inside a double-quoted string: the
 * value is escaped for that string, so a label value can never change the shape of the query.
 */
const TEMPLATE = /\{\{([^}]*)\}\}/g;
const LABEL_REF = /^\s*\$labels\.([a-zA-Z_][a-zA-Z0-9_]*)\s*$/;

export interface PlaceholderProblem {
  /** 0-based line inside the query. */
  lineOffset: number;
  message: string;
}

/** The labels a query needs, and what is wrong with its placeholders. */
export function queryPlaceholders(query: string): { labels: string[]; problems: PlaceholderProblem[] } {
  const labels: string[] = [];
  const problems: PlaceholderProblem[] = [];
  const quoted = doubleQuotedRanges(query);
  for (const m of query.matchAll(TEMPLATE)) {
    const at = m.index;
    const lineOffset = query.slice(0, at).split('\n').length - 1;
    const ref = LABEL_REF.exec(m[1]!);
    if (!ref) {
      problems.push({ lineOffset, message: `"${m[0]}" is not a placeholder; write {{ $labels.NAME }}` });
      continue;
    }
    if (!quoted.some(([from, to]) => at > from && at + m[0].length <= to)) {
      problems.push({
        lineOffset,
        message: `${m[0]} must be inside double quotes, e.g. model_name="${m[0]}", so its value stays a string`,
      });
      continue;
    }
    if (!labels.includes(ref[1]!)) labels.push(ref[1]!);
  }
  return { labels, problems };
}

export type FilledQuery = { ok: true; query: string } | { ok: false; missing: string[]; message: string };

/** Fills `{{ $labels.NAME }}` from the incident's labels; refuses when one is missing rather than guess. */
export function fillQuery(query: string, labels: Readonly<Record<string, string>>): FilledQuery {
  const missing: string[] = [];
  const filled = query.replace(TEMPLATE, (whole, inner: string) => {
    const ref = LABEL_REF.exec(inner);
    if (!ref) return whole;
    const value = labels[ref[1]!];
    if (value === undefined || value === '') {
      if (!missing.includes(ref[1]!)) missing.push(ref[1]!);
      return whole;
    }
    return escapePromqlString(value);
  });
  if (missing.length) {
    return {
      ok: false,
      missing,
      message: `this check needs the alert label${missing.length > 1 ? 's' : ''} ${missing.join(', ')}, which the incident does not have`,
    };
  }
  return { ok: true, query: filled };
}

/** Escapes for a PromQL double-quoted string (Go string escapes). */
function escapePromqlString(value: string): string {
  return value.replace(
    /[\\"\n\r\t]/g,
    (c) => ({ '\\': '\\\\', '"': '\\"', '\n': '\\n', '\r': '\\r', '\t': '\\t' })[c]!,
  );
}

/** [start quote index, end quote index + 1] of each double-quoted string, honouring escapes and other quote kinds. */
function doubleQuotedRanges(query: string): [number, number][] {
  const ranges: [number, number][] = [];
  let open: string | null = null;
  let start = 0;
  for (let i = 0; i < query.length; i++) {
    const c = query[i]!;
    if (open) {
      if (c === '\\' && open !== '`') i++;
      else if (c === open) {
        if (open === '"') ranges.push([start, i + 1]);
        open = null;
      }
    } else if (c === '"' || c === "'" || c === '`') {
      open = c;
      start = i;
    } else if (c === '#') {
      // PromQL comment: skip to the end of the line so an apostrophe in it opens nothing.
      const nl = query.indexOf('\n', i);
      i = nl === -1 ? query.length : nl;
    }
  }
  return ranges;
}
