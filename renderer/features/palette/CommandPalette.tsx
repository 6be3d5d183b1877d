import { Command as Cmdk } from 'cmdk';
import { incidentSubject } from '../../../shared/domain/alertSubject';
import { useEffect, useRef, useState } from 'react';
import { useIncidentsStore } from '../../store/incidentsSlice';
import { useVisibleIncidents } from '../incidents/useVisibleIncidents';
import { useCommands, type Command } from './useCommands';

/** Every typed word must appear in the item (no fuzzy letter-skipping: "drift" must not match "MetricsDelayed"). */
function matchWords(value: string, search: string): number {
  const hay = value.toLowerCase();
  const words = search.toLowerCase().split(/\s+/).filter(Boolean);
  if (!words.length) return 1;
  if (!words.every((w) => hay.includes(w))) return 0;
  // Prefer items whose label starts with the first word.
  return hay.startsWith(words[0]!) ? 1 : 0.5;
}

/**
 * Ctrl/Cmd-K: every action, searchable, with its shortcut shown, plus "go to incident".
 * Rendered as our own modal around cmdk's list (not cmdk's Dialog, whose scroll lock injects a
 * <style> element the strict CSP refuses).
 */
export function CommandPalette() {
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState('');
  const commands = useCommands();
  const incidents = useVisibleIncidents();
  const returnFocus = useRef<Element | null>(null);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'k') {
        e.preventDefault();
        setOpen((o) => {
          if (!o) returnFocus.current = document.activeElement;
          return !o;
        });
        setQuery('');
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  if (!open) return null;
  const close = () => {
    setOpen(false);
    (returnFocus.current as HTMLElement | null)?.focus?.();
  };
  const run = (c: Command) => {
    close();
    c.run();
  };
  const groups = [...new Set(commands.map((c) => c.group))];

  return (
    <div className="palette-backdrop" onMouseDown={close}>
      <div
        className="palette"
        role="dialog"
        aria-modal="true"
        aria-label="Command palette"
        onMouseDown={(e) => e.stopPropagation()}
      >
        <Cmdk
          label="Command palette"
          loop
          filter={matchWords}
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              e.preventDefault();
              e.stopPropagation();
              close();
            }
          }}
        >
          <Cmdk.Input autoFocus value={query} onValueChange={setQuery} placeholder="Type a command or an incident…" />
          <Cmdk.List>
            <Cmdk.Empty>Nothing matches “{query}”.</Cmdk.Empty>
            {groups.map((g) => (
              <Cmdk.Group key={g} heading={g}>
                {commands
                  .filter((c) => c.group === g)
                  .map((c) => (
                    <Cmdk.Item key={c.id} value={`${c.label} ${c.id}`} onSelect={() => run(c)}>
                      <span>{c.label}</span>
                      {c.shortcut && <kbd>{c.shortcut}</kbd>}
                    </Cmdk.Item>
                  ))}
              </Cmdk.Group>
            ))}
            {query && (
              <Cmdk.Group heading="Go to incident">
                {incidents.slice(0, 200).map((i) => (
                  <Cmdk.Item
                    key={i.id}
                    value={`go ${i.title} ${i.summary ?? ''} ${incidentSubject(i) ?? ''} ${i.id}`}
                    onSelect={() => {
                      close();
                      useIncidentsStore.getState().select(i.id);
                    }}
                  >
                    <span className={`sev sev-${i.severity}`}>{i.severity}</span> <span>{i.title}</span>
                    <span className="muted">{incidentSubject(i) ?? ''}</span>
                  </Cmdk.Item>
                ))}
              </Cmdk.Group>
            )}
          </Cmdk.List>
        </Cmdk>
      </div>
    </div>
  );
}
