/**
 * The P-256 curve from `@noble/curves`, behind a module of its own. The core
 * loads it with `import('./p256.js')`, and a dynamic import keeps every
 * export of its target, so importing `nist.js` directly that way would also
 * bundle P-384 and P-521.
 */

export {p256} from '@noble/curves/nist.js';
