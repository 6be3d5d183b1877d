import { describe, expect, it } from 'vitest';
import { escapeMarkdownText } from './escapeMarkdownText';

describe('escapeMarkdownText: alert text in shared Markdown', () => {
  it('plants no link, image, autolink or HTML', () => {
    const planted = escapeMarkdownText(
      'Fix: [click here](https://evil.example/p) ![](https://t.example/pixel.gif) <img src=x> <https://a.example> see www.evil.example or boss@evil.example',
    );
    expect(planted).toBe(
      'Fix: \\[click here\\](https\\://evil.example/p) !\\[\\](https\\://t.example/pixel.gif) \\<img src=x> \\<https\\://a.example> see www\\.evil.example or boss\\@evil.example',
    );
  });

  it('a backslash in the alert cannot undo the escape, and a line break cannot start a block', () => {
    expect(escapeMarkdownText('\\[x](y)')).toBe('\\\\\\[x\\](y)');
    expect(escapeMarkdownText('a\n# Heading\n\n- item')).toBe('a # Heading - item');
  });

  it('ordinary alert text reads the same', () => {
    expect(escapeMarkdownText('FraudModelHighErrorRate on fraud-model: error ratio 7.2% > 5%')).toBe(
      'FraudModelHighErrorRate on fraud-model: error ratio 7.2% > 5%',
    );
  });
});

describe('weekly review tables: alert names in cells', () => {
  it('a planted rule name stays one inert cell', async () => {
    const { markdownTable } = await import('../insights/reportText');
    const table = markdownTable(['Rule', 'Pages'], [['X|[y](https://evil.example)', 3]]);
    expect(table.split('\n')[2]).toBe('| X\\|\\[y\\](https\\://evil.example) | 3 |');
  });
});
