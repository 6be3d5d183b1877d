import { describe, expect, it } from 'vitest';
import { draftPostMortem } from '../../../shared/postmortem/draftPostMortem';
import { exportPostMortemMarkdown } from '../../../shared/postmortem/exportPostMortemMarkdown';
import { parsePostMortemMarkdown } from '../../../shared/postmortem/parsePostMortemMarkdown';
import { buildTimeline } from '../../../shared/timeline/buildTimeline';
import { incidentMetrics } from '../../../shared/timeline/incidentMetrics';
import { schemaChangeIncident } from '../../../shared/timeline/testing/incidentFixtures';
import { analyzeMarkdown } from './analyzeMarkdown';
import { exportPostMortem } from './exportPostMortem';
import { readStatus, withStatus } from './postMortemStatus';

function draftText() {
  const { incident, events, annotations } = schemaChangeIncident();
  const view = buildTimeline(incident, events, annotations);
  const doc = draftPostMortem(incident, view, incidentMetrics(view.milestones), [], Date.parse('2026-03-15T09:00:00Z'));
  return exportPostMortemMarkdown(doc);
}

const BROKEN_ROW = '| A1 | add a check | data-eng | next week | systemic | open |';
const broken = (text: string) =>
  text.replace('| --- | --- | --- | --- | --- | --- |', `| --- | --- | --- | --- | --- | --- |\n${BROKEN_ROW}`);

describe('post-mortem status in the editor', () => {
  it('reads the status from the front matter, even when the rest does not parse', () => {
    expect(readStatus(draftText())).toBe('draft');
    expect(readStatus(broken(draftText()).replace('status: draft', 'status: final'))).toBe('final');
    expect(readStatus('no front matter')).toBeNull();
  });

  it('rewrites a parsable text so "At a glance" agrees, and changes only the line otherwise', () => {
    const next = withStatus(draftText(), 'in-review')!;
    const parsed = parsePostMortemMarkdown(next);
    expect(parsed.ok && parsed.doc.status).toBe('in-review');
    expect(parsed.ok && parsed.warnings).toEqual([]);
    expect(next).toContain('- **Status**: in review');

    const text = broken(draftText());
    const changed = withStatus(text, 'final')!;
    expect(changed.split('\n').filter((l, i) => l !== text.split('\n')[i])).toEqual(['status: final']);
    expect(withStatus('# just a heading', 'final')).toBeNull();
  });
});

describe('analyzeMarkdown', () => {
  it('gives problems by line, blameless hints with offsets, and the front matter extent', () => {
    const text = broken(draftText()).replace(
      '## What went wrong\n',
      '## What went wrong\n\n- The rollback was slow because of human error.\n',
    );
    const a = analyzeMarkdown(text);
    const row = text.split('\n').indexOf(BROKEN_ROW) + 1;
    expect(a.problems).toContainEqual(expect.objectContaining({ line: row, severity: 'error' }));
    expect(a.hints.map((h) => [h.rule, text.slice(h.start, h.end)])).toEqual([['human-error', 'human error']]);
    expect(a.status).toBe('draft');
    expect(a.frontMatterLines).toBe(text.split('\n').indexOf('---', 1) + 1);
  });
});

describe('exportPostMortem', () => {
  it('exports Markdown with front matter and JSON, with the time of the last save as updated', () => {
    const md = exportPostMortem(draftText(), 'markdown', '2026-03-16T10:00:00.000Z');
    if (!md.ok) throw new Error(md.problem);
    expect(md.fileName).toBe('postmortem-inc-psi.md');
    expect(md.content).toMatch(/^---\nvigil-postmortem: 1\nincident: inc-psi\n/);
    expect(md.content).toContain('updated: 2026-03-16T10:00:00.000Z');
    expect(md.content).toContain('  time_to_detect: 25m');

    const json = exportPostMortem(draftText(), 'json', null);
    if (!json.ok) throw new Error(json.problem);
    expect(JSON.parse(json.content)).toMatchObject({
      incidentId: 'inc-psi',
      severity: 'P1',
      metrics: { detect: 1_500_000 },
    });
  });

  it('refuses a text that does not parse, naming the line', () => {
    const text = broken(draftText());
    const row = text.split('\n').indexOf(BROKEN_ROW) + 1;
    expect(exportPostMortem(text, 'markdown', null)).toEqual({
      ok: false,
      problem: expect.stringMatching(new RegExp(`^Fix line ${row} first \\("next week" is not a due day`)),
    });
  });
});
