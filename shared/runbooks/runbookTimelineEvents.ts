import type { TimelineEvent } from '../domain/timeline';
import type { RunbookEvent } from './runbookEvent';

export interface RunbookTimelineContext {
  incidentId: string;
  /**
   * Sequence number of the first event. The service keeps the counter with the incident's
   * walkthrough file, so ids stay unique across restarts and never change once stored.
   */
  firstSeq: number;
  /** Who acted: the person's display name for their actions. */
  actor: string;
  /** 'user' for a person's request; 'vigil' for what Vigil notices alone (a timebox running out). */
  origin: 'user' | 'vigil';
  /** A check result typed by the person (no Prometheus to ask), not read from Prometheus. */
  manual?: boolean;
}

/**
 * Turns what the walkthrough reports into timeline events. A branch the checks decided is
 * Vigil's doing even inside a person's request (they ran the query; the threshold chose), so it
 * is attributed to Vigil: the post-mortem then tells "the checks said" from "we chose".
 */
export function runbookTimelineEvents(events: readonly RunbookEvent[], ctx: RunbookTimelineContext): TimelineEvent[] {
  return events.map((e, i) => {
    const byVigil = ctx.origin === 'vigil' || (e.kind === 'runbook-branch' && e.data.by === 'condition');
    const manual = ctx.manual === true && e.kind === 'runbook-query';
    return {
      id: `${ctx.incidentId}#runbook.${ctx.firstSeq + i}`,
      incidentId: ctx.incidentId,
      at: e.at,
      kind: e.kind,
      text: manual ? `${e.text} (entered by hand)` : e.text,
      source: byVigil ? 'vigil' : 'user',
      actor: byVigil ? 'vigil' : ctx.actor,
      data: manual ? { ...e.data, manual: true } : { ...e.data },
    };
  });
}
