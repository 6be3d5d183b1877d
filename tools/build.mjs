#!/usr/bin/env node
// Builds what the app runs: the renderer (Vite) into dist/renderer, and the Electron shell
// (main + preload, bundled by esbuild) into dist/electron. The browser host runs from source via tsx.
import { build as viteBuild } from 'vite';
import { build as esbuild } from 'esbuild';
import { existsSync } from 'node:fs';

const quiet = process.argv.includes('--quiet');

await viteBuild({ configFile: 'vite.config.ts', logLevel: quiet ? 'warn' : 'info' });

const shellEntries = ['electron/shell/main.ts', 'electron/shell/preload.ts'].filter((f) => existsSync(f));
if (shellEntries.length) {
  await esbuild({
    entryPoints: shellEntries,
    outdir: 'dist/electron',
    outExtension: { '.js': '.cjs' },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    external: ['electron', 'node-notifier'],
    sourcemap: true,
    logLevel: quiet ? 'warning' : 'info',
  });
}
