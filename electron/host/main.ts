import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createDesktopNotifier } from '../notify/desktopNotifier';
import { appRoot, appVersion, defaultDataDir } from '../services/appPaths';
import { createVigilServices } from '../services/createVigilServices';
import { limitHeapGrowth } from '../services/heapGrowth';
import { startHostServer } from './createHostServer';

const DEFAULT_PORT = 7391;

/**
 * `npm run web`: the same services as the desktop app, served to a browser over an
 * authenticated loopback bridge. Environment: VIGIL_DATA_DIR, VIGIL_PORT, VIGIL_NO_OPEN=1,
 * VIGIL_NOTIFY=off, VIGIL_DEMO_SPEED (tests).
 */
async function main() {
  limitHeapGrowth();
  const root = appRoot(import.meta.url);
  const staticDir = join(root, 'dist', 'renderer');
  if (!existsSync(join(staticDir, 'index.html'))) {
    console.error(`The renderer is not built (${staticDir}/index.html is missing): run "npm run build" first.`);
    process.exit(1);
  }
  const log = (m: string) => console.error(`[vigil] ${m}`);
  const dataDir = process.env.VIGIL_DATA_DIR || defaultDataDir();
  const services = createVigilServices({
    dataDir,
    resourcesDir: join(root, 'resources'),
    mode: 'browser',
    version: appVersion(root),
    // VIGIL_NOTIFY=off keeps test hosts from popping notifications on a developer's desktop.
    notifier:
      process.env.VIGIL_NOTIFY === 'off'
        ? {
            send: (n) => log(`notification (off): ${n.title}`),
            health: () => ({
              status: 'off',
              since: new Date().toISOString(),
              message: 'desktop notifications are off (VIGIL_NOTIFY=off): pages only show here',
            }),
          }
        : createDesktopNotifier({
            onError: log,
            // Linux: the page's "Acknowledge" action (libnotify over D-Bus) acknowledges here too.
            onAcknowledge: (id) =>
              void services.handlers['incident:ack']({ id }).catch((err: Error) =>
                log(`acknowledge from the notification failed: ${err.message}`),
              ),
          }),
    demoSpeed: Number(process.env.VIGIL_DEMO_SPEED) || 1,
    log,
  });
  const token = randomBytes(24).toString('hex');
  // A stable default port keeps the address bookmarkable; VIGIL_PORT=0 asks for any free port.
  const wanted = process.env.VIGIL_PORT !== undefined ? Number(process.env.VIGIL_PORT) : DEFAULT_PORT;
  const redactedLog = (m: string) => services.log(m);
  const host = await startHostServer({ services, staticDir, token, port: wanted, log: redactedLog }).catch(
    (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EADDRINUSE' || process.env.VIGIL_PORT !== undefined) throw err;
      log(`port ${DEFAULT_PORT} is in use; using a free port instead`);
      return startHostServer({ services, staticDir, token, port: 0, log: redactedLog });
    },
  );
  services.start();
  // The token never goes on a command line (other users read /proc/<pid>/cmdline) or into a log:
  // the browser opens a launch file only this user can read, which forwards to the page.
  const launchFile = writeLaunchFile(dataDir, `${host.url}#token=${token}`);
  const launchUrl = pathToFileURL(launchFile).href;
  console.log(`Vigil (browser mode) is running at ${host.url} . Open it with ${launchUrl}`);
  console.log(`(that file holds this start's access token, readable by you only; it changes at every start)`);
  console.log(`Data: ${dataDir}. Stop with Ctrl-C.`);
  if (!process.env.VIGIL_NO_OPEN) openBrowser(launchUrl);

  const shutdown = async () => {
    rmSync(launchFile, { force: true });
    services.stop();
    await services.flush();
    await host.close();
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

/** LAUNCH_FILE in the (0700) data dir, mode 0600, created fresh so an old file's mode cannot linger. */
export const LAUNCH_FILE = 'open-vigil.html';

function writeLaunchFile(dataDir: string, pageUrl: string): string {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const path = join(dataDir, LAUNCH_FILE);
  rmSync(path, { force: true });
  const html = `<!doctype html><meta charset="utf-8"><meta name="referrer" content="no-referrer"><meta http-equiv="refresh" content="0;url=${pageUrl}"><title>Opening Vigil</title><p><a href="${pageUrl}">Open Vigil</a></p>\n`;
  writeFileSync(path, html, { mode: 0o600, flag: 'wx' });
  return path;
}

function openBrowser(url: string) {
  const cmd = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) return;
  try {
    const child = spawn(cmd, [url], { stdio: 'ignore', detached: true });
    child.on('error', () => {});
    child.unref();
  } catch {
    // No browser opener: the URL is printed above.
  }
}

main().catch((err) => {
  console.error(`Vigil could not start: ${(err as Error).message}`);
  process.exit(1);
});
