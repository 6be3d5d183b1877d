import type { MarkdownProblemView } from '../../../shared/ipc/postmortemContract';
import { blamelessHintsInMarkdown, type BlamelessHint } from '../../../shared/postmortem/blamelessHints';
import { parsePostMortemMarkdown } from '../../../shared/postmortem/parsePostMortemMarkdown';
import type { PostMortemStatus } from '../../../shared/postmortem/postMortemModel';
import { readStatus } from './postMortemStatus';

export interface MarkdownAnalysis {
  /** Errors stop the text from being a post-mortem (export waits for them); warnings do not. */
  problems: MarkdownProblemView[];
  hints: BlamelessHint[];
  /** From the front matter, even while the rest does not parse; null without a readable one. */
  status: PostMortemStatus | null;
  /** How many lines the front matter takes (both `---` included), 0 without one. */
  frontMatterLines: number;
  /** The document's title once it parses (for an incident the page no longer holds), else null. */
  title: string | null;
}

/**
 * What the editor shows beside the text: parse problems by line and the blameless hints. Pure,
 * and safe on any text: the parser is documented never to throw, and a failure of the hints
 * must not take the editor down with it.
 */
export function analyzeMarkdown(text: string): MarkdownAnalysis {
  let problems: MarkdownProblemView[];
  let title: string | null = null;
  try {
    const parsed = parsePostMortemMarkdown(text);
    problems = parsed.ok ? parsed.warnings : parsed.problems;
    title = parsed.ok ? parsed.doc.title : null;
  } catch (err) {
    problems = [{ line: 1, severity: 'error', message: `Vigil could not check this text (${(err as Error).message})` }];
  }
  let hints: BlamelessHint[] = [];
  try {
    hints = blamelessHintsInMarkdown(text);
  } catch {
    // Hints are a courtesy; the text and its problems matter more.
  }
  return { problems, hints, status: readStatus(text), frontMatterLines: frontMatterLines(text), title };
}

function frontMatterLines(text: string): number {
  const lines = text.split('\n');
  if (lines[0]?.trim() !== '---') return 0;
  const end = lines.findIndex((l, i) => i > 0 && l.trim() === '---');
  return end < 0 ? 0 : end + 1;
}
