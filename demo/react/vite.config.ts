/** Builds the React 19 example into `dist/` beside this file. */

import {fileURLToPath} from 'node:url';

import react from '@vitejs/plugin-react';
import {defineConfig} from 'vite';

// The package's own build, in place of an installed copy.
const packageDist = fileURLToPath(new URL('../../dist/', import.meta.url));

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  logLevel: 'warn',
  plugins: [react()],
  resolve: {
    alias: [
      {
        find: /^turnkey-session-manager$/,
        replacement: `${packageDist}index.js`,
      },
      {
        find: /^turnkey-session-manager\/core$/,
        replacement: `${packageDist}core/index.js`,
      },
    ],
  },
  build: {outDir: 'dist', emptyOutDir: true},
});
