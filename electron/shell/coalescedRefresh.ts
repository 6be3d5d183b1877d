/**
 * Runs `refresh` when asked, never two at once and starting at most once per `minGapMs`: asks
 * that arrive while one runs, or within the gap after one started, make one more run when the
 * gap is over. The tray is asked on every incidents push, and a storm pushes about a hundred
 * times a minute; each refresh reads every open incident on Electron's main process, the same
 * loop that answers the renderer's IPC.
 */
export function coalescedRefresh(
  refresh: () => Promise<void>,
  opts: { minGapMs: number; onError(err: Error): void },
): { request(): void; dispose(): void } {
  let running = false;
  let asked = false;
  let disposed = false;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let lastStart = -Infinity;

  const start = () => {
    timer = null;
    asked = false;
    running = true;
    lastStart = Date.now();
    refresh()
      .catch((err: unknown) => opts.onError(err instanceof Error ? err : new Error(String(err))))
      .finally(() => {
        running = false;
        if (asked) schedule();
      });
  };
  const schedule = () => {
    // A run under way takes the ask when it ends; a timer set already will run it.
    if (disposed || running || timer) return;
    const wait = lastStart + opts.minGapMs - Date.now();
    if (wait <= 0) start();
    else timer = setTimeout(start, wait);
  };
  return {
    request() {
      if (disposed) return;
      asked = true;
      schedule();
    },
    dispose() {
      disposed = true;
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}
