import { describe, expect, it } from 'vitest';
import { buildTimeline, type TimelineView } from './buildTimeline';
import { incidentMetrics } from './incidentMetrics';
import { MILESTONES, type Milestone } from './milestone';
import { annotationMaker, makeIncident, schemaChangeIncident, MIN } from './testing/incidentFixtures';

/** Milestones at the given UTC times (HH:MM on 2026-03-14); the rest missing. */
function marks(times: Partial<Record<Milestone, string>>): TimelineView['milestones'] {
  const out = {} as TimelineView['milestones'];
  for (const m of MILESTONES) {
    const t = times[m];
    out[m] = t ? { entryId: m, at: `2026-03-14T${t}:00.000Z`, by: 'derived' } : null;
  }
  return out;
}

describe('incidentMetrics', () => {
  it("reproduces seed 002's worked example from the recorded timeline", () => {
    const { incident, events, annotations } = schemaChangeIncident();
    const m = incidentMetrics(buildTimeline(incident, events, annotations).milestones);
    // first symptom 14:22, detected 14:47, ack 15:02, mitigated 15:41, resolved 15:48
    expect(m.detect.ms).toBe(25 * MIN); // 14:22 -> 14:47, from activeAt, not from the page
    expect(m.acknowledge.ms).toBe(15 * MIN); // 14:47 -> 15:02
    expect(m.mitigate.ms).toBe(54 * MIN); // 14:47 -> 15:41
    expect(m.resolve.ms).toBe(61 * MIN); // 14:47 -> 15:48 (seed: "MTTR: 61 minutes")
    expect(m.duration.ms).toBe(86 * MIN); // 14:22 -> 15:48 (seed: "Total duration: 86 minutes")
    expect([m.detect.text, m.acknowledge.text, m.mitigate.text, m.resolve.text, m.duration.text]).toEqual([
      '25 min',
      '15 min',
      '54 min',
      '1 h 1 min',
      '1 h 26 min',
    ]);
  });

  it('measures detection from the first symptom even when the page came much later', () => {
    const m = incidentMetrics(marks({ 'first-symptom': '10:00', detected: '10:04', declared: '10:30' }));
    expect(m.detect.ms).toBe(4 * MIN);
  });

  it('is null with the missing milestone named when one is missing', () => {
    // Detected and auto-resolved, never acknowledged or mitigated.
    const m = incidentMetrics(marks({ 'first-symptom': '10:00', detected: '10:02', resolved: '10:30' }));
    expect(m.acknowledge).toMatchObject({ ms: null, text: 'not known: no acknowledged milestone', problem: null });
    // Resolution without a separate mitigation: mitigated at the latest when it resolved.
    expect(m.mitigate).toMatchObject({ ms: 28 * MIN, to: 'resolved', text: '28 min (at resolution)' });

    const open = incidentMetrics(marks({ detected: '10:02', acknowledged: '10:05' }));
    expect(open.detect.text).toBe('not known: no first symptom milestone');
    expect(open.resolve).toMatchObject({ ms: null, text: 'not known: no resolved milestone' });
    expect(open.mitigate).toMatchObject({ ms: null, to: 'mitigated', text: 'not known: no mitigated milestone' });
    expect(open.duration.text).toBe('not known: no first symptom or resolved milestone');
    expect(open.acknowledge.ms).toBe(3 * MIN);

    const nothing = incidentMetrics(marks({}));
    for (const v of Object.values(nothing)) expect(v.ms).toBeNull();
  });

  it('refuses a milestone that lies before its start, and says so', () => {
    const m = incidentMetrics(marks({ detected: '10:10', acknowledged: '10:05' }));
    expect(m.acknowledge.ms).toBeNull();
    expect(m.acknowledge.problem).toBe(
      'acknowledged (10:05 UTC) is before detected (10:10 UTC): check the milestone times',
    );
  });

  it('follows a person’s corrections on the timeline', () => {
    const { incident, events, annotations } = schemaChangeIncident();
    const a = annotationMaker(incident.id);
    // The schema change was deployed at 14:18: the person moves the first symptom there.
    const corrected = buildTimeline(incident, events, [
      ...annotations,
      a.retime('inc-psi/derived/first-symptom', '2026-03-14T14:18:00Z'),
      // ...and says the incident was not really mitigated before it resolved.
      a.milestone('mitigated', null),
    ]);
    const m = incidentMetrics(corrected.milestones);
    expect(m.detect.ms).toBe(29 * MIN);
    expect(m.mitigate).toMatchObject({ ms: 61 * MIN, text: '1 h 1 min (at resolution)' });
  });

  it('is zero, not missing, when two milestones coincide', () => {
    const incident = makeIncident({
      id: 'z',
      startedAt: '2026-03-14T10:00:00.000Z',
      detectedAt: '2026-03-14T10:00:00.000Z',
    });
    expect(incidentMetrics(buildTimeline(incident, [], []).milestones).detect).toMatchObject({ ms: 0, text: '0 s' });
  });
});
