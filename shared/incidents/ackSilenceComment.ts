/**
 * The comment of an "ack" silence: a short Alertmanager silence that says who acknowledged an
 * alert, so every teammate's Vigil (and any Alertmanager UI) shows it. The format is plain text a
 * person can read in Alertmanager too: `ACK by <name>: <note>`. The name is the silence's author
 * as typed by whoever set it: untrusted text, shown as text only.
 */
export const ACK_COMMENT_PREFIX = 'ACK by ';
const MAX_NOTE = 500;
const DEFAULT_NOTE = 'acknowledged in Vigil';

export interface AckComment {
  name: string;
  note: string;
}

/** One line, no control characters: a comment is shown in one row here and in Alertmanager's UI. */
function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
}

export function formatAckComment(name: string, note: string | undefined): string {
  // ": " ends the name when it is read back, so a name cannot hold one.
  const who = oneLine(name).replace(/: /g, ' ');
  const why = oneLine(note ?? '').slice(0, MAX_NOTE) || DEFAULT_NOTE;
  return `${ACK_COMMENT_PREFIX}${who}: ${why}`;
}

/** The name and note of an ack silence's comment, or null when the comment is not one. */
export function parseAckComment(comment: string): AckComment | null {
  if (!comment.startsWith(ACK_COMMENT_PREFIX)) return null;
  const rest = comment.slice(ACK_COMMENT_PREFIX.length);
  const colon = rest.indexOf(': ');
  const name = oneLine(colon < 0 ? rest : rest.slice(0, colon)).slice(0, 80);
  if (!name) return null;
  const note = colon < 0 ? '' : oneLine(rest.slice(colon + 2)).slice(0, MAX_NOTE);
  return { name, note: note === DEFAULT_NOTE ? '' : note };
}
