import { join } from 'node:path';
import type { Menu, NativeImage, nativeImage, Tray } from 'electron';
import { notifierHealthText } from '../../shared/notify/notifierHealthText';
import { trayState } from '../../shared/notify/trayState';
import type { VigilServices } from '../services/createVigilServices';
import { coalescedRefresh } from './coalescedRefresh';

/**
 * The parts of Electron the tray uses. main.ts passes Electron's own; the tray's test passes
 * stand-ins, since no Electron binary can run there (the module imports only Electron's types).
 */
export interface TrayElectron {
  Tray: new (
    image: NativeImage,
  ) => Pick<Tray, 'on' | 'setImage' | 'setToolTip' | 'setTitle' | 'setContextMenu' | 'destroy'>;
  Menu: Pick<typeof Menu, 'buildFromTemplate'>;
  nativeImage: Pick<typeof nativeImage, 'createFromPath'>;
}

export interface VigilTrayOptions {
  electron: TrayElectron;
  services: VigilServices;
  iconsDir: string;
  showWindow(incidentId?: string): void;
  quit(): void;
  log(message: string): void;
}

/**
 * The tray / menu-bar item: its icon is the top open severity (a hollow ring when all is quiet),
 * its tooltip the unacknowledged count and the nearest SLA deadline; its menu acknowledges the
 * most urgent incidents, pauses notifications (never P0) and opens the window.
 */
export function createVigilTray(opts: VigilTrayOptions): { destroy(): void } {
  const { Menu, nativeImage, Tray } = opts.electron;
  const icons = new Map<string, NativeImage>();
  const icon = (name: string) => {
    let img = icons.get(name);
    if (!img) {
      img = nativeImage.createFromPath(join(opts.iconsDir, `tray-${name}.png`)).resize({ width: 16, height: 16 });
      icons.set(name, img);
    }
    return img;
  };
  const tray = new Tray(icon('ok'));
  tray.on('click', () => opts.showWindow());
  const h = opts.services.handlers;
  const fail = (what: string) => (err: Error) => opts.log(`tray: ${what} failed: ${err.message}`);

  const refresh = async () => {
    // The policies are asked for at every refresh: an override saved while running moves the
    // deadlines the tray shows too.
    const incidents = opts.services.unsortedIncidents();
    const policies = await h['classification:policies']({});
    const state = trayState(incidents, policies, Date.now());
    const notifications = (await h['app:info']({})).notifications;
    tray.setImage(icon(state.top ?? 'ok'));
    // A failing or held-back notifier leads the tooltip: the tray is where a person looks.
    const warning =
      notifications.status === 'failing' || notifications.status === 'held'
        ? `${notifierHealthText(notifications)}\n`
        : '';
    tray.setToolTip(`${warning}${state.tooltip}`);
    // macOS shows text beside the icon: the count is the one number worth the space.
    if (process.platform === 'darwin') tray.setTitle(state.unacknowledged ? String(state.unacknowledged) : '');
    const menu = Menu.buildFromTemplate([
      {
        label: state.top ? `${state.unacknowledged} unacknowledged · top ${state.top}` : 'No open incidents',
        enabled: false,
      },
      ...(state.nearest
        ? [{ label: `Next: ${state.nearest.text}`, click: () => opts.showWindow(state.nearest!.incidentId) }]
        : []),
      { type: 'separator' as const },
      ...state.toAcknowledge.map((i) => ({
        label: `Acknowledge ${i.label}`,
        click: () => void h['incident:ack']({ id: i.id }).then(refresher.request, fail('acknowledge')),
      })),
      ...(state.toAcknowledge.length ? [{ type: 'separator' as const }] : []),
      {
        label: 'Pause notifications for 15 min (P0 still pages)',
        click: () => void h['notifications:pause']({ minutes: 15 }).catch(fail('pause')),
      },
      {
        label: 'Pause notifications for 60 min (P0 still pages)',
        click: () => void h['notifications:pause']({ minutes: 60 }).catch(fail('pause')),
      },
      {
        label: 'Resume notifications',
        click: () => void h['notifications:pause']({ minutes: 0 }).catch(fail('resume')),
      },
      { type: 'separator' as const },
      { label: 'Open Vigil', click: () => opts.showWindow() },
      { label: 'Quit Vigil', click: () => opts.quit() },
    ]);
    tray.setContextMenu(menu);
  };

  // At most one refresh a second, however often incidents change: a storm pushes ~100 times a minute.
  const refresher = coalescedRefresh(refresh, { minGapMs: 1000, onError: fail('refresh') });
  refresher.request();
  const off = opts.services.on('incidents:changed', refresher.request);
  const offHealth = opts.services.on('notifications:health', refresher.request);
  // Deadlines move with time even when nothing changes.
  const timer = setInterval(refresher.request, 30_000);
  return {
    destroy() {
      off();
      offHealth();
      clearInterval(timer);
      refresher.dispose();
      tray.destroy();
    },
  };
}
