import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { defaultSettings } from './settingsSchema';

// Tests run as root here, where chmod never fails; an ordinary user gets EPERM on a file another
// user owns (a settings.json left by one `sudo` start). Only chmod is replaced.
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  return {
    ...fs,
    chmodSync: (path: string, mode: number) => {
      if (String(path).endsWith('settings.json')) {
        throw Object.assign(new Error(`EPERM: operation not permitted, chmod '${path}'`), { code: 'EPERM' });
      }
      fs.chmodSync(path, mode);
    },
  };
});

describe('settings store: a settings file owned by another user', () => {
  it('still opens (it can be read), and says it could not be made private', async () => {
    const { openSettingsStore } = await import('./settingsStore');
    const dir = mkdtempSync(join(tmpdir(), 'vigil-foreign-'));
    const file = join(dir, 'settings.json');
    writeFileSync(file, JSON.stringify({ ...defaultSettings(), demo: { enabled: true } }), { mode: 0o644 });
    const store = openSettingsStore(dir);
    expect(store.get().demo.enabled).toBe(true);
    expect(store.notices).toEqual([
      `Could not make ${file} private to you (EPERM): it may belong to another user. Vigil goes on; give it back to yourself (chown) so others cannot read your source settings.`,
    ]);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
  });
});
