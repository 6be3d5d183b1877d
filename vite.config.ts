import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    // No inline scripts or styles, so the strict CSP (script-src/style-src 'self') holds.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    // Loaded from disk or loopback, never over a network: one bundle is simpler than splitting.
    chunkSizeWarningLimit: 2500,
  },
});
