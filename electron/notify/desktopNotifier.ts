import notifier from 'node-notifier';
import type { OutgoingNotification } from '../../shared/notify/notificationPolicy';
import { sanitizeNotificationText } from '../../shared/notify/sanitizeNotificationText';

export interface Notifier {
  send(notification: OutgoingNotification): void;
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
}: NotifierOptions): Notifier {
  return {
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
            onError(`Could not show the desktop notification "${n.title}": ${err.message}`);
            return;
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
