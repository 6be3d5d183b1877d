import { stringify } from 'yaml';
import { normalizePostMortem, type PostMortem } from './postMortemModel';
import {
  CATEGORY_WORDS,
  escapeCell,
  escapeProseLine,
  escapeTimelineText,
  formatTime,
  glanceLines,
  metricsLines,
  milestoneGroup,
  SECTION,
  STATUS_WORDS,
  SUBSECTION,
  SUGGESTION_SECTION_WORDS,
  TABLE_HEADER,
  TIMELINE_PREAMBLE,
  TITLE_PREFIX,
  toFrontMatter,
} from './postMortemMarkdownFormat';

/**
 * The post-mortem as a Markdown file: YAML front matter (incident id, severity, type, status,
 * dates, responders, metrics as exact durations), then the seed's sections in order. "At a glance"
 * and "Metrics" are written from the front matter each time; the rest is the author's text.
 * Deterministic: the same document gives the same bytes, so saving an unchanged file is a no-op.
 */
export function exportPostMortemMarkdown(input: PostMortem): string {
  const doc = normalizePostMortem(input);
  const blocks: string[] = [];
  const front = stringify(toFrontMatter(doc), { lineWidth: 0 }).trimEnd();
  blocks.push(`---\n${front}\n---`);
  blocks.push(`# ${TITLE_PREFIX}${doc.title}`);

  const h2 = (title: string, ...body: string[]) => {
    blocks.push(`## ${title}`);
    for (const b of body) if (b !== '') blocks.push(b);
  };
  const h3 = (title: string, body: string) => {
    blocks.push(`### ${title}`);
    if (body !== '') blocks.push(body);
  };

  h2(SECTION.summary, prose(doc.summary));
  h2(SECTION.glance, glanceLines(doc).join('\n'));
  h2(
    SECTION.timeline,
    doc.timeline.length === 0 ? '' : TIMELINE_PREAMBLE,
    doc.timeline
      .map((t) => {
        const parts = [`**${formatTime(t.at)}**`, milestoneGroup(t.milestones), escapeTimelineText(t.text)];
        return `- ${parts.filter((p) => p !== '').join(' ')}`;
      })
      .join('\n'),
  );
  h2(SECTION.rootCause);
  h3(SUBSECTION.immediateCause, prose(doc.rootCause.immediateCause));
  h3(SUBSECTION.fiveWhys, doc.rootCause.fiveWhys.map((w, i) => `${i + 1}. ${w}`).join('\n'));
  h3(SUBSECTION.whatAllowedIt, prose(doc.rootCause.whatAllowedIt));
  h2(SECTION.impact);
  h3(SUBSECTION.users, prose(doc.impact.users));
  h3(SUBSECTION.business, prose(doc.impact.business));
  h3(SUBSECTION.data, prose(doc.impact.data));
  h2(SECTION.wentWell, bullets(doc.wentWell));
  h2(SECTION.wentWrong, bullets(doc.wentWrong));
  h2(SECTION.actionItems, actionTable(doc));
  h2(SECTION.metrics, metricsLines(doc).join('\n'));
  for (const s of doc.otherSections) h2(s.title, prose(s.body));
  h2(
    SECTION.suggestions,
    doc.suggestions.map((s) => `- (for ${SUGGESTION_SECTION_WORDS[s.section]}, from ${s.source}) ${s.text}`).join('\n'),
  );
  return `${blocks.join('\n\n')}\n`;
}

function prose(text: string): string {
  return text === '' ? '' : text.split('\n').map(escapeProseLine).join('\n');
}

function bullets(items: readonly string[]): string {
  return items.map((i) => `- ${i}`).join('\n');
}

function actionTable(doc: PostMortem): string {
  const row = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [
    row(TABLE_HEADER),
    row(TABLE_HEADER.map(() => '---')),
    ...doc.actionItems.map((a) =>
      row([
        a.id,
        escapeCell(a.what),
        escapeCell(a.owner ?? ''),
        a.due ?? '',
        CATEGORY_WORDS[a.category],
        STATUS_WORDS[a.status],
      ]),
    ),
  ].join('\n');
}
