#!/usr/bin/env node
// Installs the Debian components the tests drive for real (Prometheus, Alertmanager, Chromium,
// Xvfb, D-Bus, dunst, libnotify), but only those missing. Runs `apt-get update` once first.
// Needs root (or passwordless sudo); otherwise it prints the exact command to run and fails.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** file -> Debian package that provides it */
export const REQUIRED = {
  '/usr/bin/prometheus': 'prometheus',
  '/usr/bin/prometheus-alertmanager': 'prometheus-alertmanager',
  '/usr/bin/chromium': 'chromium',
  '/usr/bin/Xvfb': 'xvfb',
  '/usr/bin/dbus-run-session': 'dbus',
  '/usr/bin/dbus-monitor': 'dbus-bin',
  '/usr/bin/dbus-launch': 'dbus-x11',
  '/usr/bin/dunst': 'dunst',
  '/usr/bin/notify-send': 'libnotify-bin',
  // A TLS test makes a throw-away self-signed certificate.
  '/usr/bin/openssl': 'openssl',
  // The notification screenshot's dunst config names DejaVu Sans.
  '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf': 'fonts-dejavu-core',
};

const missing = [
  ...new Set(
    Object.entries(REQUIRED)
      .filter(([bin]) => !existsSync(bin))
      .map(([, pkg]) => pkg),
  ),
];
if (missing.length === 0) {
  console.log('provision: all Debian components present');
  process.exit(0);
}

const isRoot = process.getuid?.() === 0;
const sudo = isRoot ? [] : ['sudo', '-n'];
const run = (args) => {
  const [cmd, ...rest] = [...sudo, ...args];
  const r = spawnSync(cmd, rest, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  return r.status === 0;
};

console.log(`provision: installing ${missing.join(', ')}`);
if (!isRoot && spawnSync('sudo', ['-n', 'true']).status !== 0) {
  console.error(
    `provision: missing ${missing.join(', ')} and not root. Run:\n  sudo apt-get update && sudo apt-get install -y --no-install-recommends ${missing.join(' ')}`,
  );
  process.exit(1);
}
if (!run(['apt-get', 'update', '-qq'])) {
  console.error('provision: apt-get update failed (is the Debian mirror reachable?)');
  process.exit(1);
}
if (!run(['apt-get', 'install', '-y', '-qq', '--no-install-recommends', ...missing])) {
  console.error(`provision: apt-get install ${missing.join(' ')} failed`);
  process.exit(1);
}
const still = Object.entries(REQUIRED).filter(([bin]) => !existsSync(bin));
if (still.length) {
  console.error(`provision: still missing after install: ${still.map(([b]) => b).join(', ')}`);
  process.exit(1);
}
console.log('provision: done');
