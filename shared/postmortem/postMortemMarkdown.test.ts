import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SEVERITIES } from '../domain/severity';
import { MILESTONES } from '../timeline/milestone';
import { TARGET_CLASSES } from '../timeline/responseTargets';
import { exportPostMortemMarkdown } from './exportPostMortemMarkdown';
import { parsePostMortemMarkdown, type ParsePostMortemResult } from './parsePostMortemMarkdown';
import { formatExactDuration, formatTime, parseTime, splitRow } from './postMortemMarkdownFormat';
import {
  ActionItemCategory,
  ActionItemStatus,
  normalizePostMortem,
  PostMortem,
  PostMortemStatus,
  SuggestionSection,
  type PostMortem as PostMortemDoc,
} from './postMortemModel';

// ------------------------------------------------------------------------------ generated documents

/** Text made of the pieces that could confuse the format, mixed with ordinary text. */
const tricky = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        '#',
        '# ',
        '## ',
        '##',
        '### Five whys',
        '### Data',
        '\\',
        '\\## x',
        '|',
        '\\|',
        '\n',
        '\r\n',
        '\r',
        '\n\n',
        '_(',
        ')_',
        '_(detected)_ ',
        '---',
        '**',
        '- ',
        '* ',
        '1. ',
        '  ',
        '\t',
        '|',
        'é',
        '😀',
        ':',
        '"',
        "'",
        '`',
        '```\n',
        '- **2026-03-14 14:22** ',
        '(for impact, from evidence) ',
        'null',
        'yes',
        '0x1F',
        '~',
        '\u2028',
      ),
      fc.string({ unit: 'grapheme', maxLength: 6 }),
      fc.constantFrom('word', 'the alert', 'Ana', ' '),
    ),
    { maxLength: 12 },
  )
  .map((parts) => parts.join(''));

const time = fc
  .integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2031, 0, 1) })
  .chain((ms) => fc.constantFrom(ms, ms - (ms % 60_000), ms - (ms % 1000)))
  .map((ms) => new Date(ms).toISOString());
const day = fc
  .integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2031, 0, 1) })
  .map((ms) => new Date(ms).toISOString().slice(0, 10));
const ms = fc.option(
  fc.oneof(
    fc.nat(10 * 86_400_000),
    fc.nat(1000).map((m) => m * 60_000),
  ),
  { nil: null },
);

const actionItems = fc
  .uniqueArray(fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._-]{0,5}$/), { maxLength: 5 })
  .chain((ids) =>
    fc.tuple(
      ...ids.map((id) =>
        fc.record({
          id: fc.constant(id),
          what: tricky,
          owner: fc.option(tricky, { nil: null }),
          due: fc.option(day, { nil: null }),
          category: fc.constantFrom(...ActionItemCategory.options),
          status: fc.constantFrom(...ActionItemStatus.options),
        }),
      ),
    ),
  );

const postMortems: fc.Arbitrary<PostMortemDoc> = fc.record({
  version: fc.constant(1 as const),
  incidentId: tricky,
  title: tricky,
  severity: fc.constantFrom(...SEVERITIES),
  incidentType: fc.constantFrom(...TARGET_CLASSES),
  status: fc.constantFrom(...PostMortemStatus.options),
  author: tricky,
  createdAt: time,
  updatedAt: time,
  summary: tricky,
  startedAt: fc.option(time, { nil: null }),
  detectedAt: fc.option(time, { nil: null }),
  resolvedAt: fc.option(time, { nil: null }),
  responders: fc.array(tricky, { maxLength: 3 }),
  affected: fc.array(tricky, { maxLength: 3 }),
  timeline: fc.array(fc.record({ at: time, milestones: fc.subarray([...MILESTONES]), text: tricky }), { maxLength: 6 }),
  rootCause: fc.record({ immediateCause: tricky, fiveWhys: fc.array(tricky, { maxLength: 5 }), whatAllowedIt: tricky }),
  impact: fc.record({ users: tricky, business: tricky, data: tricky }),
  wentWell: fc.array(tricky, { maxLength: 4 }),
  wentWrong: fc.array(tricky, { maxLength: 4 }),
  actionItems,
  metrics: fc.record({ detect: ms, acknowledge: ms, mitigate: ms, resolve: ms, duration: ms }),
  suggestions: fc.array(
    fc.record({
      section: fc.constantFrom(...SuggestionSection.options),
      source: fc.constantFrom('evidence' as const, 'runbook' as const, 'metrics' as const),
      text: tricky,
    }),
    { maxLength: 4 },
  ),
  otherSections: fc.array(
    fc.record({ title: fc.oneof(tricky, fc.constantFrom('Lessons', 'Timeline', 'summary', '')), body: tricky }),
    { maxLength: 3 },
  ),
});

function ok(result: ParsePostMortemResult) {
  if (!result.ok)
    throw new Error(`did not parse:\n${result.problems.map((p) => `${p.line}: ${p.message}`).join('\n')}`);
  return result;
}

describe('Markdown round trip', () => {
  it('export -> parse -> export is the identity, and parse gives the normal form (property)', () => {
    fc.assert(
      fc.property(postMortems, (doc) => {
        expect(PostMortem.safeParse(doc).success).toBe(true);
        const md = exportPostMortemMarkdown(doc);
        const parsed = ok(parsePostMortemMarkdown(md));
        expect(parsed.warnings).toEqual([]);
        expect(parsed.doc).toEqual(normalizePostMortem(doc));
        expect(exportPostMortemMarkdown(parsed.doc)).toBe(md);
      }),
      { numRuns: 400 },
    );
  });

  it('normalising twice changes nothing (property)', () => {
    fc.assert(
      fc.property(postMortems, (doc) => {
        const once = normalizePostMortem(doc);
        expect(normalizePostMortem(once)).toEqual(once);
        expect(PostMortem.safeParse(once).success).toBe(true);
      }),
    );
  });

  it('keeps a person’s Markdown verbatim in prose, escaping only what would read as structure', () => {
    const doc = normalizePostMortem({
      ...base(),
      summary: 'First line\n\n## Not a section\n### Data\n\\## already escaped\n```\n# a shell comment stays\n```',
    });
    const md = exportPostMortemMarkdown(doc);
    expect(md).toContain('\\## Not a section\n\\### Data\n\\\\## already escaped\n```\n# a shell comment stays\n```');
    expect(ok(parsePostMortemMarkdown(md)).doc.summary).toBe(doc.summary);
  });
});

// -------------------------------------------------------------------------------- a person's edits

function base(): PostMortemDoc {
  return {
    version: 1,
    incidentId: 'inc-1',
    title: 'HighAPIErrorRate on checkout',
    severity: 'P1',
    incidentType: 'infrastructure',
    status: 'draft',
    author: 'Ana',
    createdAt: '2026-03-15T09:00:00.000Z',
    updatedAt: '2026-03-15T09:00:00.000Z',
    summary: 'Checkout failed for one in fourteen requests for 23 minutes.',
    startedAt: '2026-03-14T10:00:00.000Z',
    detectedAt: '2026-03-14T10:02:00.000Z',
    resolvedAt: '2026-03-14T10:25:00.000Z',
    responders: ['Ana'],
    affected: ['checkout'],
    timeline: [{ at: '2026-03-14T10:00:00.000Z', milestones: ['first-symptom'], text: 'error ratio starts rising' }],
    rootCause: { immediateCause: '', fiveWhys: [], whatAllowedIt: '' },
    impact: { users: '', business: '', data: '' },
    wentWell: [],
    wentWrong: [],
    actionItems: [
      {
        id: 'A1',
        what: 'Add a canary stage',
        owner: 'Platform team',
        due: '2026-03-21',
        category: 'systemic',
        status: 'open',
      },
    ],
    metrics: { detect: 120_000, acknowledge: 180_000, mitigate: null, resolve: 1_380_000, duration: 1_500_000 },
    suggestions: [],
    otherSections: [],
  };
}

/** 1-based line number of the nth line starting with `start`. */
function lineOf(text: string, start: string, nth = 1): number {
  let seen = 0;
  const i = text.split('\n').findIndex((l) => l.startsWith(start) && ++seen === nth);
  if (i < 0) throw new Error(`no line starts with ${start}`);
  return i + 1;
}

/** The exported text with one line (found by its start) replaced, or lines inserted after it. */
function edit(md: string, find: string, replace: (line: string) => string): string {
  const lines = md.split('\n');
  const i = lines.findIndex((l) => l.startsWith(find));
  if (i < 0) throw new Error(`no line starts with ${find}`);
  lines[i] = replace(lines[i]!);
  return lines.join('\n');
}

describe('parsePostMortemMarkdown on edited text', () => {
  const md = exportPostMortemMarkdown(base());

  it('reads what a person typically writes', () => {
    let text = edit(
      md,
      '## What went well',
      (l) => `${l}\n\n* The runbook's first step found it\n  within two minutes\n- Rollback was one command`,
    );
    text = edit(
      text,
      '### Five whys',
      (l) => `${l}\n\n1) The deploy had a bad config\n2. Review did not cover config files`,
    );
    text = edit(
      text,
      '| A1 |',
      (l) => `${l}\n|  | Alert on config drift | Ben | 2026-03-30 | Monitoring | In-Progress |`,
    );
    text = edit(
      text,
      '- **2026-03-14 10:00**',
      (l) =>
        `${l}\n- **2026-03-14 10:02:30 UTC** _(detected, declared)_ paged\n- **2026-03-14T10:25Z** _(Resolved)_ error ratio back to 0.1%`,
    );
    text = edit(text, '### Data', (l) => `${l}\nNo data was lost.`);
    text = edit(text, '## Suggestions from Vigil', (l) => `## Lessons\n\nCanaries catch config errors early.\n\n${l}`);
    const { doc, warnings } = ok(parsePostMortemMarkdown(text));
    expect(warnings).toEqual([]);
    expect(doc.wentWell).toEqual(["The runbook's first step found it within two minutes", 'Rollback was one command']);
    expect(doc.rootCause.fiveWhys).toEqual(['The deploy had a bad config', 'Review did not cover config files']);
    expect(doc.actionItems[1]).toEqual({
      id: 'A2', // a row without an id gets the next free one
      what: 'Alert on config drift',
      owner: 'Ben',
      due: '2026-03-30',
      category: 'monitoring',
      status: 'in-progress',
    });
    expect(doc.timeline.slice(1)).toEqual([
      { at: '2026-03-14T10:02:30.000Z', milestones: ['detected', 'declared'], text: 'paged' },
      { at: '2026-03-14T10:25:00.000Z', milestones: ['resolved'], text: 'error ratio back to 0.1%' },
    ]);
    expect(doc.impact.data).toBe('No data was lost.');
    expect(doc.otherSections).toEqual([{ title: 'Lessons', body: 'Canaries catch config errors early.' }]);
    // The next save writes the normal form, and that one is stable.
    const again = exportPostMortemMarkdown(doc);
    expect(exportPostMortemMarkdown(ok(parsePostMortemMarkdown(again)).doc)).toBe(again);
  });

  it('sorts an out-of-order timeline on the next save', () => {
    const text = edit(md, '- **2026-03-14 10:00**', (l) => `- **2026-03-14 10:30** later\n${l}`);
    const { doc } = ok(parsePostMortemMarkdown(text));
    expect(doc.timeline.map((t) => t.text)).toEqual(['error ratio starts rising', 'later']);
  });

  it('warns when generated text was edited, and keeps the front matter’s word', () => {
    let text = edit(md, '- **Severity**', () => '- **Severity**: P0');
    text = edit(text, '# Post-mortem:', () => '# Post-mortem: something else');
    text = edit(text, '- **Time to detect**', () => '- **Time to detect**: 1 min');
    const result = ok(parsePostMortemMarkdown(text));
    expect(result.doc.severity).toBe('P1');
    expect(result.doc.title).toBe('HighAPIErrorRate on checkout');
    expect(result.warnings.map((w) => [w.line, w.severity, w.message.slice(0, 40)])).toEqual([
      [lineOf(text, '# Post-mortem:'), 'warning', 'the title comes from `title` in the fron'],
      [lineOf(text, '## At a glance'), 'warning', '"## At a glance" is written from the fro'],
      [lineOf(text, '## Metrics'), 'warning', '"## Metrics" is written from the front m'],
    ]);
  });

  // Each case: the change, and where the problem is (the line starting with `at`, its nth occurrence).
  it.each<[string, (t: string) => string, string, string, number?]>([
    [
      'a bad category',
      (t) => edit(t, '| A1 |', (l) => l.replace('systemic', 'urgent')),
      '| A1 |',
      '"urgent" is not a category: immediate fix, monitoring, process, systemic',
    ],
    [
      'a bad status',
      (t) => edit(t, '| A1 |', (l) => l.replace('| open |', '| later |')),
      '| A1 |',
      '"later" is not a status: open, in progress, done, won\'t do',
    ],
    [
      'a bad due day',
      (t) => edit(t, '| A1 |', (l) => l.replace('2026-03-21', '2026-02-30')),
      '| A1 |',
      '"2026-02-30" is not a due day: write it as 2026-03-21, or leave the cell empty',
    ],
    [
      // Not a date at all: the model's day check must say so, not throw (the editor saves and checks on every pause).
      'a due day in words',
      (t) => edit(t, '| A1 |', (l) => l.replace('2026-03-21', 'next week')),
      '| A1 |',
      '"next week" is not a due day: write it as 2026-03-21, or leave the cell empty',
    ],
    [
      'a short row',
      (t) => edit(t, '| A1 |', () => '| A1 | what | owner |'),
      '| A1 |',
      'an action item row has 6 cells (ID, Action, Owner, Due, Category, Status); this one has 3',
    ],
    [
      'a duplicate id',
      (t) => edit(t, '| A1 |', (l) => `${l}\n${l}`),
      '| A1 |',
      'action item id A1 is also used at line LINE: give each row its own id',
      2,
    ],
    [
      'a timeline item without a time',
      (t) => edit(t, '- **2026-03-14 10:00**', () => '- something happened'),
      '- something',
      'a timeline item starts with its UTC time in bold: "- **2026-03-14 14:22** what happened"',
    ],
    [
      'an impossible time',
      (t) => edit(t, '- **2026-03-14 10:00**', (l) => l.replace('10:00', '25:00')),
      '- **2026-03-14 25:00**',
      'a timeline item starts with its UTC time in bold: "- **2026-03-14 14:22** what happened"',
    ],
    [
      'an unknown milestone',
      (t) => edit(t, '- **2026-03-14 10:00**', (l) => l.replace('first symptom', 'kickoff')),
      '- **2026-03-14 10:00**',
      '"kickoff" is not a milestone; the milestones are: first symptom, detected, declared, acknowledged, root cause identified, mitigated, resolved',
    ],
    [
      'text before the first section',
      (t) => edit(t, '# Post-mortem:', (l) => `${l}\nstray words`),
      'stray words',
      'text before the first section would be lost: move it under "## Summary"',
    ],
    [
      'a section twice',
      (t) => edit(t, '## What went wrong', () => '## What went well'),
      '## What went well',
      '"## What went well" appears twice (first at line LINE): merge the two',
      2,
    ],
    [
      'text under Root cause outside its subsections',
      (t) => edit(t, '## Root cause', (l) => `${l}\nloose text`),
      'loose text',
      'under "## Root cause", write text under one of "### Immediate cause", "### Five whys", "### What allowed it"',
    ],
    [
      'a subsection in the wrong section',
      (t) => edit(t, '### Data', () => '### Five whys'),
      '### Five whys',
      '"### Five whys" belongs under another section, not "## Impact"',
      2,
    ],
    [
      'a malformed suggestion',
      (t) => edit(t, '## Suggestions from Vigil', (l) => `${l}\n\n- just a line`),
      '- just a line',
      'Vigil writes its suggestions as "- (for impact, from evidence) ..."; delete the line once used',
    ],
  ])('reports %s with its line', (_what, change, at, message, nth = 1) => {
    const text = change(md);
    const result = parsePostMortemMarkdown(text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const expected = message.replace('LINE', String(lineOf(text, at, 1)));
    expect(result.problems).toContainEqual({ line: lineOf(text, at, nth), message: expected, severity: 'error' });
  });

  it('explains front matter problems with their line', () => {
    const bad = md.replace('severity: P1', 'severity: high').replace('status: draft', 'status: done');
    const result = parsePostMortemMarkdown(bad);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => [p.line, p.message.split(':')[0]])).toEqual([
      [5, 'front matter `severity`'],
      [7, 'front matter `status`'],
    ]);
    expect(parsePostMortemMarkdown('no front matter')).toMatchObject({ ok: false, problems: [{ line: 1 }] });
    expect(parsePostMortemMarkdown('---\nincident: [\n---\n')).toMatchObject({
      ok: false,
      problems: [{ line: 2, severity: 'error' }],
    });
    expect(parsePostMortemMarkdown('---\nincident: x\n')).toMatchObject({
      ok: false,
      problems: [{ message: 'the front matter is not closed: add a "---" line after its last field' }],
    });
  });

  it('accepts Windows line breaks and hand-written ISO times in the front matter', () => {
    const text = md
      .replace('created: 2026-03-15T09:00:00.000Z', 'created: 2026-03-15T10:00:00+01:00')
      .replace(/\n/g, '\r\n');
    expect(ok(parsePostMortemMarkdown(text)).doc.createdAt).toBe('2026-03-15T09:00:00.000Z');
  });
});

describe('format pieces', () => {
  it('writes times as short as exactness allows and reads them back', () => {
    for (const iso of ['2026-03-14T14:22:00.000Z', '2026-03-14T14:22:07.000Z', '2026-03-14T14:22:07.250Z']) {
      expect(parseTime(formatTime(iso))).toBe(iso);
    }
    expect(formatTime('2026-03-14T14:22:07.250Z')).toBe('2026-03-14 14:22:07.250');
    expect(parseTime('2026-03-14 14:22 UTC')).toBe('2026-03-14T14:22:00.000Z');
    expect(parseTime('2026-02-29 10:00')).toBeNull();
    expect(parseTime('14:22')).toBeNull();
  });

  it('writes exact durations', () => {
    expect([0, 1500, 25 * 60_000, 61 * 60_000, 86_400_000 + 1].map(formatExactDuration)).toEqual([
      '0s',
      '1s500ms',
      '25m',
      '1h1m',
      '1d1ms',
    ]);
  });

  it('splits table rows with escaped pipes', () => {
    expect(splitRow('| a \\| b | c\\\\ | |')).toEqual(['a | b', 'c\\', '']);
    expect(splitRow('| a | b')).toEqual(['a', 'b']);
  });
});
