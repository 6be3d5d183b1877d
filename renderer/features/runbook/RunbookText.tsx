import type { RunbookBlockView, RunbookInline } from '../../../shared/ipc/runbookContract';
import { isSafeHref } from '../../../shared/runbooks/parseInline';
import { CopyBlock } from './CopyBlock';

/**
 * Runbook text as React text nodes: whatever a file contains (`<script>`, `<img onerror>`,
 * entities) reaches the screen as the characters written. The only element made from file
 * content is <a>, and only for http(s) URLs, checked here again although the parser and the
 * contract already did: a link is the one place where text becomes behaviour.
 */
export function Inlines({ inlines }: { inlines: readonly RunbookInline[] }) {
  return (
    <>
      {inlines.map((inline, i) => {
        switch (inline.kind) {
          case 'text':
            return <span key={i}>{inline.text}</span>;
          case 'strong':
            return <strong key={i}>{inline.text}</strong>;
          case 'code':
            return <code key={i}>{inline.text}</code>;
          case 'link':
            return isSafeHref(inline.href) ? (
              <a key={i} href={inline.href} target="_blank" rel="noopener noreferrer" title={inline.href}>
                {inline.text}
              </a>
            ) : (
              <span key={i}>{inline.text}</span>
            );
        }
      })}
    </>
  );
}

/**
 * Blocks that are only read: paragraphs, headings, bullets, code and commands. The interactive
 * ones (items, checks, choices) are drawn by the step, which knows the walkthrough.
 */
export function ReadingBlock({ block }: { block: RunbookBlockView }) {
  switch (block.kind) {
    case 'paragraph':
      return (
        <p className="rb-para">
          <Inlines inlines={block.inlines} />
        </p>
      );
    case 'heading':
      return (
        <p className="rb-subhead">
          <Inlines inlines={block.inlines} />
        </p>
      );
    case 'bullet':
      return (
        <p className="rb-bullet" data-depth={Math.min(block.depth, 3)}>
          <span className="rb-bullet-mark" aria-hidden="true">
            {block.ordered === null ? '•' : `${block.ordered}.`}
          </span>{' '}
          <Inlines inlines={block.inlines} />
        </p>
      );
    case 'command':
      return <CopyBlock text={block.text} lang={block.lang} label="command" />;
    case 'code':
      return <CopyBlock text={block.text} lang={block.lang} label={block.lang ?? 'text'} />;
    default:
      return null;
  }
}
