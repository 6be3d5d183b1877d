import type { Inline } from './runbookModel';

/**
 * Only absolute http(s) URLs become links. `javascript:`, `data:`, `file:`, relative and
 * protocol-relative URLs stay visible as text, so the reader still sees what was written.
 * Quotes, angle brackets, backslashes, backticks and control characters are refused outright:
 * none belongs in a URL someone typed into a runbook, and each is a classic way out of an attribute.
 */
const SAFE_HREF = /^https?:\/\/[^/?#\s]+[^\s<>"'`\\]*$/i;

export function isSafeHref(href: string): boolean {
  if (!SAFE_HREF.test(href)) return false;
  for (let i = 0; i < href.length; i++) {
    const code = href.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return false;
  }
  return true;
}

const LINK = /^\[([^\]\n]*)\]\(\s*<?([^\s)>]*)>?(?:\s+(?:"[^"]*"|'[^']*'))?\s*\)/;
const AUTOLINK = /^<([a-zA-Z][a-zA-Z0-9+.-]*:[^\s<>]*)>/;
const BARE_URL = /^https?:\/\/[^\s<>"'`]+/i;

/**
 * Splits one line (or a few joined lines) of Markdown into text, **strong**, `code` and links.
 * Everything else, raw HTML included, is text: a `<script>` tag arrives on screen as the
 * characters "<script>", never as an element.
 */
export function parseInline(source: string): Inline[] {
  const out: Inline[] = [];
  let text = '';
  const flush = () => {
    if (text) out.push({ kind: 'text', text });
    text = '';
  };
  let i = 0;
  while (i < source.length) {
    const rest = source.slice(i);
    const ch = source[i]!;
    if (ch === '`') {
      const ticks = /^`+/.exec(rest)![0];
      const close = rest.indexOf(ticks, ticks.length);
      if (close > 0) {
        flush();
        out.push({ kind: 'code', text: rest.slice(ticks.length, close).trim() || rest.slice(ticks.length, close) });
        i += close + ticks.length;
        continue;
      }
      text += ticks;
      i += ticks.length;
      continue;
    }
    if (ch === '*' && rest.startsWith('**')) {
      const close = rest.indexOf('**', 2);
      if (close > 2) {
        flush();
        out.push({ kind: 'strong', text: rest.slice(2, close) });
        i += close + 2;
        continue;
      }
    }
    if (ch === '[') {
      const m = LINK.exec(rest);
      if (m) {
        const label = m[1]!;
        const href = m[2]!;
        if (isSafeHref(href)) {
          flush();
          out.push({ kind: 'link', text: label.trim() || href, href });
        } else {
          text += m[0];
        }
        i += m[0].length;
        continue;
      }
    }
    if (ch === '<') {
      const m = AUTOLINK.exec(rest);
      if (m && isSafeHref(m[1]!)) {
        flush();
        out.push({ kind: 'link', text: m[1]!, href: m[1]! });
        i += m[0].length;
        continue;
      }
    }
    if ((ch === 'h' || ch === 'H') && (i === 0 || !/[A-Za-z0-9]/.test(source[i - 1]!))) {
      const m = BARE_URL.exec(rest);
      if (m) {
        const href = trimUrlEnd(m[0]);
        if (isSafeHref(href)) {
          flush();
          out.push({ kind: 'link', text: href, href });
          i += href.length;
          continue;
        }
      }
    }
    text += ch;
    i += 1;
  }
  flush();
  return out;
}

/** A URL at the end of a sentence or inside parentheses does not own the closing punctuation. */
function trimUrlEnd(url: string): string {
  let u = url;
  for (;;) {
    const last = u[u.length - 1];
    if (last && '.,;:!?'.includes(last)) u = u.slice(0, -1);
    else if (last === ')' && count(u, '(') < count(u, ')')) u = u.slice(0, -1);
    else return u;
  }
}

function count(s: string, ch: string): number {
  return s.split(ch).length - 1;
}
