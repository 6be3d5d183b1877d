/**
 * What a walkthrough transition reports for the incident's timeline. Deliberately small and
 * independent of the app's TimelineEvent: the service adds the id, incident, source and actor
 * when it stores one.
 */
export type RunbookEventKind =
  | 'runbook-started'
  | 'runbook-item-checked'
  | 'runbook-item-unchecked'
  | 'runbook-query'
  | 'runbook-branch'
  | 'runbook-step-done'
  | 'runbook-step-skipped'
  | 'runbook-step-opened'
  | 'runbook-step-overran'
  | 'runbook-overran'
  | 'runbook-finished';

export type RunbookEventData = Record<string, string | number | boolean | null>;

export interface RunbookEvent {
  kind: RunbookEventKind;
  /** One line a person reads on the timeline. */
  text: string;
  /** ISO 8601. */
  at: string;
  /** Always runbookId, runbookTitle and incidentId; stepKey, itemId, checkId, target... when they apply. */
  data: RunbookEventData;
}
