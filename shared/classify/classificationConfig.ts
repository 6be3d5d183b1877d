import { parseDocument, LineCounter, isNode, type Document } from 'yaml';
import { z } from 'zod';
import { Severity, SEVERITIES } from '../domain/severity';
import { parseDuration } from './duration';
import { MatcherSyntaxError, parseMatcher, type Matcher } from './parseMatcher';
import { parseCondition, ConditionSyntaxError, type Condition } from './condition';

const DurationText = z.string().refine((s) => parseDuration(s) !== null, {
  message: 'must be a duration such as 30s, 5m, 4h or 1w',
});

const SeverityPolicy = z.strictObject({
  label: z.string(),
  ack: DurationText,
  update: DurationText.optional(),
  mitigate: DurationText.optional(),
  resolve: DurationText.optional(),
  /** P0/P1: an alert automatically declares an incident; P2/P3: the engineer decides. */
  declare: z.enum(['auto', 'judgment']),
  notify: z.enum(['page', 'quiet', 'none']),
});

const RuleSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'ids are lower-case words joined by dashes'),
  severity: Severity,
  /** Alertmanager matchers; all must match. */
  match: z.array(z.string()).min(1),
  /** Condition on the alert's value, e.g. "value > 0.05" or "value > 2 * sla". */
  when: z.string().optional(),
  /** How long the alert must have been active (since activeAt), e.g. "10m". */
  for: DurationText.optional(),
  /** Default SLA in seconds for latency rules; an alert's `sla_seconds` label or annotation wins. */
  sla_seconds: z.number().positive().optional(),
  reason: z.string().min(1),
});

const ConfigSchema = z.strictObject({
  version: z.literal(1),
  severities: z.strictObject({ P0: SeverityPolicy, P1: SeverityPolicy, P2: SeverityPolicy, P3: SeverityPolicy }),
  rules: z.array(RuleSchema),
  fallback: z.strictObject({
    label: z.string(),
    map: z.record(z.string(), Severity),
  }),
  default: Severity,
});

export type SeverityPolicy = z.infer<typeof SeverityPolicy>;

export interface ClassificationRule {
  id: string;
  severity: Severity;
  matchers: Matcher[];
  condition: Condition | null;
  forMs: number | null;
  slaSeconds: number | null;
  reason: string;
}

export interface ClassificationConfig {
  severities: Record<Severity, SeverityPolicy>;
  /** Sorted most severe first; file order kept within a severity. */
  rules: ClassificationRule[];
  fallback: { label: string; map: Record<string, Severity> };
  default: Severity;
}

export interface ConfigProblem {
  message: string;
  line: number | null;
  column: number | null;
}

export type ConfigResult = { ok: true; config: ClassificationConfig } | { ok: false; problems: ConfigProblem[] };

/**
 * Parses and validates a classification file. Errors carry line and column so the settings
 * screen can point at them; the caller keeps the last good config in force.
 */
export function parseClassificationConfig(text: string): ConfigResult {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      problems: doc.errors.map((e) => {
        const pos = lineCounter.linePos(e.pos[0]);
        return { message: e.message.split('\n')[0]!, line: pos.line, column: pos.col };
      }),
    };
  }
  const parsed = ConfigSchema.safeParse(doc.toJS());
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map((issue) => {
        const at = positionOf(doc, lineCounter, issue.path as (string | number)[]);
        const where = issue.path.length ? `${issue.path.join('.')}: ` : '';
        return { message: `${where}${issue.message}`, ...at };
      }),
    };
  }
  const problems: ConfigProblem[] = [];
  const rules: ClassificationRule[] = [];
  const seen = new Set<string>();
  parsed.data.rules.forEach((rule, index) => {
    const problemAt = (path: (string | number)[], message: string) =>
      problems.push({
        message: `rules.${index} (${rule.id}): ${message}`,
        ...positionOf(doc, lineCounter, ['rules', index, ...path]),
      });
    if (seen.has(rule.id)) problemAt(['id'], 'duplicate rule id');
    seen.add(rule.id);
    const matchers: Matcher[] = [];
    rule.match.forEach((text, i) => {
      try {
        matchers.push(parseMatcher(text));
      } catch (err) {
        if (!(err instanceof MatcherSyntaxError)) throw err;
        problemAt(['match', i], err.message);
      }
    });
    let condition: Condition | null = null;
    if (rule.when !== undefined) {
      try {
        // A condition using `sla` without sla_seconds is allowed: the alert may carry its own.
        condition = parseCondition(rule.when);
      } catch (err) {
        if (!(err instanceof ConditionSyntaxError)) throw err;
        problemAt(['when'], err.message);
      }
    }
    rules.push({
      id: rule.id,
      severity: rule.severity,
      matchers,
      condition,
      forMs: rule.for ? parseDuration(rule.for) : null,
      slaSeconds: rule.sla_seconds ?? null,
      reason: rule.reason,
    });
  });
  if (problems.length) return { ok: false, problems };
  const order = (s: Severity) => SEVERITIES.indexOf(s);
  const sorted = rules
    .map((r, i) => ({ r, i }))
    .sort((a, b) => order(a.r.severity) - order(b.r.severity) || a.i - b.i)
    .map(({ r }) => r);
  return {
    ok: true,
    config: {
      severities: parsed.data.severities,
      rules: sorted,
      fallback: parsed.data.fallback,
      default: parsed.data.default,
    },
  };
}

function positionOf(
  doc: Document,
  lc: LineCounter,
  path: (string | number)[],
): { line: number | null; column: number | null } {
  // Walk up the path until a node with a source range is found.
  for (let n = path.length; n >= 0; n--) {
    const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
    if (isNode(node) && node.range) {
      const pos = lc.linePos(node.range[0]);
      return { line: pos.line, column: pos.col };
    }
  }
  return { line: null, column: null };
}
