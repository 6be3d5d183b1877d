import type { Incident } from '../domain/incident';

/** Annotations an Alertmanager alert carries while a teammate's ack silence holds it. */
export const ACKED_BY_ANNOTATION = 'vigil_acknowledged_by';
export const ACK_NOTE_ANNOTATION = 'vigil_ack_note';
export const ACKED_AT_ANNOTATION = 'vigil_acknowledged_at';
/** Annotations a PagerDuty signal carries about the incident's latest note (read from its notes). */
export const LAST_NOTE_BY_ANNOTATION = 'pagerduty_last_note_by';
export const LAST_NOTE_AT_ANNOTATION = 'pagerduty_last_note_at';

export interface Acknowledger {
  name: string;
  /** Through what the acknowledgement is known: this Vigil, a teammate's ack silence, PagerDuty. */
  via: 'vigil' | 'alertmanager' | 'pagerduty';
  at: string | null;
}

export interface PeopleOnIt {
  acknowledged: Acknowledger[];
  /** PagerDuty's assignees. */
  assigned: string[];
  lastNote: { author: string; at: string } | null;
}

const split = (text: string | undefined) => (text ? text.split(', ').filter(Boolean) : []);

/**
 * Who is on an incident, from what the sources say: this Vigil's ack, teammates' ack silences
 * in Alertmanager, PagerDuty's acknowledgers and assignees, and the latest PagerDuty note.
 * Names are untrusted text: render them as text.
 */
export function whoIsOnIt(inc: Pick<Incident, 'signals' | 'acknowledgedBy' | 'acknowledgedAt'>): PeopleOnIt {
  const acknowledged: Acknowledger[] = [];
  const seen = new Set<string>();
  const add = (a: Acknowledger) => {
    const key = a.name.toLowerCase();
    if (seen.has(key)) return;
    seen.add(key);
    acknowledged.push(a);
  };
  const assigned = new Set<string>();
  let lastNote: PeopleOnIt['lastNote'] = null;
  for (const s of inc.signals) {
    if (s.sourceKind === 'alertmanager') {
      for (const name of split(s.annotations[ACKED_BY_ANNOTATION])) {
        add({ name, via: 'alertmanager', at: s.annotations[ACKED_AT_ANNOTATION] ?? null });
      }
    }
    if (s.sourceKind === 'pagerduty') {
      for (const name of split(s.annotations.pagerduty_acknowledged_by)) add({ name, via: 'pagerduty', at: null });
      for (const name of split(s.annotations.pagerduty_assignees)) assigned.add(name);
      const by = s.annotations[LAST_NOTE_BY_ANNOTATION];
      const at = s.annotations[LAST_NOTE_AT_ANNOTATION];
      if (by && at && (!lastNote || at > lastNote.at)) lastNote = { author: by, at };
    }
  }
  if (inc.acknowledgedBy) add({ name: inc.acknowledgedBy, via: 'vigil', at: inc.acknowledgedAt ?? null });
  return { acknowledged, assigned: [...assigned], lastNote };
}
