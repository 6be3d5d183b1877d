import { describe, expect, it } from 'vitest';
import { MAX_BODY_CHARS, MAX_TITLE_CHARS, sanitizeNotificationText } from './sanitizeNotificationText';

describe('notification text handed to a notifier', () => {
  it('has no NUL or other control character, no bidi override and no lone surrogate', () => {
    const s = sanitizeNotificationText('P1 Disk\u0000Full\u0007 \u202Eevil\u202C \ud800x\tend\r\nnext', 'body');
    expect(s).toBe('P1 Disk Full evil x end\nnext');
    // eslint-disable-next-line no-control-regex
    expect(s).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);
  });

  it('keeps a title on one line and cuts long text where a person sees it was cut', () => {
    expect(sanitizeNotificationText('a\nb', 'title')).toBe('a b');
    const title = sanitizeNotificationText('x'.repeat(500), 'title');
    expect([...title]).toHaveLength(MAX_TITLE_CHARS);
    expect(title.endsWith('…')).toBe(true);
    expect([...sanitizeNotificationText('y'.repeat(5000), 'body')]).toHaveLength(MAX_BODY_CHARS);
    expect(
      sanitizeNotificationText(Array.from({ length: 20 }, (_, i) => `line ${i}`).join('\n'), 'body').split('\n'),
    ).toHaveLength(8);
  });

  it('leaves ordinary text, emoji and accents alone', () => {
    expect(sanitizeNotificationText('P0 Café 🔥 down (fraud-model)', 'title')).toBe('P0 Café 🔥 down (fraud-model)');
  });
});
