// Bundles the compiled package (`dist/index.js`, written by `tsc` first)
// with Lit, idb-keyval and @noble/curves into one minified ES module that a
// page can load from a CDN with no build step.
import {nodeResolve} from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';

export default {
  input: 'dist/index.js',
  output: {
    file: 'dist/turnkey-session-manager.bundled.js',
    format: 'es',
    // The core loads @noble/curves with a dynamic import. Inlining it keeps
    // the bundle one file, at the cost of always loading the curve code.
    inlineDynamicImports: true,
  },
  onwarn(warning, warn) {
    // tsc's decorator helper starts with `this && this.__decorate`, which is
    // meant to be undefined at the top of an ES module.
    if (warning.code === 'THIS_IS_UNDEFINED') return;
    warn(warning);
  },
  plugins: [
    nodeResolve({browser: true}),
    terser({
      ecma: 2020,
      module: true,
      format: {comments: false},
    }),
  ],
};
