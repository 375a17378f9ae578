// Bundles the compiled package (written to `dist/` by `tsc` first) into
// minified ES modules that a page can load from a CDN with no build step.
// One contains the element with Lit, idb-keyval and @noble/curves. The
// other contains the session core with idb-keyval and @noble/curves, for
// pages that also store sessions.
import {nodeResolve} from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';

/** Returns the settings that bundle `input` into the one file `file`. */
function selfContainedBundle(input, file) {
  return {
    input,
    output: {
      file,
      format: 'es',
      // The core loads @noble/curves with a dynamic import. Inlining it keeps
      // the bundle one file, at the cost of always loading the curve code.
      inlineDynamicImports: true,
    },
    onwarn(warning, warn) {
      // tsc's decorator helper starts with `this && this.__decorate`, which
      // is meant to be undefined at the top of an ES module.
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
}

export default [
  selfContainedBundle(
    'dist/index.js',
    'dist/turnkey-session-manager.bundled.js',
  ),
  selfContainedBundle('dist/core/index.js', 'dist/core.bundled.js'),
];
