// Serves the demo for `npm start`: TypeScript is compiled on request by
// esbuild, bare imports are resolved from node_modules, and no browser is
// opened. The port is 8000, or the next free one when 8000 is taken.
import {esbuildPlugin} from '@web/dev-server-esbuild';

const DEMO_PATH = '/demo/';

/** Sends `/` to the demo page, which lives under `demo/`. */
function redirectRootToDemo(context, next) {
  if (context.path === '/') {
    context.redirect(DEMO_PATH);
    return undefined;
  }
  return next();
}

/**
 * Prints the demo page's URL after the server's own start message, whose
 * "Local" line shows only the root.
 */
const printDemoUrl = {
  name: 'print-demo-url',
  serverStart({config, logger}) {
    const url = new URL(DEMO_PATH, `http://${config.hostname}:${config.port}`);
    logger.log(`Demo page: ${url.href}`);
    logger.log('');
  },
};

export default {
  rootDir: '.',
  // @web/dev-server 1.0.0 binds every network interface when the hostname
  // is exactly "localhost" or "127.0.0.1", because DevServer.start() in
  // @web/dev-server-core then passes no host to listen(). "127.1" is the
  // short form of 127.0.0.1, which it passes on, so the server listens on
  // loopback only.
  // NOTE: the start message still prints a "Network" address, although
  // nothing outside this machine can connect to it.
  hostname: '127.1',
  open: false,
  watch: false,
  nodeResolve: true,
  middleware: [redirectRootToDemo],
  plugins: [esbuildPlugin({ts: true, tsconfig: 'tsconfig.json'}), printDemoUrl],
};
