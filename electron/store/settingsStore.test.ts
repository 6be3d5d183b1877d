import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSettingsStore } from './settingsStore';

const fresh = () => mkdtempSync(join(tmpdir(), 'vigil-settings-'));
const source = {
  id: 'prom-1',
  kind: 'prometheus' as const,
  name: 'Prod',
  url: 'http://127.0.0.1:9090',
  intervalSeconds: 15,
};

describe('settingsStore', () => {
  it('starts with defaults and keeps what was saved across reopen', () => {
    const dir = fresh();
    const a = openSettingsStore(dir);
    expect(a.get().sources).toEqual([]);
    a.update((s) => ({ ...s, sources: [source] }));
    expect(openSettingsStore(dir).get().sources).toEqual([source]);
  });

  it('moves a malformed file aside, keeps its bytes, and says so', () => {
    const dir = fresh();
    writeFileSync(join(dir, 'settings.json'), '{"version":1,"sources":[{"id":');
    const store = openSettingsStore(dir, () => new Date('2026-11-24T22:41:00Z'));
    expect(store.get().sources).toEqual([]);
    expect(store.notices[0]).toMatch(
      /could not be used \(not valid JSON.*kept as .*settings\.json\.corrupt-2026-11-24T22-41-00-000Z/,
    );
    const aside = readdirSync(dir).find((f) => f.includes('.corrupt-'))!;
    expect(readFileSync(join(dir, aside), 'utf8')).toBe('{"version":1,"sources":[{"id":');
  });

  it('moves aside a file of the wrong shape instead of running with it', () => {
    const dir = fresh();
    writeFileSync(join(dir, 'settings.json'), JSON.stringify({ version: 1, sources: 'oops', demo: { enabled: true } }));
    const store = openSettingsStore(dir);
    expect(store.get().demo.enabled).toBe(false);
    expect(store.notices[0]).toMatch(/unexpected content/);
    expect(readdirSync(dir).some((f) => f.includes('.corrupt-'))).toBe(true);
  });

  it('refuses to save invalid settings and leaves the file as it was', () => {
    const dir = fresh();
    const store = openSettingsStore(dir);
    store.update((s) => ({ ...s, sources: [source] }));
    expect(() => store.update((s) => ({ ...s, sources: [{ ...source, url: 'ftp://x' }] }))).toThrow();
    expect(openSettingsStore(dir).get().sources).toEqual([source]);
  });
});
