// Settings for `cem analyze` (npm run analyze), which writes
// custom-elements.json from the element's class JSDoc.
export default {
  globs: ['src/**/*.ts'],
  // The core defines no elements, so leaving it out keeps the manifest to
  // the element's public surface.
  exclude: ['src/core/**'],
  outdir: '.',
  litelement: true,
  // package.json already names the manifest, and test/manifest-fresh.mjs
  // writes to a temporary directory that package.json must not point to.
  packagejson: false,
};
