/**
 * Builds the React 18 example into `dist/` beside this file. React and
 * React DOM come from this folder's own node_modules (version 18), also
 * for the package's wrapper, which sits outside it and would otherwise
 * load the repository's React 19.
 */

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
    dedupe: ['react', 'react-dom'],
    alias: [
      {
        find: /^turnkey-session-manager\/react$/,
        replacement: `${packageDist}react.js`,
      },
      {
        find: /^turnkey-session-manager\/core$/,
        replacement: `${packageDist}core/index.js`,
      },
    ],
  },
  build: {outDir: 'dist', emptyOutDir: true},
});
