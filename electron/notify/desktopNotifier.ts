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
   * The notification's "Acknowledge" button (macOS Notification Center and Windows toasts). On
   * Linux notify-send offers no actions: acknowledging happens in the window or the tray.
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
      notifier.notify(
        {
          // Again here, whoever built the notification: one bad byte must not cost later pages.
          title: sanitizeNotificationText(n.title, 'title'),
          message: sanitizeNotificationText(n.body, 'body'),
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
          // A summary covers many incidents: one button could not say which it acknowledges.
          ...(CLICKABLE && onAcknowledge && n.kind !== 'summary'
            ? { actions: ['Acknowledge'], closeLabel: 'Later' }
            : {}),
        } as notifier.Notification,
        (err, response, metadata) => {
          if (err) {
            const message = `Could not show the desktop notification "${n.title}": ${err.message}`;
            onError(message);
            // "Command failed: notify-send <every argument>\n<stderr>": the last line says why.
            const why = err.message.trim().split('\n').filter(Boolean).pop()!.slice(0, 200);
            sendFailure = `the system refused "${n.title.slice(0, 80)}" (${why}). Pages will only reach you in Vigil's window.`;
            settle();
            return;
          }
          if (sendFailure) {
            sendFailure = null;
            settle();
          }
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
