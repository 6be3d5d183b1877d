#!/usr/bin/env node
// `npm start`: the desktop app when an Electron binary can be had; otherwise one line saying
// why, then the browser host (`npm run web`) with the very same services.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const electronDir = 'node_modules/electron';

function electronBinary() {
  const pathFile = join(electronDir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const bin = join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(bin) ? bin : null;
}

function tryDownload() {
  if (!existsSync(join(electronDir, 'install.js'))) return 'the electron package is not installed';
  // npm 11 does not run install scripts unless approved, so fetch the binary here, briefly.
  const r = spawnSync(process.execPath, [join(electronDir, 'install.js')], { encoding: 'utf8', timeout: 30_000 });
  if (r.status === 0 && electronBinary()) return null;
  const why = `${r.stderr ?? ''}${r.stdout ?? ''}`.match(
    /(fetch failed|ENOTFOUND|ECONNREFUSED|EAI_AGAIN|ETIMEDOUT|403|404)/,
  )?.[0];
  return r.error?.code === 'ETIMEDOUT' ? 'the download timed out' : `the download failed${why ? ` (${why})` : ''}`;
}

let bin = electronBinary();
const reason = bin ? null : tryDownload();
bin = bin ?? electronBinary();

if (!bin) {
  console.log(`No Electron binary available here (${reason}): starting Vigil in browser mode instead (npm run web).`);
  const web = spawn(process.execPath, ['tools/web.mjs', ...process.argv.slice(2)], { stdio: 'inherit' });
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => web.kill(sig));
  web.on('exit', (code) => process.exit(code ?? 0));
} else {
  const build = spawnSync(process.execPath, ['tools/build.mjs', '--quiet'], { stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
  const app = spawn(bin, ['.', ...process.argv.slice(2)], { stdio: 'inherit' });
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => app.kill(sig));
  app.on('exit', (code) => process.exit(code ?? 0));
}
