import { existsSync, readdirSync, readFileSync, statSync, watch, type FSWatcher } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { UserFacingError } from '../../shared/ipc/callHandler';
import { buildRunbookLibrary, type RunbookFile, type RunbookLibrary } from '../../shared/runbooks/runbookLibrary';

/** A runbook is a page of text; anything far larger is a mistake (a log file renamed .md). */
const MAX_FILE_BYTES = 1024 * 1024;

export interface LoadedLibrary {
  library: RunbookLibrary;
  /** Why the user folder could not be read, or null (also null when no folder is set). */
  folderProblem: string | null;
  loadedAt: number;
}

export interface RunbookFolders {
  current(): LoadedLibrary;
  /** Reads both folders again now (also what the watcher does after a change settles). */
  reload(): LoadedLibrary;
  /** Points at another user folder (or none) and reloads. */
  setUserFolder(folder: string | null): LoadedLibrary;
  /** Starts watching the user folder; `onChange` runs after each reload the watcher caused. */
  start(): void;
  stop(): void;
}

export interface RunbookFoldersOptions {
  shippedDir: string;
  userFolder: string | null;
  now: () => number;
  /** Called after a reload caused by a change on disk, when the library actually differs. */
  onChange: (loaded: LoadedLibrary) => void;
  log: (message: string) => void;
  /** Editors save in bursts (temp file, rename, chmod): wait this long for quiet. */
  debounceMs?: number;
  /** When the folder cannot be watched (some network file systems): re-read it this often. */
  pollMs?: number;
}

/**
 * The runbook library as files on disk: the shipped folder plus the user's own, the latter
 * watched so that saving a runbook in an editor shows up in Vigil without a restart. A file that
 * cannot be read or parsed is listed as a failure; it never stops the other runbooks loading.
 */
export function createRunbookFolders(opts: RunbookFoldersOptions): RunbookFolders {
  const debounceMs = opts.debounceMs ?? 250;
  let userFolder = opts.userFolder;
  let watcher: FSWatcher | null = null;
  let poller: NodeJS.Timeout | null = null;
  let watching = false;
  let timer: NodeJS.Timeout | null = null;
  let loaded = load();
  let signature = signatureOf(loaded);

  function load(): LoadedLibrary {
    const files: RunbookFile[] = [];
    const unreadable: RunbookLibrary['failures'] = [];
    const shipped = readFolder(opts.shippedDir, 'shipped');
    files.push(...shipped.files);
    unreadable.push(...shipped.failures);
    let folderProblem: string | null = null;
    if (userFolder !== null) {
      const user = readFolder(userFolder, 'user');
      files.push(...user.files);
      unreadable.push(...user.failures);
      folderProblem = user.problem;
    }
    const library = buildRunbookLibrary(files);
    library.failures.push(...unreadable);
    library.failures.sort((a, b) => a.path.localeCompare(b.path));
    return { library, folderProblem, loadedAt: opts.now() };
  }

  function reload(): LoadedLibrary {
    // Watch before reading: a file saved while the folder is being read then still wakes the
    // watcher, where watching after reading would miss it for good.
    if (watching) ensureWatcher();
    loaded = load();
    signature = signatureOf(loaded);
    return loaded;
  }

  /** Re-arms the watcher when the folder (re)appears; a watch on a deleted folder is dead. */
  function ensureWatcher() {
    if (watcher || poller || userFolder === null || !isDirectory(userFolder)) return;
    const folder = userFolder;
    try {
      watcher = watch(folder, { persistent: false }, () => schedule());
      watcher.on('error', (err) => {
        opts.log(`runbook folder ${folder}: watching stopped (${err.message})`);
        closeWatcher();
        schedule();
      });
    } catch (err) {
      // No file events here (inotify limits, some network file systems): reading it now and then still works.
      opts.log(
        `runbook folder ${folder}: cannot watch it (${(err as Error).message}); checking it every few seconds instead`,
      );
      poller = setInterval(() => schedule(), opts.pollMs ?? 3_000);
      poller.unref?.();
    }
  }

  function closeWatcher() {
    watcher?.close();
    watcher = null;
    if (poller) clearInterval(poller);
    poller = null;
  }

  function schedule() {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      const before = signature;
      reload();
      if (signature !== before) opts.onChange(loaded);
    }, debounceMs);
    timer.unref?.();
  }

  return {
    current: () => loaded,
    reload,
    setUserFolder(folder) {
      closeWatcher();
      userFolder = folder;
      return reload();
    },
    start() {
      watching = true;
      ensureWatcher();
    },
    stop() {
      watching = false;
      closeWatcher();
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}

function readFolder(
  dir: string,
  origin: RunbookFile['origin'],
): { files: RunbookFile[]; failures: RunbookLibrary['failures']; problem: string | null } {
  const files: RunbookFile[] = [];
  const failures: RunbookLibrary['failures'] = [];
  if (!existsSync(dir)) return { files, failures, problem: `the folder ${dir} does not exist` };
  if (!isDirectory(dir)) return { files, failures, problem: `${dir} is not a folder` };
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (err) {
    return { files, failures, problem: `the folder ${dir} cannot be read (${(err as NodeJS.ErrnoException).code})` };
  }
  for (const name of names.sort()) {
    // Hidden files are editors' swap and backup files; a README describes the folder, it is not a runbook.
    if (!name.toLowerCase().endsWith('.md') || name.startsWith('.') || name.toLowerCase() === 'readme.md') continue;
    const path = join(dir, name);
    const fail = (message: string) => failures.push({ origin, path, problems: [{ line: 1, message }] });
    try {
      const stat = statSync(path);
      if (!stat.isFile()) continue;
      if (stat.size > MAX_FILE_BYTES) {
        fail(`the file is ${Math.round(stat.size / 1024)} KB; a runbook can be at most 1024 KB`);
        continue;
      }
      files.push({ origin, path, text: readFileSync(path, 'utf8') });
    } catch (err) {
      fail(`the file cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
    }
  }
  return { files, failures, problem: null };
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** What a screen would show differently: ids, revisions, failures and the folder problem. */
function signatureOf(loaded: LoadedLibrary): string {
  return JSON.stringify([
    loaded.library.entries.map((e) => [e.runbook.id, e.runbook.revision, e.path]),
    loaded.library.failures,
    loaded.folderProblem,
  ]);
}

/** The folder a person typed for their runbooks, as a full path, or why it cannot be used. */
export function checkRunbookFolder(input: string): string {
  const expanded = input === '~' ? homedir() : input.startsWith('~/') ? join(homedir(), input.slice(2)) : input;
  if (!isAbsolute(expanded)) {
    throw new UserFacingError(
      `"${input}" is not a full path: write it from the root, e.g. ${join(homedir(), 'runbooks')}`,
    );
  }
  const path = resolve(expanded);
  let isDir = false;
  try {
    isDir = statSync(path).isDirectory();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UserFacingError(
      code === 'ENOENT' ? `The folder ${path} does not exist: create it first` : `Cannot use ${path} (${code})`,
    );
  }
  if (!isDir) throw new UserFacingError(`${path} is a file, not a folder`);
  return path;
}
