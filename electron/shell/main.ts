import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  nativeImage,
  powerMonitor,
  screen,
  session,
  shell,
  Tray,
  type WebContents,
} from 'electron';
import ElectronStore from 'electron-store';
import { createDesktopNotifier } from '../notify/desktopNotifier';
import { createVigilServices, type VigilServices } from '../services/createVigilServices';
import { limitHeapGrowth } from '../services/heapGrowth';
import type { Settings } from '../store/settingsSchema';
import { bindIpc } from './bindIpc';
import { isAppPageUrl } from './isAppPageUrl';
import { setUpSafeStorage, type WeakBackendChoice } from './safeStorageCodec';
import { createVigilTray } from './tray';

/*
 * The desktop app's entry, bundled to dist/electron/main.cjs, so __dirname is dist/electron.
 * Environment (same names as the browser host): VIGIL_DATA_DIR replaces the profile directory
 * (tests give each run a fresh one), VIGIL_DEMO_SPEED speeds up the demo replay.
 */

const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  // Not in the brief's list; the browser host sends it too, so both shells run under one policy.
  "form-action 'none'",
].join('; ');

const preloadPath = join(__dirname, 'preload.cjs');
const indexHtml = join(__dirname, '..', 'renderer', 'index.html');
const appPageUrl = pathToFileURL(indexHtml).href;

const log = (message: string) => console.error(`[vigil] ${message}`);

let mainWindow: BrowserWindow | null = null;
let services: VigilServices | null = null;
let tray: { destroy(): void } | null = null;

// Before the single-instance lock, which is keyed on this directory: separate profiles may run side by side.
if (process.env.VIGIL_DATA_DIR) app.setPath('userData', process.env.VIGIL_DATA_DIR);

// Every renderer sandboxed, even one created by a code path that forgets its webPreferences.
app.enableSandbox();

if (!app.requestSingleInstanceLock()) {
  // Two processes would both write settings and incidents; the running one gets focused instead.
  app.quit();
} else {
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.show();
    mainWindow.focus();
  });
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));
  app.whenReady().then(start, fail);
}

/**
 * Linux without a keyring: Electron's safeStorage would only obfuscate (`basic_text`). The person
 * chooses, once per data folder (the choice is kept beside the settings), whether that is acceptable.
 */
function askAboutWeakSecretStorage(): WeakBackendChoice {
  const remembered = join(app.getPath('userData'), 'secret-storage-choice');
  try {
    const kept = readFileSync(remembered, 'utf8').trim();
    if (kept === 'obfuscate' || kept === 'file-only') return kept;
  } catch {
    // Not asked yet.
  }
  const answer = dialog.showMessageBoxSync({
    type: 'warning',
    title: 'Vigil: no keyring for your tokens',
    message: 'No keyring (GNOME Keyring, KWallet) is available to encrypt your tokens and passwords.',
    detail:
      'Electron can only obfuscate them with a key every copy of Electron shares, which protects nothing against someone who can read your files. Either way the file is readable by you only (0600). To encrypt them, set up a keyring, then restart Vigil.',
    buttons: ['Keep them in my private file, unencrypted', 'Obfuscate them anyway', 'Quit'],
    defaultId: 0,
    cancelId: 2,
    noLink: true,
  });
  const choice: WeakBackendChoice = answer === 1 ? 'obfuscate' : answer === 2 ? 'quit' : 'file-only';
  if (choice !== 'quit') {
    try {
      writeFileSync(remembered, choice, { mode: 0o600 });
    } catch (err) {
      log(`could not keep the secret storage choice: ${(err as Error).message}`);
    }
  }
  return choice;
}

function start() {
  limitHeapGrowth();
  const storage = setUpSafeStorage(askAboutWeakSecretStorage);
  if (storage.quit) {
    app.quit();
    return;
  }
  if (storage.notice) log(storage.notice);
  try {
    services = createVigilServices({
      dataDir: app.getPath('userData'),
      resourcesDir: resourcesDir(),
      mode: 'electron',
      version: app.getVersion(),
      // The design card's electron-store, over the same file and options browser mode's conf uses.
      openSettingsFile: (o) =>
        new ElectronStore<Settings>({
          cwd: o.cwd,
          name: o.name,
          clearInvalidConfig: o.clearInvalidConfig,
          configFileMode: o.configFileMode,
          serialize: o.serialize,
        }),
      notifier: createDesktopNotifier({
        onError: log,
        onClick: (incidentId) => showWindow(incidentId),
        onAcknowledge: (incidentId) =>
          void services?.handlers['incident:ack']({ id: incidentId }).catch((err: Error) => {
            log(`acknowledge from the notification failed: ${err.message}`);
            showWindow(incidentId);
          }),
      }),
      demoSpeed: Number(process.env.VIGIL_DEMO_SPEED) || 1,
      log,
      secretCodec: storage.codec ?? undefined,
      startupNotices: storage.notice ? [storage.notice] : [],
      applyStartAtLogin: (on) => app.setLoginItemSettings({ openAtLogin: on }),
    });
  } catch (err) {
    fail(err);
    return;
  }
  hardenSession();
  const unbind = bindIpc({
    ipcMain,
    services,
    appPageUrl,
    eventTarget: () => mainWindow?.webContents ?? null,
    // Through the services' redactor: a failed request's stack may quote a credential.
    log: (m) => (services ? services.log(m) : log(m)),
  });
  // Incident writes are batched and asynchronous: quitting waits for the last batch to be durable.
  let flushed = false;
  app.on('will-quit', (event) => {
    if (flushed) return;
    event.preventDefault();
    unbind();
    services?.stop();
    void (services?.flush() ?? Promise.resolve()).finally(() => {
      flushed = true;
      app.quit();
    });
  });
  createWindow();
  services.start();
  // Polls made while asleep only fail; stop them, and poll at once on wake.
  powerMonitor.on('suspend', () => services?.pauseSources());
  powerMonitor.on('resume', () => services?.resumeSources());

  app.on('activate', () => {
    if (!mainWindow) createWindow();
  });
  // An on-call companion keeps watching with its window closed: the tray stays. Where no tray
  // can be shown, closing the window is quitting (an invisible watcher would be worse).
  try {
    tray = createVigilTray({
      electron: { Tray, Menu, nativeImage },
      services,
      iconsDir: join(resourcesDir(), 'icons'),
      showWindow,
      quit: () => app.quit(),
      log,
    });
  } catch (err) {
    log(`no tray icon on this desktop: ${(err as Error).message}`);
  }
  app.on('window-all-closed', () => {
    if (!tray && process.platform !== 'darwin') app.quit();
  });
  app.on('before-quit', () => tray?.destroy());
}

function showWindow(incidentId?: string) {
  if (!mainWindow) createWindow();
  mainWindow?.show();
  mainWindow?.focus();
  if (incidentId) services?.notificationClicked(incidentId);
}

function resourcesDir() {
  return app.isPackaged ? join(process.resourcesPath, 'resources') : join(__dirname, '..', '..', 'resources');
}

function createWindow() {
  const saved = services?.windowState() ?? null;
  const win = new BrowserWindow({
    width: saved?.width ?? 1280,
    height: saved?.height ?? 820,
    ...(saved && onSomeScreen(saved) ? { x: saved.x, y: saved.y } : {}),
    minWidth: 720,
    minHeight: 480,
    title: 'Vigil',
    show: false,
    backgroundColor: '#111318',
    // Stated explicitly even where they are Electron's defaults, so a reviewer (and
    // electronegativity) sees the policy here rather than having to know the defaults.
    // There is no remote module to disable: Electron removed it in version 14.
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      // A middle click must not open a link in a new Electron window (navigation is ours to decide).
      disableBlinkFeatures: 'Auxclick',
      navigateOnDragDrop: false,
    },
  });
  mainWindow = win;
  win.once('ready-to-show', () => {
    if (saved?.maximized) win.maximize();
    win.show();
  });
  // Where the window was is remembered for the next start (debounced: moves fire continuously).
  let saveTimer: NodeJS.Timeout | undefined;
  const remember = () => {
    clearTimeout(saveTimer);
    saveTimer = setTimeout(() => {
      if (win.isDestroyed()) return;
      const b = win.getNormalBounds();
      services?.saveWindowState({ x: b.x, y: b.y, width: b.width, height: b.height, maximized: win.isMaximized() });
    }, 500);
  };
  for (const ev of ['resize', 'move', 'maximize', 'unmaximize'] as const) win.on(ev as 'resize', remember);
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = null;
  });
  win.loadFile(indexHtml).catch((err: Error) => {
    fail(new Error(`could not load the interface from ${indexHtml} (${err.message}); run "npm run build" first`));
  });
}

/** A saved position on a screen that was unplugged since would open the window out of sight. */
function onSomeScreen(b: { x: number; y: number; width: number; height: number }): boolean {
  return screen
    .getAllDisplays()
    .some(
      ({ workArea: a }) =>
        b.x < a.x + a.width - 40 && b.x + b.width > a.x + 40 && b.y >= a.y - 10 && b.y < a.y + a.height - 40,
    );
}

function hardenSession() {
  const ses = session.defaultSession;
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CSP] } });
  });
  // The interface needs no camera, location, notifications API or the like: notifications go
  // through main. Both handlers are needed; the check handler covers the synchronous queries.
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
}

/** Applied to every webContents, so a window or frame created later cannot escape the rules. */
function hardenWebContents(contents: WebContents) {
  const blockForeignNavigation = (event: { url: string; preventDefault(): void }) => {
    if (!isAppPageUrl(event.url, appPageUrl)) {
      event.preventDefault();
      log(`blocked navigation to ${event.url.slice(0, 200)}`);
    }
  };
  contents.on('will-navigate', blockForeignNavigation);
  contents.on('will-frame-navigate', blockForeignNavigation);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (isHttpUrl(url)) {
      shell.openExternal(url).catch((err: Error) => log(`could not open ${url} in the browser: ${err.message}`));
    } else {
      log(`refused to open ${url.slice(0, 200)}`);
    }
    return { action: 'deny' };
  });
}

function isHttpUrl(url: string): boolean {
  try {
    const { protocol } = new URL(url);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}

function fail(err: unknown) {
  const message = err instanceof Error ? err.message : String(err);
  log(`could not start: ${err instanceof Error ? (err.stack ?? message) : message}`);
  // A desktop user never sees stderr; say it in a dialog before quitting.
  dialog.showErrorBox('Vigil could not start', message);
  app.exit(1);
}
