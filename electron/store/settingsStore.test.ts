import { chmodSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultSettings } from './settingsSchema';
import { openConfSettingsFile, openSettingsStore, type SettingsFileOptions } from './settingsStore';

const fresh = () => mkdtempSync(join(tmpdir(), 'vigil-settings-'));
const source = {
  id: 'prom-1',
  kind: 'prometheus' as const,
  name: 'Prod',
  url: 'http://127.0.0.1:9090',
  intervalSeconds: 15,
  pathPrefix: '',
  headers: {},
  basicAuthUser: null,
  caPem: null,
  members: [],
  replicaLabels: ['replica', 'prometheus_replica'],
};
/** settings.json exactly as Vigil 0.1 (settings version 1) wrote it. */
const V1_FILE = JSON.stringify(
  {
    version: 1,
    sources: [{ id: 'prom-1', kind: 'prometheus', name: 'Prod', url: 'http://127.0.0.1:9090', intervalSeconds: 15 }],
    demo: { enabled: true },
  },
  null,
  2,
);

describe('settingsStore', () => {
  it('opens one settings.json with the same options whichever store a shell plugs in, so the file moves between them', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-settings-'));
    const asked: SettingsFileOptions[] = [];
    // The desktop app plugs electron-store in here; it receives exactly these options.
    const desktop = openSettingsStore(dir, undefined, (o) => {
      asked.push(o);
      return openConfSettingsFile(o);
    });
    desktop.update((x) => ({ ...x, preferences: { ...x.preferences, displayName: 'Ada' } }));
    expect(asked[0]).toMatchObject({ cwd: dir, name: 'settings', clearInvalidConfig: false });
    expect(readdirSync(dir)).toEqual(['settings.json']);
    // Browser mode (conf) reads what the desktop app wrote, and the other way round.
    const browser = openSettingsStore(dir);
    expect(browser.get().preferences.displayName).toBe('Ada');
    expect(JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8'))).toEqual(browser.get());
  });

  it('starts with defaults and keeps what was saved across reopen', () => {
    const dir = fresh();
    const a = openSettingsStore(dir);
    expect(a.get().sources).toEqual([]);
    a.update((s) => ({ ...s, sources: [source] }));
    expect(openSettingsStore(dir).get().sources).toEqual([source]);
  });

  it('reads the file again only when it changed on disk, and a hand edit is seen', () => {
    const dir = fresh();
    const store = openSettingsStore(dir);
    const first = store.get();
    // Shared by every reader (read on each request): the same object, which nobody can change.
    expect(store.get()).toBe(first);
    expect(() => ((first.preferences as { displayName: string }).displayName = 'x')).toThrow();
    const file = join(dir, 'settings.json');
    const edited = JSON.parse(readFileSync(file, 'utf8')) as { preferences: { displayName: string } };
    edited.preferences.displayName = 'Grace Hopper';
    writeFileSync(file, JSON.stringify(edited, null, 2));
    expect(store.get().preferences.displayName).toBe('Grace Hopper');
    const saved = store.update((x) => ({ ...x, preferences: { ...x.preferences, displayName: 'Ada' } }));
    expect(store.get()).toBe(saved);
    expect(openSettingsStore(dir).get().preferences.displayName).toBe('Ada');
  });

  it('a hand edit that does not read keeps the settings from before in force, says so, and leaves the file alone', () => {
    const dir = fresh();
    const store = openSettingsStore(dir);
    const problems: string[] = [];
    store.onProblem((m) => problems.push(m));
    const before = store.update((x) => ({ ...x, sources: [source] }));
    const file = join(dir, 'settings.json');
    const good = readFileSync(file, 'utf8');
    for (const half of ['{"version": 2, "sources": [', '{"version":2,"sources":"oops","demo":{"enabled":false}}']) {
      writeFileSync(file, half);
      expect(store.get()).toBe(before);
      expect(store.get()).toBe(before);
      expect(readFileSync(file, 'utf8')).toBe(half);
    }
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(
      new RegExp(
        `^Settings file ${file} was changed and cannot be used \\(.*JSON.*\\)\\. Vigil goes on with the settings it had`,
      ),
    );
    expect(problems[1]).toMatch(/cannot be used \(unexpected content: .*sources/);
    // Fixed: read again, and said.
    writeFileSync(file, good.replace('"Prod"', '"Production"'));
    expect(store.get().sources[0]!.name).toBe('Production');
    expect(problems[2]).toBe(`Settings file ${file} reads again; its settings apply.`);
    expect(readdirSync(dir).filter((f) => f.startsWith('settings.json.'))).toEqual([]);
  });

  it('a change made in Vigil while a hand edit does not read keeps that edit beside the file', () => {
    const dir = fresh();
    let t = Date.parse('2026-12-07T04:00:00.000Z');
    const store = openSettingsStore(dir, () => new Date(t++));
    const problems: string[] = [];
    store.onProblem((m) => problems.push(m));
    store.update((x) => ({ ...x, sources: [source] }));
    const file = join(dir, 'settings.json');
    const half = '{"version": 2, "sources": [{"id": "prom-1", "name": "Prod (edited';
    writeFileSync(file, half);
    const saved = store.update((x) => ({ ...x, demo: { enabled: true } }));
    expect(saved.sources.map((x) => x.name)).toEqual(['Prod']);
    const kept = readdirSync(dir).filter((f) => f.startsWith('settings.json.unsaved-edit-'));
    expect(kept).toHaveLength(1);
    expect(readFileSync(join(dir, kept[0]!), 'utf8')).toBe(half);
    expect(problems.at(-1)).toContain(`Your edit is kept as ${join(dir, kept[0]!)}`);
    expect(openSettingsStore(dir).get().demo.enabled).toBe(true);
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

  it('upgrades a version 1 file to version 2, on disk too, and keeps the old file as a backup', () => {
    const dir = fresh();
    writeFileSync(join(dir, 'settings.json'), V1_FILE);
    const store = openSettingsStore(dir);
    expect(store.notices).toEqual([]);
    expect(store.get()).toMatchObject({ version: 2, sources: [source], demo: { enabled: true } });
    expect(JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8'))).toEqual(store.get());
    expect(readFileSync(join(dir, 'settings.json.v1-backup'), 'utf8')).toBe(V1_FILE);
    // Reopening reads the upgraded file as it is and leaves the first backup alone.
    expect(openSettingsStore(dir).get()).toEqual(store.get());
    expect(readdirSync(dir).sort()).toEqual(['settings.json', 'settings.json.v1-backup']);
  });

  it('keeps an upgraded file usable for every source kind', () => {
    const dir = fresh();
    writeFileSync(join(dir, 'settings.json'), V1_FILE);
    const store = openSettingsStore(dir);
    store.update((s) => ({
      ...s,
      sources: [
        ...s.sources,
        {
          ...source,
          id: 'am-1',
          kind: 'alertmanager',
          headers: { 'X-Scope-OrgID': 'team-ml' },
          basicAuthUser: 'vigil',
          shareAcks: null,
        },
        {
          id: 'pd-1',
          kind: 'pagerduty',
          name: 'PagerDuty',
          url: 'https://api.pagerduty.com',
          intervalSeconds: 30,
          fromEmail: null,
        },
      ],
    }));
    expect(
      openSettingsStore(dir)
        .get()
        .sources.map((s) => s.kind),
    ).toEqual(['prometheus', 'alertmanager', 'pagerduty']);
  });

  it('moves aside a version 1 file whose content a version 2 cannot accept, and says why', () => {
    const dir = fresh();
    const bad = JSON.parse(V1_FILE) as { sources: { url: string }[] };
    bad.sources[0]!.url = 'ftp://127.0.0.1:9090';
    writeFileSync(join(dir, 'settings.json'), JSON.stringify(bad));
    const store = openSettingsStore(dir);
    expect(store.get().sources).toEqual([]);
    expect(store.notices[0]).toMatch(/a version 1 setting is no longer valid/);
    expect(readdirSync(dir).some((f) => f.includes('.corrupt-'))).toBe(true);
  });

  it('does not run with (or overwrite) a file from a newer Vigil', () => {
    const dir = fresh();
    const newer = JSON.stringify({ version: 3, sources: [], demo: { enabled: false }, something: 'new' });
    writeFileSync(join(dir, 'settings.json'), newer);
    const store = openSettingsStore(dir);
    expect(store.notices[0]).toMatch(/written by a newer Vigil \(settings version 3/);
    const aside = readdirSync(dir).find((f) => f.includes('.corrupt-'))!;
    expect(readFileSync(join(dir, aside), 'utf8')).toBe(newer);
  });
});

describe('settings store: file modes', () => {
  it('tightens a data folder an older Vigil left at 0755 to 0700, and settings.json to 0600', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-modes-'));
    chmodSync(dir, 0o755);
    writeFileSync(join(dir, 'settings.json'), JSON.stringify(defaultSettings()), { mode: 0o644 });
    chmodSync(join(dir, 'settings.json'), 0o644);
    const store = openSettingsStore(dir);
    store.update((s) => ({ ...s, demo: { enabled: true } }));
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(join(dir, 'settings.json')).mode & 0o777).toBe(0o600);
  });
});
