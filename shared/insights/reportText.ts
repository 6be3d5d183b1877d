import { escapeMarkdownText } from '../postmortem/escapeMarkdownText';
/** Small text pieces the two Markdown reports share. */

/** "2026-11-24 22:41 UTC": reports quote times in UTC, like notifications and post-mortems. */
export function utcText(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** "38%"; "n/a" when there is nothing to divide. */
export function percentText(ratio: number | null): string {
  return ratio === null ? 'n/a' : `${Math.round(ratio * 100)}%`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * A GitHub-flavoured table; pipes and line breaks in cells would break it, and cells hold alert
 * names and labels, which must plant no link: all are escaped.
 */
export function markdownTable(header: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  const cell = (v: string | number) => escapeMarkdownText(String(v)).replace(/\|/g, '\\|');
  const line = (cells: readonly (string | number)[]) => `| ${cells.map(cell).join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}
