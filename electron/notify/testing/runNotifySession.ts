import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  accessSync,
  closeSync,
  constants,
  existsSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SCRIPT = fileURLToPath(new URL('./notifySession.sh', import.meta.url));
const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** Programs notifySession.sh runs, with the Debian package that installs each. */
const REQUIRED_PROGRAMS: ReadonlyArray<readonly [program: string, debianPackage: string]> = [
  ['Xvfb', 'xvfb'],
  // dbus-run-session, dbus-monitor and dbus-send come with the dbus package (via dbus-daemon and dbus-bin).
  ['dbus-run-session', 'dbus'],
  ['dbus-monitor', 'dbus'],
  ['dbus-send', 'dbus'],
  ['dunst', 'dunst'],
  ['notify-send', 'libnotify-bin'],
];

/**
 * Throws, naming the Debian packages to install, when a program the session needs is not on PATH.
 * A missing program is a broken machine, not a reason to skip: `npm test` provisions these.
 */
export function requireSessionPrograms(): void {
  const dirs = (process.env.PATH ?? '').split(delimiter).filter(Boolean);
  const onPath = (program: string) =>
    dirs.some((dir) => {
      try {
        accessSync(join(dir, program), constants.X_OK);
        return true;
      } catch {
        return false;
      }
    });
  const missing = REQUIRED_PROGRAMS.filter(([program]) => !onPath(program));
  if (missing.length === 0) return;
  const packages = [...new Set(missing.map(([, pkg]) => pkg))];
  throw new Error(
    `The desktop notification test cannot run, these programs are not on PATH: ` +
      `${missing.map(([program, pkg]) => `${program} (Debian package ${pkg})`).join(', ')}. ` +
      `npm test provisions them; on this machine run: sudo apt-get install ${packages.join(' ')}`,
  );
}

export interface NotifySessionResult {
  /** dbus-monitor's text output for org.freedesktop.Notifications.Notify. */
  monitorLog: string;
  /** The X framebuffer (XWD) once dunst had drawn, or null if the session never got that far. */
  screen: Buffer | null;
  /** Processes the session started that were still running after it exited (should be none). */
  leftRunning: string[];
}

/**
 * Runs notifySession.sh inside dbus-run-session in a fresh temp dir, returns what it recorded and
 * removes the dir. The session gets its own process group so that, on timeout or after it exits,
 * one kill reaches everything it started, even if its own cleanup did not run.
 */
export async function runNotifySession(
  timeoutMs = 45_000,
  sender = 'sendP0Notification.ts',
  /** Extra environment for the sender (sendP0Notification.ts reads VIGIL_TEST_SUMMARY). */
  env: Record<string, string> = {},
): Promise<NotifySessionResult> {
  const work = mkdtempSync(join(tmpdir(), 'vigil-notify-'));
  try {
    // Output goes to a file, not a pipe: a stray process still holding a pipe would keep us waiting.
    const log = openSync(join(work, 'session.log'), 'w');
    const child = spawn('dbus-run-session', ['--', 'bash', SCRIPT, work, REPO_ROOT, sender], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...env },
      detached: true,
      stdio: ['ignore', log, log],
    });
    closeSync(log);
    const group = child.pid!;
    const exit = await new Promise<{ code: number | null; timedOut: boolean }>((resolve, reject) => {
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        killGroup(group, 'SIGTERM');
        setTimeout(() => killGroup(group, 'SIGKILL'), 3_000).unref();
      }, timeoutMs);
      child.on('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
      child.on('exit', (code) => {
        clearTimeout(timer);
        resolve({ code, timedOut });
      });
    });

    const leftRunning = stillRunning(work);
    // After a timeout the session is still handling SIGTERM (Xvfb removing its lock file): give it
    // a moment before the sweep. After a normal exit the group is already empty.
    for (let i = 0; i < 20 && groupHasLiveMembers(group); i++) await sleep(100);
    if (groupHasLiveMembers(group)) killGroup(group, 'SIGKILL');

    if (exit.timedOut || exit.code !== 0) {
      const why = exit.timedOut ? `did not finish within ${timeoutMs / 1000} s` : `failed (exit ${exit.code})`;
      throw new Error(`The notification session ${why}.\n${diagnostics(work)}`);
    }
    return {
      monitorLog: readIfPresent(join(work, 'monitor.log')) ?? '',
      screen: existsSync(join(work, 'screen.xwd')) ? readFileSync(join(work, 'screen.xwd')) : null,
      leftRunning,
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function killGroup(group: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-group, signal);
  } catch (err) {
    // ESRCH: the group is already empty, which is the normal case.
    if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
  }
}

/**
 * State and process group of a process from /proc, or null once it is gone. A zombie (state Z)
 * has exited and only waits for its parent to reap it, which in a container can take a while, so
 * callers treat it as gone; kill(pid, 0) cannot tell the difference.
 */
function procStat(pid: string): { state: string; group: number } | null {
  const stat = readIfPresent(`/proc/${pid}/stat`);
  if (stat === null) return null;
  // The fields after the parenthesised command name are: state, parent pid, process group, ...
  const [state, , group] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { state: state!, group: Number(group) };
}

const isLive = (stat: ReturnType<typeof procStat>) => stat !== null && stat.state !== 'Z';

function groupHasLiveMembers(group: number): boolean {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .some((pid) => {
      const stat = procStat(pid);
      return isLive(stat) && stat!.group === group;
    });
}

/** Names of the processes listed in the session's pids file that are still alive. */
function stillRunning(work: string): string[] {
  const pids = readIfPresent(join(work, 'pids')) ?? '';
  return pids
    .split('\n')
    .filter(Boolean)
    .map((line) => line.split(' ') as [string, string])
    .filter(([, pid]) => isLive(procStat(pid)))
    .map(([name, pid]) => `${name} (pid ${pid})`);
}

function diagnostics(work: string): string {
  return ['session.log', 'xvfb.log', 'monitor.err.log', 'dunst.log', 'sender.log']
    .map((name) => [name, readIfPresent(join(work, name))?.trim()] as const)
    .filter(([, text]) => text)
    .map(([name, text]) => `--- ${name} ---\n${text}`)
    .join('\n');
}

function readIfPresent(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}
