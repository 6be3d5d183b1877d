import { parseAckComment } from '../../../shared/incidents/ackSilenceComment';
import { ACK_NOTE_ANNOTATION, ACKED_AT_ANNOTATION, ACKED_BY_ANNOTATION } from '../../../shared/incidents/whoIsOnIt';
import type { AmAlert, AmSilence } from './alertmanagerSchemas';

/**
 * An alert held only by "ack" silences is acknowledged, not silenced: it still fires and stays an
 * incident in every Vigil, now saying who has it. So it is given back as active, with the
 * acknowledgers as annotations. An alert that an ordinary silence or an inhibition also holds
 * stays suppressed, as Alertmanager says.
 */
export function revealAcked(alerts: readonly AmAlert[], silences: readonly AmSilence[]): AmAlert[] {
  const acks = new Map<string, { name: string; note: string; at: string }>();
  for (const s of silences) {
    if (s.status.state !== 'active') continue;
    const ack = parseAckComment(s.comment);
    if (ack) acks.set(s.id, { ...ack, at: s.startsAt });
  }
  if (acks.size === 0) return [...alerts];
  return alerts.map((a) => {
    const by = a.status.silencedBy;
    if (by.length === 0 || a.status.inhibitedBy.length > 0 || !by.every((id) => acks.has(id))) return a;
    const held = by.map((id) => acks.get(id)!).sort((x, y) => x.at.localeCompare(y.at));
    const notes = held.filter((h) => h.note).map((h) => `${h.name}: ${h.note}`);
    return {
      ...a,
      annotations: {
        ...a.annotations,
        [ACKED_BY_ANNOTATION]: [...new Set(held.map((h) => h.name))].join(', '),
        [ACKED_AT_ANNOTATION]: held[0]!.at,
        ...(notes.length ? { [ACK_NOTE_ANNOTATION]: notes.join('; ') } : {}),
      },
      status: { ...a.status, state: 'active', silencedBy: [] },
    };
  });
}
