import { type ReactNode, useRef, useState } from 'react';

/**
 * A command or code block with a Copy button. Vigil never runs a runbook's commands: they are
 * for the engineer's own terminal. When the clipboard is refused (a browser without permission,
 * a page that is not focused), the text is selected instead so Ctrl-C copies it.
 */
export function CopyBlock({ text, lang, label }: { text: string; lang: string | null; label: string }) {
  const pre = useRef<HTMLPreElement>(null);
  const [state, setState] = useState<'idle' | 'copied' | 'selected'>('idle');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setState('copied');
    } catch {
      selectText(pre.current);
      setState('selected');
    }
  };
  const isCommand = label === 'command';
  return (
    <div
      className={`rb-copy ${isCommand ? 'rb-command' : 'rb-code'}`}
      data-testid={isCommand ? 'runbook-command' : undefined}
    >
      <div className="rb-copy-head">
        <span className="rb-copy-lang">{isCommand ? `${lang ?? 'shell'} · copy and run it yourself` : label}</span>
        <button
          type="button"
          className="small-button"
          onClick={copy}
          aria-label={`Copy ${isCommand ? 'command' : label}`}
        >
          {state === 'copied' ? 'Copied' : 'Copy'}
        </button>
      </div>
      <pre ref={pre} tabIndex={0}>
        <code>{lang === 'promql' ? withBreaks(text) : text}</code>
      </pre>
      {state === 'selected' && (
        <p className="small muted" role="status">
          The clipboard is not available here: the text is selected, press Ctrl-C (⌘-C) to copy it.
        </p>
      )}
    </div>
  );
}

function selectText(el: HTMLElement | null) {
  if (!el) return;
  const range = document.createRange();
  range.selectNodeContents(el);
  const selection = window.getSelection();
  selection?.removeAllRanges();
  selection?.addRange(range);
  el.focus();
}

/**
 * PromQL wraps where a reader would break it: after `,`, `(` and `{` (a <wbr>, which copying
 * leaves out), so a selector is not cut mid-name ("na / mespace").
 */
function withBreaks(query: string): ReactNode[] {
  const out: ReactNode[] = [];
  let from = 0;
  for (let i = 0; i < query.length; i++) {
    const c = query[i];
    if (c !== ',' && c !== '(' && c !== '{') continue;
    out.push(query.slice(from, i + 1), <wbr key={i} />);
    from = i + 1;
  }
  out.push(query.slice(from));
  return out;
}
