/**
 * A plugin for the test server that serves `@turnkey/core` as one ES
 * module, bundled by esbuild from node_modules on first request. The
 * test server cannot serve the package as it is: through ethers and
 * WalletConnect it imports Node built-ins such as `net`, and CommonJS
 * modules. With `platform: 'browser'` esbuild takes the browser builds of
 * those dependencies instead.
 */

import {build} from 'esbuild';

/** Path of the bundle, which test/element-turnkey-core.test.ts imports. */
export const TURNKEY_CORE_BUNDLE_PATH = '/__test-server__/turnkey-core.js';

export function turnkeyCoreBundle() {
  let bundle;
  return {
    name: 'turnkey-core-bundle',
    async serve(context) {
      if (context.path !== TURNKEY_CORE_BUNDLE_PATH) return undefined;
      bundle ??= bundleTurnkeyCore();
      return {body: await bundle, type: 'js'};
    },
  };
}

async function bundleTurnkeyCore() {
  const result = await build({
    stdin: {
      contents: "export {TurnkeyClient} from '@turnkey/core';",
      resolveDir: process.cwd(),
      loader: 'js',
    },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'warning',
  });
  return result.outputFiles[0].text;
}
