import { chmodSync, copyFileSync, renameSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Conf from 'conf';
import { z } from 'zod';
import { fileStamp } from './atomicFile';
import { defaultSettings, Settings, SETTINGS_VERSION, SettingsV1, settingsV1toV2 } from './settingsSchema';

export interface SettingsStore {
  /** The settings; never throws once open (a file broken since is reported, the last good ones kept). */
  get(): Settings;
  update(change: (s: Settings) => Settings): Settings;
  /** What went wrong when loading (a corrupt file moved aside...), in words for the UI. */
  readonly notices: string[];
  /** Problems found after opening (a hand edit that does not read), in words for the UI. */
  onProblem(listener: (message: string) => void): void;
  readonly path: string;
}

const FILE = 'settings';

/** The key-value file behind the settings: `conf`, or `electron-store` (which is conf inside Electron). */
export interface SettingsFile {
  store: Settings;
}

/** How both shells open it, so a settings file moves between the desktop app and browser mode. */
export interface SettingsFileOptions {
  /** The data directory: the file is `<cwd>/<name>.json`. */
  cwd: string;
  name: string;
  clearInvalidConfig: false;
  /** Source URLs, users and tenant ids: the owner's only. */
  configFileMode: number;
  serialize: (value: unknown) => string;
}

export type OpenSettingsFile = (options: SettingsFileOptions) => SettingsFile;

/** Browser mode (and tests): `conf`. The desktop app passes electron-store with the same options. */
export const openConfSettingsFile: OpenSettingsFile = (o) =>
  new Conf<Settings>({
    projectName: 'vigil',
    cwd: o.cwd,
    configName: o.name,
    clearInvalidConfig: o.clearInvalidConfig,
    configFileMode: o.configFileMode,
    serialize: o.serialize,
  });

/**
 * Settings in `<dataDir>/settings.json` through `conf` in browser mode and `electron-store` in the
 * desktop app (`openFile`; both write atomically, the same JSON, one schema and upgrade). A file that does not
 * parse or does not fit the schema is moved aside as `settings.json.corrupt-<time>`, never
 * deleted, and the app starts with defaults and says so. An older version is upgraded in place
 * (see `upgrade`), after a copy of the old file is kept as `settings.json.v<N>-backup`.
 */
export function openSettingsStore(
  dataDir: string,
  now: () => Date = () => new Date(),
  openFile: OpenSettingsFile = openConfSettingsFile,
): SettingsStore {
  // Source URLs, basic-auth users and tenant ids are nobody else's business on a shared machine:
  // the data directory is the user's only (tightened too when an older Vigil made it 0755).
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const path = join(dataDir, `${FILE}.json`);
  const notices: string[] = [];
  // Best effort: a file another user owns (left by one `sudo` start) can still be read.
  const tighten = (target: string, mode: number) => {
    try {
      chmodSync(target, mode);
    } catch (err) {
      notices.push(
        `Could not make ${target} private to you (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}): it may belong to another user. Vigil goes on; give it back to yourself (chown) so others cannot read your source settings.`,
      );
    }
  };
  tighten(dataDir, 0o700);
  if (existsSync(path)) tighten(path, 0o600);

  const moveAside = (why: string) => {
    const aside = `${path}.corrupt-${fileStamp(now())}`;
    renameSync(path, aside);
    notices.push(
      `Settings file ${path} could not be used (${why}). It was kept as ${aside}; Vigil started with default settings.`,
    );
  };

  const open = () =>
    openFile({
      cwd: dataDir,
      name: FILE,
      // No `defaults`: conf would merge them into the file and rewrite it on open, which must not
      // happen to a file we may have to keep as it is (a newer version's, a corrupt one).
      clearInvalidConfig: false,
      configFileMode: 0o600,
      serialize: (v) => JSON.stringify(v, null, 2),
    });

  let conf: SettingsFile;
  try {
    conf = open();
    void conf.store; // forces a read: conf throws here on malformed JSON
  } catch (err) {
    if (!existsSync(path)) throw err;
    moveAside(`not valid JSON: ${(err as Error).message}`);
    conf = open();
  }
  // A first start (no file yet): write the defaults.
  if (Object.keys(conf.store).length === 0) conf.store = defaultSettings();
  const problem = upgrade(conf, path);
  if (problem !== null) {
    moveAside(problem);
    conf = open();
    conf.store = defaultSettings();
  }

  // Read on every request and every poll: the file is read and checked again only when it changed
  // on disk (a hand edit is still seen), and the settings handed out are frozen, shared by all.
  const stampOf = () => {
    try {
      const st = statSync(path);
      return `${st.ino}:${st.size}:${st.mtimeMs}`;
    } catch {
      return 'missing';
    }
  };
  let cached: { settings: Settings; stamp: string } = {
    settings: deepFreeze(Settings.parse(conf.store)),
    stamp: stampOf(),
  };
  // A hand edit that does not read (half saved, a typo, the wrong shape): the settings from before
  // stay in force, so polls and pages go on, and the person is told; their file is left as it is.
  let broken: string | null = null;
  const problemListeners = new Set<(message: string) => void>();
  const report = (message: string) => {
    if (problemListeners.size === 0) notices.push(message);
    for (const l of problemListeners) l(message);
  };
  const get = (): Settings => {
    const stamp = stampOf();
    if (cached.stamp === stamp) return cached.settings;
    let settings: Settings;
    try {
      settings = deepFreeze(Settings.parse(conf.store));
    } catch (err) {
      const why = err instanceof z.ZodError ? `unexpected content: ${firstLines(err)}` : (err as Error).message;
      cached = { settings: cached.settings, stamp };
      broken = why;
      report(
        `Settings file ${path} was changed and cannot be used (${why}). Vigil goes on with the settings it had, and reads the file again when it changes: fix it or undo the edit.`,
      );
      return cached.settings;
    }
    if (broken !== null) report(`Settings file ${path} reads again; its settings apply.`);
    broken = null;
    cached = { settings, stamp };
    return settings;
  };

  return {
    get,
    update(change) {
      const next = deepFreeze(Settings.parse(change(structuredClone(get()))));
      if (broken !== null && existsSync(path)) {
        // Saving a change made in Vigil writes the whole file: the person's unfinished edit is kept.
        const aside = `${path}.unsaved-edit-${fileStamp(now())}`;
        copyFileSync(path, aside);
        report(
          `Settings file ${path} still did not read (${broken}) when a setting was changed in Vigil, which rewrote it from the settings in force. Your edit is kept as ${aside}.`,
        );
        broken = null;
      }
      conf.store = next;
      cached = { settings: next, stamp: stampOf() };
      return next;
    },
    notices,
    onProblem(listener) {
      problemListeners.add(listener);
    },
    path,
  };
}

/** Brings an older file up to SETTINGS_VERSION; returns why the file cannot be used, or null. */
function upgrade(conf: SettingsFile, path: string): string | null {
  const raw: unknown = conf.store;
  if (Settings.safeParse(raw).success) return null;
  const version = (raw as { version?: unknown } | null)?.version;
  if (typeof version === 'number' && version > SETTINGS_VERSION) {
    return `it was written by a newer Vigil (settings version ${version}; this one reads up to ${SETTINGS_VERSION})`;
  }
  if (version === 1) {
    const v1 = SettingsV1.safeParse(raw);
    if (!v1.success) return `unexpected content for version 1: ${firstLines(v1.error)}`;
    let upgraded: Settings;
    try {
      upgraded = settingsV1toV2(v1.data);
    } catch (err) {
      return `a version 1 setting is no longer valid: ${err instanceof z.ZodError ? firstLines(err) : (err as Error).message}`;
    }
    // A copy for going back to an older Vigil, which would not read the upgraded file.
    const backup = `${path}.v1-backup`;
    if (!existsSync(backup)) copyFileSync(path, backup);
    conf.store = upgraded;
    return null;
  }
  const checked = Settings.safeParse(raw);
  return checked.success ? null : `unexpected content: ${firstLines(checked.error)}`;
}

function firstLines(error: z.ZodError): string {
  return z.prettifyError(error).split('\n').slice(0, 2).join(' ');
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
