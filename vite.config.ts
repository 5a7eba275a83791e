import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { headScript } from './client/build-head-script.ts';
import { precompress } from './client/build-precompress.ts';

export default defineConfig({
  root: 'client',
  plugins: [react(), headScript(), precompress()],
  build: {
    outDir: '../dist/client',
    emptyOutDir: true,
    // No source maps in the build: they would publish the client source to anyone.
    sourcemap: false,
  },
  server: {
    // `npm run dev:client` proxies the API and websocket to a server started with `npm run dev`.
    proxy: {
      '/api': 'http://127.0.0.1:8787',
      '/collab': { target: 'ws://127.0.0.1:8787', ws: true },
    },
  },
});
