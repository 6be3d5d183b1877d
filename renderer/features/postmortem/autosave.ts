export interface AutosaveState {
  /** The text differs from what was last saved. */
  dirty: boolean;
  saving: boolean;
  /** Why the last save failed, in words; null after a good save. */
  error: string | null;
  /** When the last save landed (main's time), or null before the first one in this session. */
  savedAt: string | null;
}

export interface AutosaveOptions {
  /** Saves the text; resolves with main's time of the save, rejects with a message a person can act on. */
  save(text: string): Promise<string>;
  /** The most a change waits before it is saved, however fast the typing goes on. */
  intervalMs: number;
  /** How long after a failed save it is tried again (the text stays in the editor meanwhile). */
  retryMs: number;
  onState(state: AutosaveState): void;
  timers?: {
    set(fn: () => void, ms: number): unknown;
    clear(handle: unknown): void;
  };
}

export interface Autosave {
  /** The editor's text changed. */
  changed(text: string): void;
  /** Saves now (blur, Esc, Ctrl-S, page hide); resolves true once the current text is saved. */
  flush(): Promise<boolean>;
  /** Stops the timers; a save in flight still lands. */
  dispose(): void;
}

/**
 * When the post-mortem editor saves. The first change after a save arms one timer and later
 * keystrokes do not push it back, so steady typing is still saved every `intervalMs`: a crash
 * loses at most that much. Blur, Esc and Ctrl-S save at once; one save is in flight at a time
 * and whatever was typed during it follows; a failed save is retried and never drops the text.
 */
export function createAutosave(initialText: string, opts: AutosaveOptions): Autosave {
  const timers = opts.timers ?? {
    set: (fn: () => void, ms: number) => setTimeout(fn, ms),
    clear: (h: unknown) => clearTimeout(h as ReturnType<typeof setTimeout>),
  };
  let saved = initialText;
  let latest = initialText;
  let inFlight: Promise<void> | null = null;
  let timer: unknown = null;
  let error: string | null = null;
  let savedAt: string | null = null;
  let disposed = false;

  const report = () => opts.onState({ dirty: latest !== saved, saving: inFlight !== null, error, savedAt });

  const arm = (ms: number) => {
    if (timer !== null || disposed) return;
    timer = timers.set(() => {
      timer = null;
      void flush();
    }, ms);
  };
  const disarm = () => {
    if (timer !== null) timers.clear(timer);
    timer = null;
  };

  async function flush(): Promise<boolean> {
    disarm();
    while (inFlight) await inFlight;
    if (latest === saved) {
      report();
      return error === null;
    }
    const text = latest;
    let ok = true;
    inFlight = opts.save(text).then(
      (at) => {
        saved = text;
        savedAt = at;
        error = null;
      },
      (err: unknown) => {
        ok = false;
        error = err instanceof Error ? err.message : String(err);
      },
    );
    report();
    await inFlight;
    inFlight = null;
    if (!ok) arm(opts.retryMs);
    else if (latest !== saved) arm(opts.intervalMs);
    report();
    return ok && latest === saved;
  }

  return {
    changed(text) {
      latest = text;
      if (latest !== saved) arm(opts.intervalMs);
      report();
    },
    flush,
    dispose() {
      disposed = true;
      disarm();
    },
  };
}
