import { z } from 'zod';

/** The user's override of the severity matrix (Settings > Severity matrix). */

export const ConfigProblemView = z.object({
  message: z.string(),
  line: z.number().nullable(),
  column: z.number().nullable(),
  file: z.enum(['base', 'override']).optional(),
});

export const ClassificationOverrideView = z.object({
  /** The override text as saved (empty when there is none). */
  text: z.string(),
  /** What is classifying alerts now. */
  inForce: z.enum(['shipped', 'override', 'last-good']),
  /** Problems of the saved file (when it is not the one in force), with line and column. */
  problems: z.array(ConfigProblemView),
  path: z.string(),
});
export type ClassificationOverrideView = z.infer<typeof ClassificationOverrideView>;

/** How one alerting rule would be judged when it fires just past its threshold (calibrateRules). */
export const RulePreviewView = z.object({
  name: z.string(),
  origin: z.string().nullable(),
  label: z.string().nullable(),
  level: z.enum(['P0', 'P1', 'P2', 'P3', 'heartbeat', 'ignored']),
  ruleId: z.string().nullable(),
  kind: z.string(),
  reason: z.string(),
  disagrees: z.boolean(),
  pagedFromNonCritical: z.boolean(),
  raisedAboveLabel: z.boolean(),
});
export type RulePreviewView = z.infer<typeof RulePreviewView>;

export const CalibrationSummaryView = z.object({
  rules: z.number(),
  byLabel: z.record(z.string(), z.record(z.string(), z.number())),
  pagedFromNonCritical: z.number(),
  raisedAboveLabel: z.number(),
  unknownValueKind: z.number(),
});

/** The preview for one Prometheus source: its rules, disagreements with their own labels first. */
export const SourceRulePreview = z.object({
  sourceId: z.string(),
  sourceName: z.string(),
  /** Why the rule list could not be read, in words; null when it was. */
  problem: z.string().nullable(),
  rules: z.array(RulePreviewView),
  /** Rules beyond the ones sent (a very large rule set is cut, and says so). */
  omitted: z.number(),
  summary: CalibrationSummaryView.nullable(),
});
export type SourceRulePreview = z.infer<typeof SourceRulePreview>;

export const classificationRequests = {
  /** Every alerting rule of every Prometheus source, judged by the matrix in force. */
  'classification:preview': { input: z.strictObject({}), output: z.array(SourceRulePreview) },
  'classification:override-get': { input: z.strictObject({}), output: ClassificationOverrideView },
  /**
   * Validates and applies an override. An invalid one is refused with its problems and nothing
   * changes: the rules in force stay. An empty text removes the override.
   */
  'classification:override-set': {
    input: z.strictObject({ text: z.string().max(256 * 1024) }),
    output: z.object({ ok: z.boolean(), view: ClassificationOverrideView, problems: z.array(ConfigProblemView) }),
  },
} as const;
