import notifier from 'node-notifier';
import type { Incident } from '../../shared/domain/incident';
import { notificationText } from '../../shared/notify/notificationText';

export interface Notifier {
  notify(incident: Incident, now: number): void;
}

export interface NotifierOptions {
  /** Reports a failure to show a notification (e.g. no notification daemon) so it is never silent. */
  onError: (message: string) => void;
  appName?: string;
}

/**
 * Desktop notifications through node-notifier (notify-send / libnotify on Linux,
 * Notification Center on macOS, toasts on Windows). P0 and P1 are critical urgency with sound.
 */
export function createDesktopNotifier({ onError, appName = 'Vigil' }: NotifierOptions): Notifier {
  return {
    notify(incident, now) {
      const { title, body } = notificationText(incident, now);
      const critical = incident.severity === 'P0' || incident.severity === 'P1';
      notifier.notify(
        {
          title,
          message: body,
          sound: critical,
          wait: false,
          // A page stays until dismissed (0 = never expire); node-notifier's default is 10 s.
          timeout: critical ? 0 : 10,
          // notify-send cannot play sounds itself; sound-capable daemons honour this hint.
          ...(critical ? { hint: 'string:sound-name:dialog-warning' } : {}),
          // notify-send options (ignored elsewhere)
          urgency: critical ? 'critical' : 'normal',
          'app-name': appName,
          category: 'vigil.incident',
        } as notifier.Notification,
        (err) => {
          if (err) onError(`Could not show the desktop notification for ${title}: ${err.message}`);
        },
      );
    },
  };
}
