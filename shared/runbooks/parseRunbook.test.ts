import { readdirSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import docs from '../../docs/runbooks.md?raw';
import { parseRunbook, type ParseRunbookResult, type RunbookProblem } from './parseRunbook';
import { DONE, walkableSteps, type Runbook } from './runbookModel';
import { SHIPPED_RUNBOOK_TEXTS, shippedRunbook } from './testing/shippedRunbooks';

const FRONT = ['---', 'id: test-runbook', 'title: Test', 'match: [\'alertname="X"\']', 'owner: team', '---'].join('\n');

function file(body: string, front = FRONT): string {
  return `${front}\n${body}`;
}

/** 1-based line of the first line containing `needle`: tests name the line, not count it. */
function lineOf(text: string, needle: string, nth = 1): number {
  let seen = 0;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]!.includes(needle) && ++seen === nth) return i + 1;
  }
  throw new Error(`"${needle}" not in text`);
}

function ok(text: string): Runbook {
  const result = parseRunbook(text);
  if (!result.ok) throw new Error(JSON.stringify(result.problems, null, 1));
  return result.runbook;
}

function problems(text: string): RunbookProblem[] {
  const result: ParseRunbookResult = parseRunbook(text);
  if (result.ok) throw new Error('expected problems, the runbook parsed');
  return result.problems;
}

describe('shipped runbooks', () => {
  const files = Object.keys(SHIPPED_RUNBOOK_TEXTS);

  it('the test list holds exactly the files in resources/runbooks', () => {
    const onDisk = readdirSync(new URL('../../resources/runbooks/', import.meta.url)).filter((f) => f.endsWith('.md'));
    expect([...onDisk].sort()).toEqual([...files].sort());
  });

  it.each(files)('%s parses, with its id matching the file name', (name) => {
    const runbook = shippedRunbook(name);
    expect(runbook.id).toBe(name.replace(/\.md$/, ''));
    expect(runbook.steps.length).toBeGreaterThan(2);
    expect(runbook.escalation).not.toBeNull();
    expect(runbook.timeboxMs).not.toBeNull();
    expect(runbook.owner).not.toBe('');
  });

  it.each(files)('%s: every step has a timebox and at least one check decides a branch', (name) => {
    const runbook = shippedRunbook(name);
    for (const step of runbook.steps) expect(step.timeboxMs, `${name} ${step.label}`).not.toBeNull();
    const deciding = runbook.steps.flatMap((s) => s.checks).filter((c) => c.rules.some((r) => r.condition));
    expect(deciding.length).toBeGreaterThan(0);
  });

  it('the latency runbook carries seed 002 as automatic checks and explicit choices', () => {
    const rb = shippedRunbook('model-high-latency.md');
    const step1 = rb.steps[0]!;
    expect(step1).toMatchObject({ key: '1', title: 'Find the slow stage', timeboxMs: 120_000, elseTarget: '5' });
    expect(step1.checks.map((c) => c.label)).toEqual([
      'feature fetch p99 (s)',
      'inference p99 (s)',
      'postprocess p99 (s)',
    ]);
    expect(step1.checks.map((c) => c.rules.map((r) => `${r.condition?.text ?? 'else'} -> ${r.target}`))).toEqual([
      ['value > 0.2 -> 2'],
      ['value > 0.2 -> 3'],
      ['value > 0.1 -> 4', 'else -> 5'],
    ]);
    expect(step1.checks[0]!.query).toContain('stage="feature_fetch"');
    expect(step1.checks[0]!.labels).toEqual(['model']);
    expect(step1.choices.map((c) => [c.label, c.target, c.note])).toEqual([
      ['feature_fetch over 200 ms', '2', null],
      ['inference over 200 ms', '3', null],
      ['postprocess over 100 ms', '4', null],
      ['every stage looks normal', '5', 'the time is lost outside the model'],
    ]);
    expect(step1.links).toEqual([
      { line: expect.any(Number), text: 'stage latency', href: 'https://grafana.example.com/d/fraud-model-latency' },
    ]);
    const step2 = rb.steps[1]!;
    expect(step2.commands[0]).toMatchObject({ kind: 'command', lang: 'bash', id: '2.c1' });
    expect(step2.commands[0]!.text).toContain('kubectl get pods');
    expect(step2.next).toBe('6');
    expect(rb.steps[5]!.checks[0]!.rules.map((r) => r.target)).toEqual(['escalation', DONE]);
    expect(rb.rollback?.commands[0]?.text).toContain('kubectl rollout undo');
    expect(rb.notes.map((n) => n.title)).toEqual(['After the incident']);
  });
});

describe('the example in docs/runbooks.md', () => {
  it('parses and has the parts the documentation describes', () => {
    const example = /````markdown\n([\s\S]*?)\n````/.exec(docs)?.[1];
    expect(example, 'docs/runbooks.md has a ````markdown example block').toBeDefined();
    const rb = ok(example!);
    expect(rb.steps.length).toBeGreaterThan(1);
    expect(rb.escalation).not.toBeNull();
    expect(rb.rollback).not.toBeNull();
    const all = walkableSteps(rb);
    expect(all.some((s) => s.items.length > 0)).toBe(true);
    expect(all.some((s) => s.commands.length > 0)).toBe(true);
    expect(all.some((s) => s.choices.length > 0)).toBe(true);
    expect(all.some((s) => s.checks.some((c) => c.rules.some((r) => r.condition)))).toBe(true);
  });
});

describe('format details', () => {
  it('reads front matter, severity and the total timebox', () => {
    const rb = ok(
      file(
        '## Step 1: Look (2 min)\n',
        [
          '---',
          'id: gpu',
          'title: GPU',
          'match:',
          '  - alertname=~"GPU.*"',
          '  - env="prod"',
          'severity: P2',
          'owner: ml-platform',
          'timebox: 1h30m',
          '---',
        ].join('\n'),
      ),
    );
    expect(rb).toMatchObject({ id: 'gpu', severity: 'P2', owner: 'ml-platform', timeboxMs: 90 * 60_000 });
    expect(rb.match.map((m) => m.text)).toEqual(['alertname=~"GPU.*"', 'env="prod"']);
  });

  it('accepts timeboxes the way people write them', () => {
    const rb = ok(
      file(
        [
          '## Step 1: A (90 s)',
          '## Step 2: B (1 h 30 min)',
          '## Step 3: C (2m)',
          '## Step 4: D (10 minutes)',
          '## Step 5: E (load balancer issue)',
          '## Step 6: F',
        ].join('\n'),
      ),
    );
    expect(rb.steps.map((s) => s.timeboxMs)).toEqual([90_000, 5_400_000, 120_000, 600_000, null, null]);
    expect(rb.steps[4]!.title).toBe('E (load balancer issue)');
  });

  it('keys are case-insensitive and the seed prose arrows all read as choices', () => {
    const rb = ok(
      file(
        [
          '## Step 1: Pick',
          '- feature_fetch > 200ms → go to Step 2A',
          '* inference slow => step 3',
          'All stages normal -> go to Step 3 (load balancer issue).',
          '## Step 2a: Two',
          '-> done',
          '## Step 3: Three',
        ].join('\n'),
      ),
    );
    expect(rb.steps.map((s) => s.key)).toEqual(['1', '2a', '3']);
    expect(rb.steps[1]!.label).toBe('Step 2a');
    expect(rb.steps[0]!.choices.map((c) => [c.label, c.target, c.note])).toEqual([
      ['feature_fetch > 200ms', '2a', null],
      ['inference slow', '3', null],
      ['All stages normal', '3', 'load balancer issue'],
    ]);
  });

  it('keeps headings and arrows inside fenced blocks as code', () => {
    const rb = ok(
      file(
        [
          '## Step 1: One',
          '~~~yaml',
          '## Step 9: not a heading',
          '-> step 9',
          '~~~',
          '```sh',
          'echo "-> step 7"',
          '```',
        ].join('\n'),
      ),
    );
    expect(rb.steps).toHaveLength(1);
    expect(rb.steps[0]!.blocks.map((b) => b.kind)).toEqual(['code', 'command']);
  });

  it('numbers items, checks and commands per step and keeps continuation lines with their item', () => {
    const rb = ok(
      file(
        [
          '## Step 1: One',
          '- [ ] first',
          '  continued here',
          '- [x] second',
          '```promql',
          'up',
          '```',
          '```bash',
          'kubectl get pods',
          '```',
        ].join('\n'),
      ),
    );
    const step = rb.steps[0]!;
    expect(step.items.map((i) => [i.id, i.text])).toEqual([
      ['1.i1', 'first continued here'],
      ['1.i2', 'second'],
    ]);
    expect(step.checks.map((c) => c.id)).toEqual(['1.q1']);
    expect(step.commands.map((c) => c.id)).toEqual(['1.c1']);
  });

  it('allows a loop that has a way out', () => {
    const rb = ok(
      file(
        [
          '## Step 1: Restart',
          '-> step 2',
          '## Step 2: Re-check',
          '```promql',
          'up',
          '```',
          'if value < 1 -> step 1',
          'else -> done',
        ].join('\n'),
      ),
    );
    expect(rb.steps[1]!.targets).toEqual(['1', DONE]);
  });

  it('reads Windows line endings the same', () => {
    const unix = file('## Step 1: One (2 min)\n- [ ] tick\n');
    expect(ok(unix.replace(/\n/g, '\r\n')).steps).toEqual(ok(unix).steps);
  });
});

describe('broken runbooks: clear, located problems', () => {
  it('missing front matter', () => {
    expect(problems('# Runbook\n\n## Step 1: Look\n')).toEqual([
      { line: 1, message: expect.stringMatching(/^missing front matter: a runbook starts with a line "---"/) },
    ]);
  });

  it('front matter never closed', () => {
    expect(problems('---\nid: x\ntitle: y\n')).toEqual([{ line: 1, message: expect.stringContaining('never closed') }]);
  });

  it('empty front matter', () => {
    expect(problems('---\n---\n## Step 1: A\n')[0]).toEqual({ line: 1, message: expect.stringContaining('empty') });
  });

  it('YAML syntax error, at its line in the file', () => {
    const text = '---\nid: x\ntitle: [unclosed\nowner: t\n---\n## Step 1: A\n';
    const [p] = problems(text);
    expect(p!.message).toMatch(/^front matter: /);
    expect(p!.line).toBeGreaterThanOrEqual(3);
  });

  it('missing and unknown front matter fields', () => {
    const text = ['---', 'id: x', 'title: T', 'match: [\'alertname="X"\']', 'ownr: team', '---', '## Step 1: A'].join(
      '\n',
    );
    const ps = problems(text);
    expect(ps).toEqual([
      { line: 2, message: 'front matter: "owner" is missing (required: id, title, match, owner)' },
      {
        line: lineOf(text, 'ownr'),
        message: 'front matter: unknown field "ownr" (the fields are id, title, match, severity, owner, timebox)',
      },
    ]);
  });

  it('bad matcher, at the line of the matcher', () => {
    const text = [
      '---',
      'id: x',
      'title: T',
      'match:',
      '  - env="prod"',
      '  - alertname~"X"',
      'owner: t',
      '---',
      '## Step 1: A',
    ].join('\n');
    expect(problems(text)).toEqual([
      {
        line: lineOf(text, 'alertname~'),
        message: expect.stringMatching(/^front matter: bad matcher: "alertname~"X"" is not a label matcher/),
      },
    ]);
  });

  it('bad regex in a matcher', () => {
    const text = file('## Step 1: A', FRONT.replace('alertname="X"', 'alertname=~"(unclosed"'));
    expect(problems(text)[0]).toEqual({ line: 4, message: expect.stringContaining('invalid regular expression') });
  });

  it('bad timebox in the front matter', () => {
    const text = file('## Step 1: A', FRONT.replace('owner: team', 'owner: team\ntimebox: soon'));
    expect(problems(text)).toEqual([
      { line: lineOf(text, 'timebox'), message: expect.stringContaining('bad timebox "soon"') },
    ]);
  });

  it('bad timebox in a step heading', () => {
    const text = file('## Step 1: Look (2 minutes-ish)\n## Step 2: Then (5xx)\n');
    expect(problems(text)).toEqual([
      {
        line: lineOf(text, 'Step 1'),
        message: 'bad timebox "(2 minutes-ish)": write it like (2 min), (90 s), (1 h 30 min) or (2m)',
      },
      { line: lineOf(text, 'Step 2'), message: expect.stringContaining('bad timebox "(5xx)"') },
    ]);
  });

  it('unknown step target, at the branch line, naming the steps there are', () => {
    const text = file(
      ['## Step 1: A', '```promql', 'up', '```', 'if value > 1 -> step 7', 'else -> step 2', '## Step 2: B'].join('\n'),
    );
    expect(problems(text)).toEqual([
      {
        line: lineOf(text, 'step 7'),
        message: 'unknown step target "step 7": this runbook has Step 1, Step 2',
      },
    ]);
  });

  it('unknown targets in choices and -> lines too; escalation without its section', () => {
    const text = file(['## Step 1: A', '- looks bad -> step 4', '-> escalation', '## Step 2: B'].join('\n'));
    expect(problems(text)).toEqual([
      { line: lineOf(text, 'step 4'), message: expect.stringContaining('unknown step target "step 4"') },
      { line: lineOf(text, '-> escalation'), message: expect.stringContaining('no "## Escalation" section') },
    ]);
  });

  it('duplicate step ids', () => {
    const text = file('## Step 1: A\n## Step 2: B\n## Step 2: C\n');
    expect(problems(text)).toEqual([
      {
        line: lineOf(text, 'Step 2: C'),
        message: `duplicate step id: Step 2 is already defined at line ${lineOf(text, 'Step 2: B')}`,
      },
    ]);
  });

  it('a cycle of branches with no way out', () => {
    const text = file(
      [
        '## Step 1: Start',
        '- slow -> step 2',
        '- fine -> done',
        '## Step 2: A',
        '-> step 3',
        '## Step 3: B',
        '-> step 2',
      ].join('\n'),
    );
    expect(problems(text)).toEqual([
      {
        line: lineOf(text, '-> step 2', 2),
        message:
          'Step 2 -> Step 3 -> Step 2 is a loop with no way out: give one of these steps a branch to another step, "-> done" or "-> escalation"',
      },
    ]);
  });

  it('a cycle through the implicit next step and through conditions', () => {
    const fallThrough = file(['## Step 1: A', '## Step 2: B', '-> step 1'].join('\n'));
    expect(problems(fallThrough)[0]!.message).toMatch(/^Step 1 -> Step 2 -> Step 1 is a loop with no way out/);
    const viaConditions = file(
      [
        '## Step 1: A',
        '```promql',
        'up',
        '```',
        'if value > 1 -> step 2',
        'else -> step 1',
        '## Step 2: B',
        '-> step 1',
      ].join('\n'),
    );
    expect(problems(viaConditions)[0]!.line).toBe(lineOf(viaConditions, 'else -> step 1'));
  });

  it('a step that only leads to itself', () => {
    const text = file('## Step 1: A\n-> step 1\n');
    expect(problems(text)).toEqual([
      { line: 8, message: expect.stringMatching(/^Step 1 -> Step 1 is a loop with no way out/) },
    ]);
  });

  it('conditions without a promql block, else without if, two else lines', () => {
    const text = file(
      [
        '## Step 1: A',
        'if value > 1 -> step 2',
        '```promql',
        'up',
        '```',
        'else -> step 2',
        '## Step 2: B',
        '```promql',
        'up',
        '```',
        'if value > 1 -> done',
        'else -> done',
        'else -> step 1',
      ].join('\n'),
    );
    expect(problems(text).map((p) => p.line)).toEqual([
      lineOf(text, 'if value > 1 -> step 2'),
      lineOf(text, 'else -> step 2'),
      lineOf(text, 'else -> step 1'),
    ]);
  });

  it('bad conditions: units, trends', () => {
    const text = file(
      ['## Step 1: A', '```promql', 'up', '```', 'if value > 200ms -> done', 'if value > 1 and rising -> done'].join(
        '\n',
      ),
    );
    const ps = problems(text);
    expect(ps[0]).toEqual({
      line: lineOf(text, '200ms'),
      message: expect.stringMatching(/^bad condition: "value > 200ms"/),
    });
    expect(ps[1]).toEqual({ line: lineOf(text, 'rising'), message: expect.stringContaining('rising / falling') });
  });

  it('label placeholders must sit inside double quotes', () => {
    const text = file(
      [
        '## Step 1: A',
        '```promql',
        'up{job="x"}',
        '  and on() {{ $labels.model }}',
        'rate(x{a="{{ model }}"}[5m])',
        '```',
      ].join('\n'),
    );
    expect(problems(text)).toEqual([
      { line: lineOf(text, 'and on()'), message: expect.stringContaining('must be inside double quotes') },
      { line: lineOf(text, '{{ model }}'), message: expect.stringContaining('write {{ $labels.NAME }}') },
    ]);
  });

  it('unclosed code block, empty promql, no steps', () => {
    expect(problems(file('## Step 1: A\n```bash\nkubectl get pods\n'))).toEqual([
      { line: 8, message: 'the code block opened here is never closed: add a line ```' },
    ]);
    expect(problems(file('## Step 1: A\n```promql\n```\n'))[0]!.message).toContain('promql block is empty');
    expect(problems(file('Just text.\n## Context\nMore.\n'))).toEqual([
      { line: 6, message: expect.stringContaining('has no steps') },
    ]);
  });

  it('malformed step headings, reserved ids, items that try to branch, branches outside steps', () => {
    const text = file(
      [
        '-> step 1',
        '## Step two',
        '## Step done: A',
        '## Step 1: B',
        '- [ ] restart -> step 1',
        '## Notes',
        '- x -> step 1',
      ].join('\n'),
    );
    expect(problems(text)).toEqual([
      { line: 7, message: expect.stringContaining('only work inside a step') },
      { line: 8, message: expect.stringContaining('looks like a step but is not one') },
      { line: 9, message: expect.stringContaining('reserved word') },
      { line: 11, message: expect.stringContaining('a checklist item cannot branch') },
      { line: 13, message: expect.stringContaining('only work inside a step') },
    ]);
  });

  it('a step heading of another level is a problem, not text that merges the step into the one above', () => {
    const text = file(
      ['## Step 1: Look (2 min)', '- [ ] a', '### Step 2: Roll back (5 min)', '- [ ] b', '# Step 3: Confirm'].join(
        '\n',
      ),
    );
    expect(problems(text)).toEqual([
      { line: 9, message: expect.stringContaining('"### Step 2: Roll back (5 min)" is a heading of another level') },
      { line: 11, message: expect.stringContaining('"# Step 3: Confirm" is a heading of another level') },
    ]);
    // Other headings inside a step stay what they are.
    expect(parseRunbook(file('## Step 1: Look (2 min)\n### What to look for\n- [ ] a\n')).ok).toBe(true);
  });

  it('never throws, whatever the input, and points at lines of the file', () => {
    const pieces = fc.constantFrom(
      '---',
      'id: x',
      'match: [\'a="b"\']',
      'title: t',
      'owner: o',
      '## Step 1: A (2 min)',
      '## Step 2: B (x)',
      '## Escalation',
      '```promql',
      '```',
      'if value > 1 -> step 2',
      'else -> step 9',
      '-> step 1',
      '- [ ] item',
      '- a -> step 2',
      '{{ $labels.x }}',
      '<script>alert(1)</script>',
      '',
    );
    fc.assert(
      fc.property(fc.array(fc.oneof(pieces, fc.string()), { maxLength: 30 }), (parts) => {
        const text = parts.join('\n');
        const result = parseRunbook(text);
        if (!result.ok) {
          const lines = text.split(/\r\n|\r|\n/).length;
          for (const p of result.problems) {
            expect(p.line).toBeGreaterThanOrEqual(1);
            expect(p.line).toBeLessThanOrEqual(lines);
            expect(p.message).not.toBe('');
          }
        }
      }),
      { numRuns: 400 },
    );
  });
});
