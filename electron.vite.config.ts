import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

// main -> out/main (ESM, all dependencies bundled: electron-store is ESM-only anyway),
// preload -> out/preload (CommonJS, fully bundled: sandboxed preloads cannot import),
// renderer -> out/renderer.
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      minify: true,
      // Everything is bundled, so the packaged app needs no node_modules at all.
      externalizeDeps: false,
      rollupOptions: { input: { index: resolve('main/index.ts') } },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      minify: true,
      externalizeDeps: false,
      rollupOptions: {
        input: { preload: resolve('main/preload.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'renderer',
    plugins: [react()],
    // A loopback literal, not `localhost`: main accepts the dev server only on 127.0.0.1 or [::1]
    // (main/renderer-dev-url.ts).
    server: { host: '127.0.0.1' },
    build: {
      outDir: 'out/renderer',
      minify: true,
      rollupOptions: { input: { index: resolve('renderer/index.html') } },
    },
  },
});
