import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { _electron } from 'playwright-core';
import { describe, expect, it } from 'vitest';

/** Starts the built desktop app on a fresh profile and checks it reaches the first-run screen. */
const repoRoot = resolve(__dirname, '..', '..');

function findElectronBinary(): { path: string } | { why: string } {
  const pkgDir = dirname(createRequire(__filename).resolve('electron/package.json'));
  const pathFile = join(pkgDir, 'path.txt');
  // Reading path.txt directly: requiring 'electron' would try to download the binary.
  if (!existsSync(pathFile))
    return { why: `${pathFile} is missing (the electron package never downloaded its binary)` };
  const binary = join(pkgDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? { path: binary } : { why: `${binary}, named by ${pathFile}, does not exist` };
}

const electronBinary = findElectronBinary();
if ('why' in electronBinary) console.log(`Electron binary not available here: ${electronBinary.why}`);

describe('Electron shell', () => {
  it.skipIf('why' in electronBinary)('opens a sandboxed window showing the first-run screen', async () => {
    const main = join(repoRoot, 'dist', 'electron', 'main.cjs');
    expect(existsSync(main), `${main} is missing: run "npm run build" first`).toBe(true);
    const dataDir = mkdtempSync(join(tmpdir(), 'vigil-electron-'));
    const env = { ...process.env, VIGIL_DATA_DIR: dataDir } as Record<string, string>;
    delete env.ELECTRON_RUN_AS_NODE;
    const app = await _electron.launch({
      executablePath: (electronBinary as { path: string }).path,
      args: [repoRoot],
      env,
    });
    try {
      const page = await app.firstWindow();
      await page.getByRole('heading', { name: 'Welcome to Vigil' }).waitFor({ timeout: 20_000 });
      // The page sees the contract and nothing of Node.
      const exposed = await page.evaluate(() => {
        const g = globalThis as { vigil?: { requests: object }; require?: unknown; process?: unknown };
        return { requests: Object.keys(g.vigil?.requests ?? {}), require: typeof g.require, process: typeof g.process };
      });
      expect(exposed.requests).toContain('app:info');
      expect(exposed).toMatchObject({ require: 'undefined', process: 'undefined' });
    } finally {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
