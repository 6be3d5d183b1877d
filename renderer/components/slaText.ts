import type { SeverityPolicy } from '../../shared/classify/classificationConfig';
import { formatDuration } from '../../shared/classify/duration';
import type { Incident } from '../../shared/domain/incident';
import { slaClocks, type SlaClock } from '../../shared/incidents/slaClocks';

const VERB: Record<SlaClock['kind'], string> = {
  ack: 'ack',
  update: 'update',
  mitigate: 'mitigate',
  resolve: 'resolve',
};

/** The most urgent running SLA clock of an incident, in words: "ack in 3 min" / "ack overdue 2 min". */
export function nextSla(
  incident: Incident,
  policy: SeverityPolicy | undefined,
  now: number,
): { text: string; breached: boolean; clock: SlaClock } | null {
  if (!policy || incident.state === 'resolved') return null;
  const running = slaClocks(incident, policy, now).clocks.filter((c) => c.msLeft !== null);
  if (!running.length) return null;
  const clock = running.reduce((a, b) => (a.msLeft! <= b.msLeft! ? a : b));
  const left = clock.msLeft!;
  return {
    text:
      left >= 0
        ? `${VERB[clock.kind]} in ${formatDuration(left)}`
        : `${VERB[clock.kind]} overdue ${formatDuration(-left)}`,
    breached: left < 0,
    clock,
  };
}
