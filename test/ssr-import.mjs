// Imports every entry of the package in Node, where there is no window,
// document or indexedDB, as server-side rendering does. Then it checks that
// the core rejects with STORAGE_UNAVAILABLE instead of throwing or hanging.
// Entries are imported by the package's name, so Node resolves them through
// the `exports` of the package.json nearest to this file. That is the
// repository's after `npm run build`. It is an installed copy's when
// test/package copies this script into a project with the packed tarball.
import assert from 'node:assert/strict';
import {fileURLToPath} from 'node:url';

const ENTRIES = [
  'turnkey-session-manager',
  'turnkey-session-manager/element',
  'turnkey-session-manager/core',
  'turnkey-session-manager/react',
  'turnkey-session-manager/jsx',
  'turnkey-session-manager/vue',
];

// Browser globals that Node lacks. Each becomes a getter that records who
// read it, because Lit's own server build reads `document` to detect that
// it is absent, while this package's modules must not read them at all.
const BROWSER_GLOBALS = [
  'window',
  'document',
  'indexedDB',
  'localStorage',
  'sessionStorage',
  'navigator',
];

const reads = [];
for (const name of BROWSER_GLOBALS) {
  if (name in globalThis) continue;
  Object.defineProperty(globalThis, name, {
    configurable: true,
    get() {
      reads.push({name, stack: new Error().stack ?? ''});
      return undefined;
    },
  });
}

const exportCounts = [];
for (const entry of ENTRIES) {
  const module = await import(entry);
  exportCounts.push(`${entry}: ${Object.keys(module).length} exports`);
}

// The second line of each stack is the module that read the global.
const distUrl = new URL(
  './dist/',
  import.meta.resolve('turnkey-session-manager/package.json'),
).href;
const packageReads = reads
  .map(({name, stack}) => `${name}, read ${stack.split('\n')[2]?.trim()}`)
  .filter((read) => read.includes(distUrl));
assert.deepEqual(
  packageReads,
  [],
  'no module of the package reads a browser global at import',
);

const core = await import('turnkey-session-manager/core');
const error = await core.getAllSessions().then(
  () => assert.fail('getAllSessions() fulfilled without IndexedDB'),
  (rejection) => rejection,
);
assert.equal(error.code, 'STORAGE_UNAVAILABLE');

console.log(exportCounts.join('\n'));
console.log(`ssr-import: ${ENTRIES.length} entries imported in Node`);
