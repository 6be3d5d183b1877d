import type { Classification, ManualSeverity } from '../domain/incident';
import type { Severity } from '../domain/severity';

/**
 * The classification an incident shows while a person's escalation holds it above what the rules
 * say: who raised it, why, and what the rules would give, so nobody mistakes it for the matrix.
 * The engine and the escalate action build it the same way.
 */
export function manualClassification(
  manual: ManualSeverity,
  ruleSeverity: Severity,
  ruleReason: string | null,
): Classification {
  const rules = ruleReason ? `${ruleSeverity}: ${ruleReason.replace(/: P[0-3]$/, '')}` : ruleSeverity;
  return {
    severity: manual.severity,
    ruleId: 'manual',
    reason: `escalated by hand to ${manual.severity} by ${manual.by}: ${manual.reason} (rules say ${rules})`,
    whyNotHigher: null,
  };
}
