import type { ActionItem, PostMortem } from './postMortemModel';

export interface OpenActionItem extends ActionItem {
  incidentId: string;
  /** The post-mortem's title, to say where the item comes from. */
  from: string;
  /** Due before `today`; due today is not overdue yet. */
  overdue: boolean;
}

/**
 * Action items still to do across post-mortems (open or in progress), for the "open action items"
 * view and the shift handoff: overdue first, then by due day, undated last. `today` is the local
 * calendar day (YYYY-MM-DD), injected, because "due by" is a day in the owner's time zone.
 */
export function openActionItems(docs: readonly PostMortem[], today: string): OpenActionItem[] {
  const out: OpenActionItem[] = [];
  for (const doc of docs) {
    for (const item of doc.actionItems) {
      if (item.status !== 'open' && item.status !== 'in-progress') continue;
      out.push({
        ...item,
        incidentId: doc.incidentId,
        from: doc.title,
        overdue: item.due !== null && item.due < today,
      });
    }
  }
  return out.sort(
    (a, b) =>
      Number(b.overdue) - Number(a.overdue) ||
      (a.due ?? '9999-99-99').localeCompare(b.due ?? '9999-99-99') ||
      a.incidentId.localeCompare(b.incidentId) ||
      a.id.localeCompare(b.id),
  );
}
