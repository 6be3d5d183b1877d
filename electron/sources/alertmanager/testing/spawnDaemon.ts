import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createServer } from 'node:net';

/**
 * Just enough process handling for the Alertmanager integration tests: start a Debian daemon in
 * its own process group, wait for its readiness URL with a deadline, and on failure say which
 * daemon, why, and what it printed. Teardown kills the group and removes the temp dir; an exit
 * hook does the same if the test runner dies first, so no daemon outlives the run.
 */

export interface Daemon {
  readonly name: string;
  readonly url: string;
  readonly port: number;
  readonly dir: string;
  /** The last lines of the daemon's stderr, for assertion messages. */
  logTail(lines?: number): string;
  /** SIGTERM, SIGKILL after 5 s, then removes the temp dir. Safe to call twice. */
  stop(): Promise<void>;
}

const exitCleanups = new Set<() => void>();
let exitHooked = false;
function onProcessExit(cleanup: () => void): () => void {
  if (!exitHooked) {
    exitHooked = true;
    process.once('exit', () => {
      for (const fn of exitCleanups) {
        try {
          fn();
        } catch {
          // best effort while exiting
        }
      }
    });
  }
  exitCleanups.add(cleanup);
  return () => exitCleanups.delete(cleanup);
}

/** A loopback port free right now, for daemons that take their port as a flag. */
export function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        address && typeof address === 'object' ? resolve(address.port) : reject(new Error('no port assigned')),
      );
    });
  });
}

export async function startDaemon(opts: {
  name: string;
  binary: string;
  args: string[];
  dir: string;
  port: number;
  readyPath: string;
  startTimeoutMs: number;
}): Promise<Daemon> {
  const url = `http://127.0.0.1:${opts.port}`;
  const child = spawn(opts.binary, opts.args, { cwd: opts.dir, stdio: ['ignore', 'ignore', 'pipe'], detached: true });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-16_384);
  });
  let exited: string | null = null;
  const exit = new Promise<void>((resolve) => {
    child.once('error', (err) => {
      exited = `could not be started: ${err.message}`;
      resolve();
    });
    child.once('exit', (code, signal) => {
      exited = signal ? `was killed by ${signal}` : `exited with code ${code}`;
      resolve();
    });
  });
  const killGroup = (signal: NodeJS.Signals) => {
    if (exited || child.pid === undefined) return;
    try {
      process.kill(-child.pid, signal);
    } catch {
      // the group is gone already
    }
  };
  const unhook = onProcessExit(() => {
    killGroup('SIGKILL');
    rmSync(opts.dir, { recursive: true, force: true });
  });
  const logTail = (lines = 20) => stderr.trimEnd().split('\n').slice(-lines).join('\n') || '(nothing)';

  let stopping: Promise<void> | null = null;
  const stop = () =>
    (stopping ??= (async () => {
      killGroup('SIGTERM');
      const killer = setTimeout(() => killGroup('SIGKILL'), 5_000);
      await exit;
      clearTimeout(killer);
      rmSync(opts.dir, { recursive: true, force: true });
      unhook();
    })());

  const deadline = Date.now() + opts.startTimeoutMs;
  let last = 'no answer yet';
  for (;;) {
    if (exited) {
      const why = `${opts.name} ${exited} before ${url}${opts.readyPath} answered.\nstderr tail:\n${logTail()}`;
      await stop();
      throw new Error(why);
    }
    try {
      const res = await fetch(`${url}${opts.readyPath}`, { signal: AbortSignal.timeout(1_000) });
      await res.body?.cancel();
      if (res.ok) break;
      last = `HTTP ${res.status}`;
    } catch (err) {
      last = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).message;
    }
    if (Date.now() > deadline) {
      const why =
        `${opts.name}: ${url}${opts.readyPath} did not answer 200 within ${opts.startTimeoutMs / 1000} s ` +
        `(last: ${last}).\nstderr tail:\n${logTail()}`;
      await stop();
      throw new Error(why);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { name: opts.name, url, port: opts.port, dir: opts.dir, logTail, stop };
}
