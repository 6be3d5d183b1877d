import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, powerMonitor, session, shell, type WebContents } from 'electron';
import { createDesktopNotifier } from '../notify/desktopNotifier';
import { createVigilServices, type VigilServices } from '../services/createVigilServices';
import { bindIpc } from './bindIpc';
import { isAppPageUrl } from './isAppPageUrl';
import { createSafeStorageCodec } from './safeStorageCodec';

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

function start() {
  try {
    services = createVigilServices({
      dataDir: app.getPath('userData'),
      resourcesDir: app.isPackaged
        ? join(process.resourcesPath, 'resources')
        : join(__dirname, '..', '..', 'resources'),
      mode: 'electron',
      version: app.getVersion(),
      notifier: createDesktopNotifier({
        onError: log,
        onClick: (incidentId) => {
          if (!mainWindow) createWindow();
          mainWindow?.show();
          mainWindow?.focus();
          services?.notificationClicked(incidentId);
        },
      }),
      demoSpeed: Number(process.env.VIGIL_DEMO_SPEED) || 1,
      log,
      secretCodec: createSafeStorageCodec() ?? undefined,
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
    log,
  });
  app.on('will-quit', () => {
    unbind();
    services?.stop();
  });
  createWindow();
  services.start();
  // Polls made while asleep only fail; stop them, and poll at once on wake.
  powerMonitor.on('suspend', () => services?.pauseSources());
  powerMonitor.on('resume', () => services?.resumeSources());

  app.on('activate', () => {
    if (!mainWindow) createWindow();
  });
  app.on('window-all-closed', () => {
    // macOS apps stay alive without windows; elsewhere closing the window is quitting.
    if (process.platform !== 'darwin') app.quit();
  });
}

function createWindow() {
  const win = new BrowserWindow({
    width: 1280,
    height: 820,
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
  win.once('ready-to-show', () => win.show());
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = null;
  });
  win.loadFile(indexHtml).catch((err: Error) => {
    fail(new Error(`could not load the interface from ${indexHtml} (${err.message}); run "npm run build" first`));
  });
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
