/**
 * Builds the Vue example into `dist/` beside this file. With
 * `isCustomElement`, Vue's template compiler treats
 * `<turnkey-session-manager>` as a custom element, so it leaves the tag to
 * the browser instead of looking for a Vue component of that name.
 */

import {fileURLToPath} from 'node:url';

import vue from '@vitejs/plugin-vue';
import {defineConfig} from 'vite';

// The package's own build, in place of an installed copy.
const packageDist = fileURLToPath(new URL('../../dist/', import.meta.url));

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  logLevel: 'warn',
  plugins: [
    vue({
      template: {
        compilerOptions: {
          isCustomElement: (tag) => tag === 'turnkey-session-manager',
        },
      },
    }),
  ],
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
