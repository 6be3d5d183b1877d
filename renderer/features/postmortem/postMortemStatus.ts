import { exportPostMortemMarkdown } from '../../../shared/postmortem/exportPostMortemMarkdown';
import { parsePostMortemMarkdown } from '../../../shared/postmortem/parsePostMortemMarkdown';
import { PostMortemStatus } from '../../../shared/postmortem/postMortemModel';

export const STATUS_LABEL: Record<PostMortemStatus, string> = {
  draft: 'draft',
  'in-review': 'in review',
  final: 'final',
};

/** Where the front matter's `status:` line is, if the text has a front matter with one. */
function statusLine(text: string): { index: number; lines: string[]; value: string } | null {
  const lines = text.split('\n');
  if (lines[0]?.trim() !== '---') return null;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '---') return null;
    const m = /^status:\s*([^\s#]*)/.exec(line);
    if (m) return { index: i, lines, value: m[1]! };
  }
  return null;
}

/** The status the front matter gives, read without parsing the rest (it may not parse yet). */
export function readStatus(text: string): PostMortemStatus | null {
  const found = statusLine(text);
  const parsed = PostMortemStatus.safeParse(found?.value);
  return parsed.success ? parsed.data : null;
}

/**
 * The text with another status. When the text parses it is written out again from the document,
 * so "At a glance" (which repeats the status) agrees with the front matter; when it does not, only
 * the `status:` line changes and everything else stays exactly as typed. Null when the front
 * matter has no `status:` line to change.
 */
export function withStatus(text: string, status: PostMortemStatus): string | null {
  const parsed = parsePostMortemMarkdown(text);
  if (parsed.ok) return exportPostMortemMarkdown({ ...parsed.doc, status });
  const found = statusLine(text);
  if (!found) return null;
  const lines = [...found.lines];
  lines[found.index] = lines[found.index]!.replace(/^status:\s*[^\s#]*/, `status: ${status}`);
  return lines.join('\n');
}
