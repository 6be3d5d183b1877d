import { execFile } from 'node:child_process';

/** What the OS side of desktop notifications looks like now. */
export interface NotifierProbe {
  status: 'ok' | 'failing' | 'held';
  message: string | null;
}

const HELD_TAIL = 'P0s will only reach you here, in Vigil';

function run(
  cmd: string,
  args: string[],
  timeoutMs = 3000,
): Promise<{ ok: boolean; out: string; missing: boolean; error: string }> {
  return new Promise((resolve) => {
    execFile(cmd, args, { timeout: timeoutMs, encoding: 'utf8' }, (err, stdout, stderr) => {
      const code = (err as NodeJS.ErrnoException | null)?.code;
      resolve({
        ok: !err,
        out: stdout,
        missing: code === 'ENOENT',
        error: (stderr || err?.message || '').trim().split('\n')[0]!.slice(0, 200),
      });
    });
  });
}

/**
 * The start-up self-test and periodic check of desktop notifications. On Linux: a notification
 * server must answer on the session bus (what notify-send talks to), notify-send must exist, and a
 * paused dunst or GNOME's do-not-disturb means the system holds notifications back. macOS Focus
 * and Windows' do-not-disturb cannot be read from here: there the notifier's own errors tell.
 */
export async function probeNotificationServer(): Promise<NotifierProbe> {
  if (process.platform !== 'linux') return { status: 'ok', message: null };
  const server = await run('dbus-send', [
    '--session',
    '--print-reply',
    '--dest=org.freedesktop.Notifications',
    '/org/freedesktop/Notifications',
    'org.freedesktop.Notifications.GetServerInformation',
  ]);
  if (!server.ok && !server.missing) {
    return {
      status: 'failing',
      message: `no notification server answers on the session bus (${server.error || 'no reply'}). Pages will only reach you in Vigil's window.`,
    };
  }
  const notifySend = await run('notify-send', ['--version']);
  if (notifySend.missing) {
    return {
      status: 'failing',
      message:
        "notify-send is not installed (Debian/Ubuntu: libnotify-bin). Pages will only reach you in Vigil's window.",
    };
  }
  const dunst = await run('dunstctl', ['is-paused']);
  if (dunst.ok && dunst.out.trim() === 'true') {
    return { status: 'held', message: `your system is holding notifications back (dunst is paused); ${HELD_TAIL}` };
  }
  const gnome = await run('gsettings', ['get', 'org.gnome.desktop.notifications', 'show-banners']);
  if (gnome.ok && gnome.out.trim() === 'false') {
    return {
      status: 'held',
      message: `your system is holding notifications back (GNOME do-not-disturb); ${HELD_TAIL}`,
    };
  }
  return { status: 'ok', message: null };
}
