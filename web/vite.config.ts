import { defineConfig } from 'vite';
import preact from '@preact/preset-vite';
import { fileURLToPath } from 'node:url';

// The console is served by the hub at /console/; `npm run build:web` writes web/dist.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/console/',
  plugins: [preact({ devtoolsInProd: false, prefreshEnabled: false })],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    reportCompressedSize: false,
  },
  server: {
    // `npx vite web` during development: the API and sockets of a local hub.
    proxy: {
      '/api': 'http://127.0.0.1:3200',
      '/socket.io': { target: 'http://127.0.0.1:3200', ws: true },
    },
  },
});
