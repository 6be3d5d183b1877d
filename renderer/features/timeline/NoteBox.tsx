import { useEffect, useRef, useState } from 'react';

/**
 * A one-line-at-a-time note: focused when it opens, Enter saves, Shift-Enter breaks the line,
 * Esc cancels. The text stays in the box if the save fails, with the reason under it.
 */
export function NoteBox({
  label,
  initial = '',
  onSubmit,
  onCancel,
}: {
  label: string;
  initial?: string;
  onSubmit(text: string): Promise<void>;
  onCancel(): void;
}) {
  const ref = useRef<HTMLTextAreaElement>(null);
  const [text, setText] = useState(initial);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    el.focus();
    el.setSelectionRange(el.value.length, el.value.length);
  }, []);

  const submit = async () => {
    const clean = text.trim();
    if (!clean || busy) return;
    setBusy(true);
    setError(null);
    try {
      await onSubmit(clean);
    } catch (err) {
      setError(`Not saved: ${(err as Error).message}`);
      setBusy(false);
    }
  };

  return (
    <form
      className="note-box"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <textarea
        ref={ref}
        aria-label={label}
        rows={2}
        maxLength={10_000}
        value={text}
        disabled={busy}
        placeholder="What you saw, tried or decided…"
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
            e.preventDefault();
            void submit();
          } else if (e.key === 'Escape') {
            e.preventDefault();
            onCancel();
          }
        }}
      />
      <div className="note-box-foot small muted">
        <span>Enter saves · Shift-Enter new line · Esc cancels</span>
        <button type="submit" className="link-button" disabled={busy || !text.trim()}>
          Save
        </button>
      </div>
      {error && <p className="result-error small">{error}</p>}
    </form>
  );
}
