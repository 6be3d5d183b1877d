import { describe, expect, it } from 'vitest';
import type { TimelineEntry } from '../timeline/buildTimeline';
import { isFollowUp } from './incidentHistory';

const entry = (over: Partial<TimelineEntry>): TimelineEntry =>
  ({
    id: 'e',
    at: '2026-11-24T22:50:00.000Z',
    kind: 'note',
    origin: 'event',
    source: 'engine',
    actor: 'vigil',
    text: '',
    ...over,
  }) as TimelineEntry;

describe('what counts as a person following an incident up (alert fatigue: actionable or not)', () => {
  it("counts a person's runbook step or note, never Vigil's own timer", () => {
    expect(isFollowUp(entry({ kind: 'runbook-step-done', actor: 'ana', source: 'user' }))).toBe(true);
    expect(isFollowUp(entry({ kind: 'note', origin: 'note', actor: 'ana', source: 'user' }))).toBe(true);
    // "ran past its timebox" is written by Vigil: nobody did anything.
    expect(isFollowUp(entry({ kind: 'runbook-step-overran', actor: 'vigil' }))).toBe(false);
    expect(isFollowUp(entry({ kind: 'runbook-overran', actor: 'vigil' }))).toBe(false);
    expect(isFollowUp(entry({ kind: 'mitigated', actor: 'ana', source: 'user' }))).toBe(true);
    expect(isFollowUp(entry({ kind: 'resolved', actor: 'vigil' }))).toBe(false);
  });
});
