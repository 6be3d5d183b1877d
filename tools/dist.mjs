#!/usr/bin/env node
// `npm run dist`: builds the desktop packages with electron-builder (electron-builder.yml).
// electron-builder needs Electron's own binary for the target platform; where it cannot be
// downloaded (no access to Electron's release site), say so in words instead of a stack trace.
import { spawnSync } from 'node:child_process';

const build = spawnSync(process.execPath, ['tools/build.mjs', '--quiet'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const args = process.argv.slice(2);
const r = spawnSync('npx', ['electron-builder', '--config', 'electron-builder.yml', ...args], { encoding: 'utf8' });
if (r.status === 0) {
  process.stdout.write(r.stdout ?? '');
  console.log('Packages are in dist/packages/.');
  process.exit(0);
}
const output = `${r.stdout ?? ''}${r.stderr ?? ''}`;
if (
  /ENOTFOUND|ECONNREFUSED|EAI_AGAIN|ETIMEDOUT|getaddrinfo|github\.com|unable to download|cannot download|Get "https/i.test(
    output,
  )
) {
  console.error(
    'Cannot build the desktop packages here: electron-builder must download the Electron binary ' +
      '(from github.com/electron/electron releases) and this machine cannot reach it. ' +
      'Run `npm run dist` on a machine with internet access, or set ELECTRON_MIRROR / ' +
      'electron_config_cache to a local copy. The browser mode (`npm run web`) works without it.',
  );
  process.exit(2);
}
process.stdout.write(r.stdout ?? '');
process.stderr.write(r.stderr ?? '');
process.exit(r.status ?? 1);
