import { renameSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Conf from 'conf';
import { z } from 'zod';
import { defaultSettings, Settings } from './settingsSchema';

export interface SettingsStore {
  get(): Settings;
  update(change: (s: Settings) => Settings): Settings;
  /** What went wrong when loading (a corrupt file moved aside...), in words for the UI. */
  readonly notices: string[];
  readonly path: string;
}

const FILE = 'settings';

/**
 * Settings in `<dataDir>/settings.json` through `conf` (atomic writes). A file that does not
 * parse or does not fit the schema is moved aside as `settings.json.corrupt-<time>`, never
 * deleted, and the app starts with defaults and says so.
 */
export function openSettingsStore(dataDir: string, now: () => Date = () => new Date()): SettingsStore {
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, `${FILE}.json`);
  const notices: string[] = [];

  const moveAside = (why: string) => {
    const aside = `${path}.corrupt-${now().toISOString().replace(/[:.]/g, '-')}`;
    renameSync(path, aside);
    notices.push(
      `Settings file ${path} could not be used (${why}). It was kept as ${aside}; Vigil started with default settings.`,
    );
  };

  const open = () =>
    new Conf<Settings>({
      projectName: 'vigil',
      cwd: dataDir,
      configName: FILE,
      defaults: defaultSettings(),
      clearInvalidConfig: false,
      serialize: (v) => JSON.stringify(v, null, 2),
    });

  let conf: Conf<Settings>;
  try {
    conf = open();
    void conf.store; // forces a read: conf throws here on malformed JSON
  } catch (err) {
    if (!existsSync(path)) throw err;
    moveAside(`not valid JSON: ${(err as Error).message}`);
    conf = open();
  }
  const checked = Settings.safeParse(conf.store);
  if (!checked.success) {
    moveAside(`unexpected content: ${z.prettifyError(checked.error).split('\n').slice(0, 2).join(' ')}`);
    conf = open();
    conf.store = defaultSettings();
  }

  return {
    get: () => Settings.parse(conf.store),
    update(change) {
      const next = Settings.parse(change(Settings.parse(conf.store)));
      conf.store = next;
      return next;
    },
    notices,
    path,
  };
}
