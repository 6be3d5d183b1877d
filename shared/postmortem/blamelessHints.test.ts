import { describe, expect, it } from 'vitest';
import { blamelessHintsInMarkdown, findBlamingLanguage, firstNamesOf, type BlamelessRule } from './blamelessHints';
import { exportPostMortemMarkdown } from './exportPostMortemMarkdown';
import type { PostMortem } from './postMortemModel';

/** People as a post-mortem names them: responders, the author, owners (two are teams). */
const PEOPLE = ['Ana Lopez', 'ben', 'mark.tan@example.com', 'Data Eng', 'ML Platform', 'Platform team'];

/** Sentence -> the rule and the phrase that must be flagged. */
const BLAMING: [string, BlamelessRule, string][] = [
  ['Ana should have checked the feature freshness dashboard first.', 'hindsight', 'Ana should have'],
  ['Ben really should have rolled back sooner.', 'hindsight', 'Ben really should have'],
  ["Mark shouldn't have deployed on a Friday.", 'hindsight', "Mark shouldn't have"],
  ['The on-call engineer should have escalated after 15 minutes.', 'hindsight', 'The on-call engineer should have'],
  ['We should have had a freshness alert for this feature group.', 'hindsight', 'We should have'],
  ['Ben forgot to update the feature pipeline config.', 'failed-to', 'Ben forgot to'],
  ['Ana failed to follow the runbook.', 'failed-to', 'Ana failed to'],
  ['Ana Lopez neglected to page the secondary.', 'failed-to', 'Ana Lopez neglected to'],
  ['The developer failed to test the migration.', 'failed-to', 'The developer failed to'],
  ['Ana did not check the dashboard before rolling back.', 'did-not', 'Ana did not check'],
  ["Ben didn't notice the drift for three days.", 'did-not', "Ben didn't notice"],
  ['Ben broke production with the 14:18 deploy.', 'person-broke', 'Ben broke'],
  ["Mark's deploy took down the scoring service.", 'person-broke', "Mark's deploy took down"],
  ['The outage was caused by Ben.', 'caused-by-person', 'caused by Ben'],
  ['It happened because of the new hire.', 'caused-by-person', 'because of the new hire'],
  ["It was Ana's fault.", 'fault', "Ana's fault"],
  ['This was Ben’s mistake'.replace('’', "'"), 'fault', "Ben's mistake"],
  ['Honestly it was my fault.', 'fault', 'my fault'],
  ['Root cause: human error.', 'human-error', 'human error'],
  ['Operator error during the migration dropped the table.', 'human-error', 'Operator error'],
  ['Someone fat-fingered the threshold.', 'human-error', 'fat-fingered'],
  ['A careless config change reached production.', 'character', 'careless'],
  ['The engineer was negligent.', 'character', 'negligent'],
  ['Sloppy review let the change through.', 'character', 'Sloppy'],
  ['He dropped the ball on the handoff.', 'character', 'dropped the ball'],
  ['We should have known better.', 'hindsight', 'We should have'],
  ['The data team is to blame for the schema change.', 'blame', 'to blame'],
  ['Someone forgot the certificate renewal.', 'forgot', 'forgot'],
  ['The renewal was forgotten again.', 'forgot', 'forgotten'],
];

/** Sentences that must not be flagged: systemic wording, and look-alikes. */
const NEUTRAL: string[] = [
  // Decided: a system as the subject of "should have" states a gap, which is what we want written.
  'The alert should have fired at 5% (it did not: the threshold was 10%).',
  'The runbook should have linked the rollback command.',
  'They should have been grouped into one notification.',
  'We should have a runbook for every alert that pages.',
  'The deploy failed to roll out because the readiness probe timed out.',
  'Health checks failed to detect the stale features.',
  'Redis failed to start after the node was drained.',
  'The feature pipeline broke when the upstream schema changed.',
  'Ana acknowledged the page at 03:17 and opened the runbook.',
  "Ana's change renamed the column; nothing told the downstream consumers.",
  "The incident was short thanks to Ben's quick rollback.",
  "Because of the on-call engineer's rollback, impact lasted 6 minutes.",
  'The user error rate rose to 7% (HTTP 5xx).',
  "The pipeline's error rate stayed at 0.1%.",
  'Lazy loading of the model weights added 40 s to startup.',
  'This review is about the system, not about blame.',
  'Blameless post-mortems focus on systems and processes.',
  'Data Eng owns the schema validation action item.',
  'Mark the skipped step in the runbook so the next responder sees why.',
  'The on-call engineer followed the runbook and rolled back within 5 minutes.',
  'Fault injection in staging would have caught this.',
  'ana failed to reach the VPN (lower-case words are not names).',
  'Nothing in the alert pointed to the feature pipeline.',
  'The quote `Ana: I should have checked` opened the incident channel.',
];

describe('findBlamingLanguage on a corpus', () => {
  it.each(BLAMING)('flags: %s', (sentence, rule, phrase) => {
    const hints = findBlamingLanguage(sentence, PEOPLE);
    expect(hints.map((h) => [h.rule, h.phrase])).toEqual([[rule, phrase]]);
    const [h] = hints;
    expect(sentence.slice(h!.start, h!.end)).toBe(phrase);
    expect(h!.why).toMatch(/\.$/);
    expect(h!.why.split(/[.;:] /).length).toBeLessThanOrEqual(3);
    expect(h!.suggestion.length).toBeGreaterThan(20);
  });

  it.each(NEUTRAL)('leaves alone: %s', (sentence) => {
    expect(findBlamingLanguage(sentence, PEOPLE)).toEqual([]);
  });

  it('treats only names known from the document as people', () => {
    expect(findBlamingLanguage('Zoe failed to follow the runbook.', PEOPLE)).toEqual([]);
    expect(findBlamingLanguage('Zoe failed to follow the runbook.', [...PEOPLE, 'Zoe'])).toHaveLength(1);
    expect(firstNamesOf(PEOPLE)).toEqual(['Ana', 'Ben', 'Mark']);
  });

  it('gives offsets into the text for several hints in one paragraph', () => {
    const text = 'Timeline is fine.\nAna forgot to renew it, and later Ben broke the deploy. Human error, again.';
    const hints = findBlamingLanguage(text, PEOPLE);
    expect(hints.map((h) => [h.rule, text.slice(h.start, h.end)])).toEqual([
      ['failed-to', 'Ana forgot to'],
      ['person-broke', 'Ben broke'],
      ['human-error', 'Human error'],
    ]);
  });

  it('skips fenced code blocks', () => {
    expect(findBlamingLanguage('```\nBen broke it # from the chat log\n```\nNothing else.', PEOPLE)).toEqual([]);
  });
});

describe('blamelessHintsInMarkdown', () => {
  it('finds hints in the document with offsets into the Markdown, using the document’s names', () => {
    const doc: PostMortem = {
      version: 1,
      incidentId: 'inc-1',
      title: 'Ana failed to page',
      severity: 'P1',
      incidentType: 'infrastructure',
      status: 'draft',
      author: 'Ana Lopez',
      createdAt: '2026-03-15T09:00:00.000Z',
      updatedAt: '2026-03-15T09:00:00.000Z',
      summary: 'Checkout errors for 23 minutes.',
      startedAt: null,
      detectedAt: null,
      resolvedAt: null,
      responders: ['ben'],
      affected: [],
      timeline: [],
      rootCause: { immediateCause: 'Ben broke the config.', fiveWhys: ['Human error'], whatAllowedIt: '' },
      impact: { users: '', business: '', data: '' },
      wentWell: ['The runbook worked.'],
      wentWrong: ['The alert should have fired earlier.'],
      actionItems: [],
      metrics: { detect: null, acknowledge: null, mitigate: null, resolve: null, duration: null },
      suggestions: [],
      otherSections: [],
    };
    const md = exportPostMortemMarkdown(doc);
    const hints = blamelessHintsInMarkdown(md);
    // The front matter's title is skipped; the H1 repeats it and is flagged like any text.
    expect(hints.map((h) => [h.rule, h.phrase, md.slice(h.start, h.end)])).toEqual([
      ['failed-to', 'Ana failed to', 'Ana failed to'],
      ['person-broke', 'Ben broke', 'Ben broke'],
      ['human-error', 'Human error', 'Human error'],
    ]);
    expect(md.indexOf('title: Ana failed to page')).toBeLessThan(hints[0]!.start);
  });
});
