import { exportPostMortemMarkdown } from '../../../shared/postmortem/exportPostMortemMarkdown';
import { parsePostMortemMarkdown } from '../../../shared/postmortem/parsePostMortemMarkdown';

export type ExportFormat = 'markdown' | 'json';

export type ExportResult =
  { ok: true; fileName: string; content: string; mime: string } | { ok: false; problem: string };

/**
 * The post-mortem as a file to hand on: Markdown with its front matter (incident, severity,
 * dates, metrics) written by the exporter, or the document as JSON. Both come from the parsed
 * document, so the generated parts ("At a glance", "Metrics") are current; `updated` becomes the
 * time of the last save. A text that does not parse is not exported: the problem says where.
 */
export function exportPostMortem(markdown: string, format: ExportFormat, savedAt: string | null): ExportResult {
  const parsed = parsePostMortemMarkdown(markdown);
  if (!parsed.ok) {
    const first = parsed.problems[0];
    return {
      ok: false,
      problem: first
        ? `Fix line ${first.line} first (${first.message}); the text is saved as it is meanwhile.`
        : 'The text does not read as a post-mortem yet.',
    };
  }
  const updatedAt = savedAt && !Number.isNaN(Date.parse(savedAt)) ? new Date(savedAt).toISOString() : null;
  const doc = updatedAt && updatedAt > parsed.doc.updatedAt ? { ...parsed.doc, updatedAt } : parsed.doc;
  const base = `postmortem-${doc.incidentId}`;
  return format === 'markdown'
    ? { ok: true, fileName: `${base}.md`, content: exportPostMortemMarkdown(doc), mime: 'text/markdown;charset=utf-8' }
    : { ok: true, fileName: `${base}.json`, content: `${JSON.stringify(doc, null, 2)}\n`, mime: 'application/json' };
}
