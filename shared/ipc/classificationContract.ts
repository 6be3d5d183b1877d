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

export const classificationRequests = {
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
