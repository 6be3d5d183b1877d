import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createDesktopNotifier } from '../notify/desktopNotifier';
import { appRoot, appVersion, defaultDataDir } from '../services/appPaths';
import { createVigilServices } from '../services/createVigilServices';
import { startHostServer } from './createHostServer';

const DEFAULT_PORT = 7391;

/**
 * `npm run web`: the same services as the desktop app, served to a browser over an
 * authenticated loopback bridge. Environment: VIGIL_DATA_DIR, VIGIL_PORT, VIGIL_NO_OPEN=1,
 * VIGIL_NOTIFY=off, VIGIL_DEMO_SPEED (tests).
 */
async function main() {
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
  const host = await startHostServer({ services, staticDir, token, port: wanted, log }).catch(
    (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EADDRINUSE' || process.env.VIGIL_PORT !== undefined) throw err;
      log(`port ${DEFAULT_PORT} is in use; using a free port instead`);
      return startHostServer({ services, staticDir, token, port: 0, log });
    },
  );
  services.start();
  const openUrl = `${host.url}#token=${token}`;
  console.log(`Vigil (browser mode) is running. Open ${openUrl}`);
  console.log(`Data: ${dataDir}. Stop with Ctrl-C.`);
  if (!process.env.VIGIL_NO_OPEN) openBrowser(openUrl);

  const shutdown = async () => {
    services.stop();
    await host.close();
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
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
