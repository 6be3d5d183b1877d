#!/usr/bin/env node
// `npm run web`: builds the renderer when it is missing or older than its sources, then runs the
// browser host (the same services as the desktop app) from source with tsx.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

const index = 'dist/renderer/index.html';
const stale = !existsSync(index) || Math.max(newestMtime('renderer'), newestMtime('shared')) > statSync(index).mtimeMs;
if (stale) {
  console.log('Building the renderer…');
  const r = spawnSync(process.execPath, ['tools/build.mjs', '--quiet'], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const child = spawn(process.execPath, ['--import', 'tsx', 'electron/host/main.ts', ...process.argv.slice(2)], {
  stdio: 'inherit',
});
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
