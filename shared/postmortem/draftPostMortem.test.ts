import { describe, expect, it } from 'vitest';
import type { ActionItemSuggestion } from '../runbooks/suggestActionItems';
import { buildTimeline } from '../timeline/buildTimeline';
import { incidentMetrics } from '../timeline/incidentMetrics';
import { eventMaker, makeIncident, MIN, schemaChangeIncident } from '../timeline/testing/incidentFixtures';
import { draftPostMortem } from './draftPostMortem';
import { exportPostMortemMarkdown } from './exportPostMortemMarkdown';
import { parsePostMortemMarkdown } from './parsePostMortemMarkdown';
import { PostMortem } from './postMortemModel';

const NOW = Date.parse('2026-03-15T09:00:00Z');

const skipped: ActionItemSuggestion = {
  kind: 'skipped-step',
  runbookId: 'score-drift',
  stepKey: 'step-2',
  reason: 'no deploy in 24 h',
  spentMs: null,
  timeboxMs: null,
  text: 'Step 2 "Compare with last deploy" of runbook "Score drift" was skipped (no deploy in 24 h): remove what stopped it, or change or drop the step',
};

function recordedDraft() {
  const { incident, events, annotations } = schemaChangeIncident();
  const view = buildTimeline(incident, events, annotations);
  return draftPostMortem(incident, view, incidentMetrics(view.milestones), [skipped], NOW);
}

describe('draftPostMortem from a recorded incident', () => {
  const doc = recordedDraft();

  it('is a valid document in draft status', () => {
    expect(PostMortem.parse(doc)).toEqual(doc);
    expect(doc).toMatchObject({
      incidentId: 'inc-psi',
      title: 'FraudModelScorePSI',
      severity: 'P1',
      incidentType: 'ml-quality',
      status: 'draft',
      author: 'ana', // who acknowledged it, when settings give no author
      createdAt: '2026-03-15T09:00:00.000Z',
      startedAt: '2026-03-14T14:22:00.000Z',
      detectedAt: '2026-03-14T14:47:00.000Z',
      resolvedAt: '2026-03-14T15:48:00.000Z',
      responders: ['ana', 'ben'],
      affected: ['fraud-model'],
    });
  });

  it('puts the milestones and starred entries in the timeline, chronologically', () => {
    // Not in it: runbook started (un-starred), step 1 done (neither starred nor a milestone).
    expect(doc.timeline.map((t) => [t.at.slice(11, 16), t.milestones.join('+'), t.text.slice(0, 32)])).toEqual(
      [
        ['14:22', 'first-symptom', "FraudModelScorePSI: the alert's c"],
        ['14:47', 'detected', 'FraudModelScorePSI fired: PSI 0.6'],
        ['14:47', 'declared', 'paged: P1 FraudModelScorePSI'],
        ['15:02', 'acknowledged', 'ana acknowledged it'],
        ['15:09', '', 'Step 2 "Compare with last deploy'],
        ['15:23', 'root-cause', 'Root cause: the upstream table re'],
        ['15:41', 'mitigated', 'ana marked it mitigated: feature '],
        ['15:48', 'resolved', 'every alert cleared: resolved'],
      ].map(([at, m, t]) => [at, m, t!.slice(0, 32)]),
    );
  });

  it('carries the metrics', () => {
    expect(doc.metrics).toEqual({
      detect: 25 * MIN,
      acknowledge: 15 * MIN,
      mitigate: 54 * MIN,
      resolve: 61 * MIN,
      duration: 86 * MIN,
    });
  });

  it('turns the evidence, the targets and the runbook skips into suggestions, not content', () => {
    expect(doc.suggestions).toEqual([
      { section: 'impact', source: 'evidence', text: 'Classified P1 by rule drift-significant: PSI 0.62 > 0.5: P1' },
      {
        section: 'impact',
        source: 'evidence',
        text: 'FraudModelScorePSI (model=fraud-model) last read 0.62, as reported by prometheus',
      },
      expect.objectContaining({
        section: 'went-well',
        source: 'metrics',
        text: expect.stringMatching(/^Detection .* took 25 min, within the 4 h target/),
      }),
      expect.objectContaining({
        section: 'went-well',
        source: 'metrics',
        text: expect.stringMatching(/^Resolution .* took 1 h 1 min, within the 24 h target/),
      }),
      { section: 'action-items', source: 'runbook', text: skipped.text },
    ]);
    expect(doc.rootCause).toEqual({ immediateCause: '', fiveWhys: [], whatAllowedIt: '' });
    expect(doc.actionItems).toEqual([]);
    expect(doc.summary).toBe(
      'On 2026-03-14, fraud-model had a problem (FraudModelScorePSI) starting at 14:22 UTC. Our monitoring noticed it 25 min after it began. It was resolved at 15:48 UTC, 1 h 26 min after it began.',
    );
  });

  it('exports to Markdown that parses back to the same document', () => {
    const md = exportPostMortemMarkdown(doc);
    const parsed = parsePostMortemMarkdown(md);
    expect(parsed).toEqual({ ok: true, doc, warnings: [] });
    expect(md).toContain('- **2026-03-14 15:23** _(root cause identified)_ Root cause: the upstream table renamed');
    expect(md).toContain('  time_to_resolve: 1h1m\n');
  });
});

describe('draftPostMortem: how bad it got', () => {
  it('quotes the worst severity the incident reached, not the one it ended at', () => {
    const incident = makeIncident({
      id: 'inc-peak',
      title: 'FraudModelHighErrorRate',
      severity: 'P1',
      startedAt: '2026-03-14T02:00:00.000Z',
      detectedAt: '2026-03-14T02:01:00.000Z',
      severityReachedAt: { P1: '2026-03-14T02:01:00.000Z', P0: '2026-03-14T02:05:00.000Z' },
    });
    const view = buildTimeline(incident, [], []);
    expect(draftPostMortem(incident, view, incidentMetrics(view.milestones), [], NOW).severity).toBe('P0');
  });
});

describe('draftPostMortem on a rougher incident', () => {
  it('flags escalation and flapping, misses against infrastructure targets, and an open incident', () => {
    const ev = eventMaker('inc-api');
    const incident = makeIncident({
      id: 'inc-api',
      title: 'HighAPIErrorRate',
      severity: 'P0',
      startedAt: '2026-03-14T02:00:00.000Z',
      detectedAt: '2026-03-14T02:09:00.000Z',
      groupLabels: { alertname: 'HighAPIErrorRate', service: 'checkout' },
      flapCount: 1,
    });
    const events = [
      ev('2026-03-14T02:09:00.000Z', 'fired', 'HighAPIErrorRate fired: error ratio 7.2% > 5%: P1'),
      ev('2026-03-14T02:24:00.000Z', 'escalated', 'escalated P1 -> P0: unacknowledged for 15 min'),
      ev('2026-03-14T02:30:00.000Z', 'resolved', 'every alert cleared: resolved'),
      ev('2026-03-14T02:33:00.000Z', 'refired', 'fired again 3 min after it resolved'),
    ];
    const view = buildTimeline(incident, events, []);
    const doc = draftPostMortem(incident, view, incidentMetrics(view.milestones), [], NOW, { author: 'Cho' });
    expect(doc.author).toBe('Cho');
    expect(doc.resolvedAt).toBeNull();
    expect(doc.metrics).toEqual({ detect: 9 * MIN, acknowledge: null, mitigate: null, resolve: null, duration: null });
    expect(doc.summary).toContain('It was not resolved when this draft was written.');
    expect(doc.suggestions.map((s) => `${s.section}/${s.source}: ${s.text.slice(0, 40)}`)).toEqual([
      'impact/evidence: Classified P0 by rule test-rule: test re',
      'went-wrong/evidence: It stayed unacknowledged long enough to ',
      'action-items/evidence: The alert resolved and fired again 1 tim',
      'went-wrong/metrics: Detection (first symptom to detection) t',
    ]);
  });
});

describe("draftPostMortem with teammates' PagerDuty notes", () => {
  it('puts a note read back from PagerDuty in the timeline with its author, and the author among the responders', () => {
    const { incident, events, annotations } = schemaChangeIncident();
    const make = eventMaker(incident.id);
    const note = {
      ...make('2026-03-14T15:05:00.000Z', 'note', 'rolled back the *feature* job', 'Bo Lin', {}, 'pagerduty'),
      id: `${incident.id}#pd-note-N1`,
    };
    const view = buildTimeline(incident, [...events, note], annotations);
    const doc = draftPostMortem(incident, view, incidentMetrics(view.milestones), [], NOW);
    const line = doc.timeline.find((t) => t.at === '2026-03-14T15:05:00.000Z');
    expect(line?.text).toBe('Bo Lin (PagerDuty note): rolled back the *feature* job');
    expect(doc.responders).toContain('Bo Lin');
  });
});
