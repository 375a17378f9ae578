/**
 * Fails when the committed custom-elements.json differs from what
 * `npm run analyze` would generate now, so that the manifest cannot drift
 * from the element's JSDoc. Run with `node test/manifest-fresh.mjs`.
 */

import {execFileSync} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {createRequire} from 'node:module';
import {tmpdir} from 'node:os';
import {dirname, join, relative} from 'node:path';
import {fileURLToPath} from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const MANIFEST = 'custom-elements.json';

let generated;
try {
  generated = generateManifest();
} catch (error) {
  exitWithError(`cem analyze failed: ${error.message}`);
}
const committed = readCommittedManifest();
if (committed === undefined) {
  exitWithError(`${MANIFEST} is missing; run npm run analyze`);
}
if (committed !== generated) {
  exitWithError(`${MANIFEST} is stale; run npm run analyze`);
}
console.log(`${MANIFEST} is up to date`);

/** Runs the analyzer with the project's config into a temporary directory. */
function generateManifest() {
  const analyzerPackageJson = createRequire(import.meta.url).resolve(
    '@custom-elements-manifest/analyzer/package.json',
  );
  const analyzer = join(dirname(analyzerPackageJson), 'cem.js');
  const outdir = mkdtempSync(join(tmpdir(), 'tsm-manifest-'));

  // Without the config's `packagejson: false` (when the config fails to
  // load, say) the analyzer points package.json at the temporary directory.
  const packageJsonPath = join(root, 'package.json');
  const packageJsonText = readFileSync(packageJsonPath, 'utf8');
  try {
    // The analyzer joins --outdir onto its working directory even when the
    // path is absolute, so it gets a relative one.
    execFileSync(
      process.execPath,
      [analyzer, 'analyze', '--quiet', '--outdir', relative(root, outdir)],
      {cwd: root, stdio: ['ignore', 'ignore', 'inherit']},
    );
    return readFileSync(join(outdir, MANIFEST), 'utf8');
  } finally {
    rmSync(outdir, {recursive: true, force: true});
    if (readFileSync(packageJsonPath, 'utf8') !== packageJsonText) {
      writeFileSync(packageJsonPath, packageJsonText);
    }
  }
}

function readCommittedManifest() {
  try {
    return readFileSync(join(root, MANIFEST), 'utf8');
  } catch (error) {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  }
}

function exitWithError(message) {
  console.error(message);
  process.exit(1);
}
