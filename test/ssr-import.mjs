// Imports every built entry in Node, where there is no window, document or
// indexedDB, as server-side rendering does; then checks that the core
// rejects with STORAGE_UNAVAILABLE instead of throwing or hanging.
import assert from 'node:assert/strict';

const entries = ['../dist/core/index.js', '../dist/index.js'];

for (const entry of entries) {
  await import(new URL(entry, import.meta.url).href);
}

const core = await import('../dist/core/index.js');
const error = await core.getAllSessions().then(
  () => assert.fail('getAllSessions() fulfilled without IndexedDB'),
  (rejection) => rejection,
);
assert.equal(error.code, 'STORAGE_UNAVAILABLE');

console.log(`ssr-import: ${entries.length} entries imported in Node`);
