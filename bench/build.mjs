/**
 * Bundles the bench pages with esbuild into `bench/.build/pages`, which is
 * not committed. Code loaded with `import()` goes into chunks of its own, as
 * a user's bundler would split it, so the runner can see which chunks a
 * page requests.
 */

import {copyFile, mkdir, rm} from 'node:fs/promises';
import {join} from 'node:path';

import {build} from 'esbuild';

import {ROOT, sourceSideEffects} from './sizes.mjs';

const PAGES = join(ROOT, 'bench/pages');
export const PAGES_OUT = join(ROOT, 'bench/.build/pages');

/** Input paths of this package's own copy of `@noble/curves`. */
const OWN_CURVE_CODE = /^node_modules\/@noble\/curves\//;

/**
 * Builds the pages and returns the chunk files (paths relative to the
 * served folder) that contain this package's curve code.
 */
export async function buildPages() {
  await rm(PAGES_OUT, {recursive: true, force: true});
  await mkdir(PAGES_OUT, {recursive: true});
  const result = await build({
    entryPoints: [join(PAGES, 'bench.ts'), join(PAGES, 'list-clear.ts')],
    absWorkingDir: ROOT,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    minify: true,
    target: 'es2022',
    define: {'process.env.NODE_ENV': '"production"'},
    outdir: PAGES_OUT,
    metafile: true,
    logLevel: 'error',
    plugins: [sourceSideEffects],
    // Named explicitly: with the plugin's onResolve in place, esbuild
    // 0.28.2 no longer applied `experimentalDecorators` from the tsconfig it
    // found itself, and the element failed at load with standard decorators.
    tsconfig: join(ROOT, 'tsconfig.json'),
  });
  for (const page of ['bench.html', 'list-clear.html']) {
    await copyFile(join(PAGES, page), join(PAGES_OUT, page));
  }

  const prefix = 'bench/.build/pages/';
  const curveChunks = Object.entries(result.metafile.outputs)
    .filter(([, output]) =>
      Object.keys(output.inputs).some((input) => OWN_CURVE_CODE.test(input)),
    )
    .map(([path]) => path.slice(prefix.length));
  if (curveChunks.length === 0) {
    throw new Error(
      'no bench chunk contains node_modules/@noble/curves; ' +
        'the check that listing loads no curve code would pass vacuously',
    );
  }
  return {curveChunks};
}
