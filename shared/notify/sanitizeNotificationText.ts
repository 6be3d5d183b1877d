/** Longest title and body handed to a notifier; daemons cut or reject beyond this. */
export const MAX_TITLE_CHARS = 120;
export const MAX_BODY_CHARS = 600;
const MAX_BODY_LINES = 8;

// C0 controls but newline, DEL, C1 controls, bidi overrides and isolates, and lone surrogates.
// A NUL byte in an argument made node-notifier decide notify-send was missing, for good.
const UNSAFE =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * Makes alert text safe to hand to any notifier: control characters become spaces (a tab too),
 * line endings are normalised, and the text is cut to a length every notification server shows,
 * with "…" where it was cut. Labels and annotations come from other people's rules, so anything
 * can be in them.
 */
export function sanitizeNotificationText(text: string, kind: 'title' | 'body'): string {
  const max = kind === 'title' ? MAX_TITLE_CHARS : MAX_BODY_CHARS;
  let clean = text.replace(/\r\n?/g, '\n').replace(UNSAFE, ' ');
  clean = kind === 'title' ? clean.replace(/\n/g, ' ') : clean.split('\n').slice(0, MAX_BODY_LINES).join('\n');
  clean = clean.replace(/[ ]{2,}/g, ' ').trim();
  if ([...clean].length <= max) return clean;
  return `${[...clean]
    .slice(0, max - 1)
    .join('')
    .trimEnd()}…`;
}
