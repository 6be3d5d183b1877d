import { describe, expect, it } from 'vitest';
import { isSafeHref, parseInline } from './parseInline';
import { parseRunbook } from './parseRunbook';
import { walkableSteps, type Block, type Inline } from './runbookModel';

describe('parseInline', () => {
  it('splits text, strong, code and links', () => {
    expect(
      parseInline('**Alert**: see `kubectl get pods` and [the panel](https://g.example.com/d/x "title").'),
    ).toEqual([
      { kind: 'strong', text: 'Alert' },
      { kind: 'text', text: ': see ' },
      { kind: 'code', text: 'kubectl get pods' },
      { kind: 'text', text: ' and ' },
      { kind: 'link', text: 'the panel', href: 'https://g.example.com/d/x' },
      { kind: 'text', text: '.' },
    ]);
  });

  it('links bare and angle-bracket URLs without swallowing the punctuation after them', () => {
    expect(parseInline('Open https://grafana.example.com/d/a?from=now-30m. Or <http://x.example.com/p>')).toEqual([
      { kind: 'text', text: 'Open ' },
      {
        kind: 'link',
        text: 'https://grafana.example.com/d/a?from=now-30m',
        href: 'https://grafana.example.com/d/a?from=now-30m',
      },
      { kind: 'text', text: '. Or ' },
      { kind: 'link', text: 'http://x.example.com/p', href: 'http://x.example.com/p' },
    ]);
    expect(parseInline('(see https://w.example.com/wiki/A_(b))')[1]).toEqual({
      kind: 'link',
      text: 'https://w.example.com/wiki/A_(b)',
      href: 'https://w.example.com/wiki/A_(b)',
    });
  });
});

/** Hostile Markdown that a runbook from a shared folder might contain. */
const XSS_CORPUS = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '<iframe src="https://evil.example.com"></iframe>',
  '<a href="javascript:alert(1)">click</a>',
  '[click](javascript:alert(1))',
  '[click](JaVaScRiPt:alert(1))',
  '[click]( javascript:alert(1) )',
  '[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
  '[vb](vbscript:msgbox(1))',
  '[file](file:///etc/passwd)',
  '[relative](/settings)',
  '[proto-relative](//evil.example.com/x)',
  '<javascript:alert(1)>',
  '[quote](https://ok.example.com/"onmouseover="alert(1))',
  '[tab](java\tscript:alert(1))',
  '<svg onload=alert(1)>',
  '<div style="background:url(javascript:alert(1))">x</div>',
  '**<b onclick=alert(1)>bold</b>**',
  '`<script>alert(1)</script>`',
];

function inlinesOf(blocks: Block[]): Inline[] {
  return blocks.flatMap((b) => ('inlines' in b ? b.inlines : []));
}

describe('XSS corpus: everything is text, and only http(s) links are links', () => {
  it.each(XSS_CORPUS)('inline: %s', (source) => {
    const inlines = parseInline(source);
    for (const i of inlines) {
      if (i.kind === 'link') expect(i.href).toMatch(/^https?:\/\/[^\s"'<>`]+$/i);
    }
    // Nothing is lost: what was not a safe link is still there to read.
    const shown = inlines
      .map((i) => (i.kind === 'link' && i.text !== i.href ? `[${i.text}](${i.href})` : i.text))
      .join('');
    expect(shown.replace(/\*\*/g, '')).toContain(
      source
        .replace(/\*\*|`/g, '')
        .replace(/\s+/g, ' ')
        .slice(0, 8),
    );
  });

  it('a runbook full of hostile markup parses to text and http(s) links only', () => {
    const text = [
      '---',
      'id: hostile',
      'title: "<script>alert(1)</script>"',
      'match: [\'alertname="X"\']',
      'owner: "<img src=x onerror=alert(1)>"',
      '---',
      '# <script>alert("intro")</script>',
      ...XSS_CORPUS,
      '## Step 1: <img src=x onerror=alert(1)> (2 min)',
      ...XSS_CORPUS.map((line) => `- [ ] ${line}`),
      ...XSS_CORPUS.map((line) => `- ${line}`),
      ...XSS_CORPUS,
      '- [safe](https://ok.example.com/runbook) -> done',
      '```html',
      '<script>alert("fenced")</script>',
      '```',
      '## Notes <script>',
      ...XSS_CORPUS,
    ].join('\n');
    const result = parseRunbook(text);
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    const rb = result.runbook;
    expect(rb.title).toBe('<script>alert(1)</script>');
    expect(rb.steps[0]!.title).toBe('<img src=x onerror=alert(1)>');
    const blocks = [...rb.intro, ...walkableSteps(rb).flatMap((s) => s.blocks), ...rb.notes.flatMap((n) => n.blocks)];
    const inlines = inlinesOf(blocks);
    const links = inlines.filter((i) => i.kind === 'link');
    expect(links.length).toBeGreaterThan(0);
    for (const link of links) {
      expect(isSafeHref(link.href)).toBe(true);
      expect(link.href).toMatch(/^https?:\/\//i);
    }
    // The only links are the ones written as http(s): the iframe's and the safe one.
    expect(new Set(links.map((l) => l.href))).toEqual(
      new Set(['https://evil.example.com', 'https://ok.example.com/runbook']),
    );
    // Tags survive as visible characters in text nodes.
    expect(inlines.some((i) => i.kind === 'text' && i.text.includes('<script>alert(1)</script>'))).toBe(true);
    expect(inlines.some((i) => i.kind === 'text' && i.text.includes('[click](javascript:alert(1))'))).toBe(true);
    expect(blocks.find((b) => b.kind === 'code')).toMatchObject({ text: '<script>alert("fenced")</script>' });
    expect(rb.steps[0]!.choices[0]).toMatchObject({ target: 'done', label: 'safe' });
  });

  it('isSafeHref accepts only absolute http(s) URLs without quote or bracket characters', () => {
    expect(isSafeHref('https://grafana.example.com/d/x?from=now-30m&to=now')).toBe(true);
    expect(isSafeHref('HTTP://EXAMPLE.COM')).toBe(true);
    for (const bad of [
      'javascript:alert(1)',
      'https://',
      'https:///x',
      '//evil.example.com',
      'https://ok.example.com/"onclick',
      "https://ok.example.com/'x",
      'https://ok.example.com/<x>',
      'https://ok.example.com/\u0000',
      'https://ok.example.com/a b',
      ' https://ok.example.com',
    ]) {
      expect(isSafeHref(bad), bad).toBe(false);
    }
  });
});
