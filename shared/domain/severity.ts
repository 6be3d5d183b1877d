import { z } from 'zod';

/** P0 is the most severe. The order of this tuple is the order of urgency. */
export const SEVERITIES = ['P0', 'P1', 'P2', 'P3'] as const;
export const Severity = z.enum(SEVERITIES);
export type Severity = z.infer<typeof Severity>;

/** Lower rank = more urgent; used for sorting and for "highest severity wins". */
export function severityRank(s: Severity): number {
  return SEVERITIES.indexOf(s);
}

export function mostSevere(a: Severity, b: Severity): Severity {
  return severityRank(a) <= severityRank(b) ? a : b;
}
