import { spawn } from 'node:child_process';
import notifier from 'node-notifier';
import type { NotifierHealth } from '../../shared/ipc/incidentContract';
import type { OutgoingNotification } from '../../shared/notify/notificationPolicy';
import { sanitizeNotificationText } from '../../shared/notify/sanitizeNotificationText';
import { probeNotificationServer, type NotifierProbe } from './probeNotificationServer';

export interface Notifier {
  send(notification: OutgoingNotification): void;
  /** Whether notifications reach the person; absent = always assumed to. */
  health?(): NotifierHealth;
  /** Told of every change of health; returns the unsubscribe. */
  onHealth?(listener: (health: NotifierHealth) => void): () => void;
  /** Stops the periodic re-check. */
  close?(): void;
}

export interface NotifierOptions {
  /** Reports a failure to show a notification (e.g. no notification daemon) so it is never silent. */
  onError: (message: string) => void;
  /** A click on the notification (macOS and Windows; libnotify's notify-send cannot report clicks). */
  onClick?: (incidentId: string) => void;
  /**
   * The notification's "Acknowledge" action: macOS Notification Center, Windows toasts, and on
   * Linux libnotify's action over D-Bus (notify-send --action, libnotify 0.8+).
   */
  onAcknowledge?: (incidentId: string) => void;
  appName?: string;
  /** Checks the OS side (a notification server answering, do-not-disturb); default per platform. */
  probe?: () => Promise<NotifierProbe>;
  /** How often the probe runs again after the start-up self-test (default 60 s; 0 = never). */
  recheckMs?: number;
  now?: () => number;
}

const CLICKABLE = process.platform === 'darwin' || process.platform === 'win32';
const LINUX = process.platform === 'linux';

/**
 * Desktop notifications through node-notifier (notify-send / libnotify on Linux, Notification
 * Center on macOS, toasts on Windows). Pages are critical urgency with sound and stay until dismissed.
 */
export function createDesktopNotifier({
  onError,
  onClick,
  onAcknowledge,
  appName = 'Vigil',
  probe = probeNotificationServer,
  recheckMs = 60_000,
  now = Date.now,
}: NotifierOptions): Notifier {
  let health: NotifierHealth = { status: 'checking', since: new Date(now()).toISOString(), message: null };
  const listeners = new Set<(h: NotifierHealth) => void>();
  const setHealth = (status: NotifierHealth['status'], message: string | null) => {
    if (health.status === status && health.message === message) return;
    health = { status, since: health.status === status ? health.since : new Date(now()).toISOString(), message };
    for (const l of listeners) l(health);
  };
  /** The last probe's verdict; a refused notification overrides it until one goes through. */
  let probed: NotifierProbe = { status: 'ok', message: null };
  let sendFailure: string | null = null;
  const settle = () => {
    // The self-test's words say what to fix; a refused send is the evidence when it found nothing.
    if (probed.status === 'failing' || !sendFailure) setHealth(probed.status, probed.message);
    else setHealth('failing', sendFailure);
  };
  const check = () =>
    probe().then(
      (r) => {
        probed = r;
        // A server that answers again clears an old refusal; a failing probe keeps its own words.
        if (r.status !== 'failing') sendFailure = null;
        settle();
      },
      (err: Error) => {
        probed = { status: 'failing', message: `the notification self-test could not run (${err.message})` };
        settle();
      },
    );
  void check();
  const timer = recheckMs > 0 ? setInterval(() => void check(), recheckMs) : null;
  timer?.unref();

  return {
    health: () => health,
    onHealth(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      if (timer) clearInterval(timer);
    },
    send(n) {
      const critical = n.urgency === 'critical';
      const title = sanitizeNotificationText(n.title, 'title');
      // A freedesktop server reads the body as markup (GNOME, KDE, dunst): alert text that looks
      // like a tag could restyle or hide a page ("ALL CLEAR" in large green over a P0), so it goes
      // as text. macOS and Windows show the body as it is.
      const text = sanitizeNotificationText(n.body, 'body');
      const body = LINUX ? escapeBodyMarkup(text) : text;
      const failed = (err: Error) => {
        const message = `Could not show the desktop notification "${n.title}": ${err.message}`;
        onError(message);
        // "Command failed: notify-send <every argument>\n<stderr>": the last line says why.
        const why = err.message.trim().split('\n').filter(Boolean).pop()!.slice(0, 200);
        sendFailure = `the system refused "${n.title.slice(0, 80)}" (${why}). Pages will only reach you in Vigil's window.`;
        settle();
      };
      const delivered = () => {
        if (sendFailure) {
          sendFailure = null;
          settle();
        }
      };
      // A summary covers many incidents: one button could not say which it acknowledges.
      const acknowledgeable = Boolean(onAcknowledge) && n.kind !== 'summary';
      if (LINUX && acknowledgeable) {
        // node-notifier gives notify-send no actions; libnotify's own --action does, over D-Bus.
        sendWithLinuxAction({ title, body, critical, sound: n.sound, appName }, (err, chosen) => {
          if (err) return failed(err);
          delivered();
          if (chosen === 'ack') onAcknowledge!(n.incidentId);
        });
        return;
      }
      notifier.notify(
        {
          // Again here, whoever built the notification: one bad byte must not cost later pages.
          title,
          message: body,
          sound: n.sound,
          // Waiting is what lets macOS/Windows report a click; notify-send would only block.
          wait: CLICKABLE && Boolean(onClick),
          // A page stays until dismissed (0 = never expire); node-notifier's default is 10 s.
          timeout: critical ? 0 : 10,
          // notify-send cannot play sounds itself; sound-capable daemons honour this hint.
          ...(n.sound ? { hint: 'string:sound-name:dialog-warning' } : {}),
          // notify-send options (ignored elsewhere)
          urgency: critical ? 'critical' : 'normal',
          'app-name': appName,
          category: 'vigil.incident',
          ...(CLICKABLE && acknowledgeable ? { actions: ['Acknowledge'], closeLabel: 'Later' } : {}),
        } as notifier.Notification,
        (err, response, metadata) => {
          if (err) return failed(err);
          delivered();
          const chosen = String(
            (metadata as { activationValue?: string } | undefined)?.activationValue ?? response ?? '',
          );
          if (onAcknowledge && chosen.toLowerCase() === 'acknowledge') onAcknowledge(n.incidentId);
          else if (onClick && (response === 'activate' || response === 'clicked')) onClick(n.incidentId);
        },
      );
    },
  };
}

/**
 * notify-send (libnotify 0.8+) with one "Acknowledge" action: it waits until the notification is
 * closed and prints the chosen action's name. One action only, so a notification server's "do the
 * action" (a click in dunst) acknowledges rather than opening a menu.
 */
function sendWithLinuxAction(
  n: { title: string; body: string; critical: boolean; sound: boolean; appName: string },
  done: (err: Error | null, chosen: string) => void,
): void {
  const args = [
    `--urgency=${n.critical ? 'critical' : 'normal'}`,
    `--app-name=${n.appName}`,
    '--category=vigil.incident',
    `--expire-time=${n.critical ? 0 : 10_000}`,
    ...(n.sound ? ['--hint=string:sound-name:dialog-warning'] : []),
    '--action=ack=Acknowledge',
    '--',
    n.title,
    n.body,
  ];
  const child = spawn('notify-send', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  child.on('error', (e) => done(e, ''));
  child.on('close', (code) => {
    if (code === 0) done(null, out.trim());
    else
      done(
        new Error(`Command failed: notify-send (exit ${code})\n${err.trim() || 'no notification server answered'}`),
        '',
      );
  });
}

/**
 * Body text for a freedesktop notification server, which reads `<b>`, `<a href>`, `<span>`... and
 * entities in the body (the spec's body markup): `&`, `<` and `>` become entities, so what the
 * alert says is shown as it was written. The summary (title) is plain text by the spec.
 */
export function escapeBodyMarkup(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
