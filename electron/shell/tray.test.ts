import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { MenuItemConstructorOptions } from 'electron';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createVigilServices, type VigilServices } from '../services/createVigilServices';
import { createVigilTray, type TrayElectron } from './tray';

// The tray takes Electron's parts from main.ts; loading the real module here would be a bug.
vi.mock('electron', () => {
  throw new Error('tray.ts must not import electron: main.ts passes Tray, Menu and nativeImage in');
});

/** Stands in for Electron's Tray: keeps what the tray last showed and every menu it was given. */
class FakeTray {
  static last: FakeTray | null = null;
  image = '';
  tooltip = '';
  menus: MenuItemConstructorOptions[][] = [];
  destroyed = false;
  constructor(image: { path: string }) {
    this.image = image.path;
    FakeTray.last = this;
  }
  on() {}
  setTitle() {}
  setImage(image: { path: string }) {
    this.image = image.path;
  }
  setToolTip(text: string) {
    this.tooltip = text;
  }
  setContextMenu(menu: MenuItemConstructorOptions[]) {
    this.menus.push(menu);
  }
  destroy() {
    this.destroyed = true;
  }
}

const electron = {
  Tray: FakeTray,
  Menu: { buildFromTemplate: (template: MenuItemConstructorOptions[]) => template },
  nativeImage: {
    createFromPath: (path: string) => ({ path, resize: () => ({ path }) }),
  },
} as unknown as TrayElectron;

async function until(what: string, cond: () => boolean) {
  for (let i = 0; i < 800 && !cond(); i++) await new Promise((r) => setTimeout(r, 25));
  expect(cond(), what).toBe(true);
}

let services: VigilServices | null = null;
let dataDir: string | null = null;
afterEach(() => {
  services?.stop();
  services = null;
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  dataDir = null;
});

describe('the tray, on the running services', () => {
  it('shows what the services hold, acknowledges from its menu, and refreshes at most once a second', async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'vigil-tray-'));
    services = createVigilServices({
      dataDir,
      resourcesDir: resolve('resources'),
      mode: 'browser',
      version: '0.0.0-test',
      demoSpeed: 30,
      notifier: { send: () => {} },
      log: () => {},
    });
    const logged: string[] = [];
    const tray = createVigilTray({
      electron,
      services,
      iconsDir: resolve('resources/icons'),
      showWindow: () => {},
      quit: () => {},
      log: (m) => logged.push(m),
    });
    const shown = FakeTray.last!;
    await until('the first refresh', () => shown.menus.length > 0);
    expect(shown.tooltip).toBe('Vigil: no open incidents');
    expect(shown.image).toMatch(/tray-ok\.png$/);

    let pushes = 0;
    services.on('incidents:changed', () => pushes++);
    const started = Date.now();
    services.start();
    await services.handlers['demo:start']({});
    // The demo's ML incident opens: the tray shows its severity and offers to acknowledge it.
    await until('an open incident in the tray', () => /unacknowledged, top P\d/.test(shown.tooltip));
    const menu = () => shown.menus[shown.menus.length - 1]!;
    const ack = menu().find((item) => item.label?.startsWith('Acknowledge '));
    expect(ack, JSON.stringify(menu().map((i) => i.label))).toBeDefined();
    const top = /top (P\d)/.exec(shown.tooltip)![1]!;
    expect(shown.image).toMatch(new RegExp(`tray-${top}\\.png$`));

    const open = services.listIncidents('open');
    const target = open.find((i) => ack!.label === `Acknowledge ${i.severity} ${i.title}`)!;
    expect(target).toBeDefined();
    // A burst of changes (forty status updates, each pushed) is one or two refreshes, not forty.
    const burst = { at: Date.now(), pushes, menus: shown.menus.length };
    for (let i = 0; i < 40; i++)
      await services.handlers['incident:post-update']({ id: target.id, text: `update ${i}` });
    expect(pushes - burst.pushes).toBeGreaterThanOrEqual(40);
    await new Promise((r) => setTimeout(r, 1200));
    expect(shown.menus.length - burst.menus).toBeLessThanOrEqual(2 + Math.ceil((Date.now() - burst.at) / 1000));

    (ack!.click as () => void)();
    await until('the acknowledged incident to leave the menu', () =>
      menu().every((item) => !item.label?.includes(target.title) || !item.label.startsWith('Acknowledge ')),
    );
    expect(services.listIncidents().find((i) => i.id === target.id)?.state).toBe('acknowledged');

    // However many pushes came, the tray started at most one refresh a second (and one at start).
    expect(shown.menus.length).toBeLessThanOrEqual(2 + Math.ceil((Date.now() - started) / 1000));
    expect(logged).toEqual([]);

    tray.destroy();
    expect(shown.destroyed).toBe(true);
    const menus = shown.menus.length;
    await services.handlers['demo:stop']({});
    await new Promise((r) => setTimeout(r, 1500));
    expect(shown.menus.length).toBe(menus);
  }, 60_000);
});
