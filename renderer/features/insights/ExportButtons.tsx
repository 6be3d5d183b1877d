import { useState } from 'react';
import { copyText, downloadMarkdown } from './exportMarkdown';

/** "Save .md" and "Copy Markdown" for one report, with the outcome in words beside them. */
export function ExportButtons({ what, fileName, markdown }: { what: string; fileName: string; markdown: string }) {
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);
  return (
    <span className="export-buttons">
      <button
        type="button"
        onClick={() => {
          downloadMarkdown(fileName, markdown);
          setStatus({ ok: true, text: `Saved as ${fileName}` });
        }}
      >
        Save {what} (.md)
      </button>
      <button
        type="button"
        onClick={() => {
          void copyText(markdown).then((ok) =>
            setStatus(
              ok
                ? { ok: true, text: 'Copied as Markdown' }
                : { ok: false, text: 'Could not copy: open "Markdown" below and copy the text yourself' },
            ),
          );
        }}
      >
        Copy Markdown
      </button>
      {status && (
        <span role="status" className={status.ok ? 'export-status' : 'result-error'}>
          {status.text}
        </span>
      )}
    </span>
  );
}
