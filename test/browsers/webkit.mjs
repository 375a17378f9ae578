/**
 * WebKit for wtr: WebKitGTK's MiniBrowser, driven over classic WebDriver by
 * WebKitWebDriver (Debian package webkit2gtk-driver). MiniBrowser has no
 * headless mode, so it draws into an Xvfb display that this module starts,
 * together with the driver, when wtr initializes the launcher. Both stop
 * when wtr stops the launcher or this process exits. If this process is
 * killed outright, the kernel sends both SIGTERM (`setpriv --pdeathsig`).
 */

import {spawn} from 'node:child_process';
import {
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
} from 'node:fs';
import {createServer} from 'node:net';
import {tmpdir} from 'node:os';
import {join} from 'node:path';

import {WebdriverLauncher} from '@web/test-runner-webdriver';

const MULTIARCH = {arm64: 'aarch64-linux-gnu', x64: 'x86_64-linux-gnu'};
const LIB_DIR = `/usr/lib/${MULTIARCH[process.arch] ?? 'x86_64-linux-gnu'}`;

/**
 * Where Debian installs MiniBrowser: webkit2gtk-driver brings the
 * webkit2gtk-4.1 build, and the webkitgtk-6.0 one also works if present.
 */
export const MINIBROWSER_PATHS = [
  `${LIB_DIR}/webkit2gtk-4.1/MiniBrowser`,
  `${LIB_DIR}/webkitgtk-6.0/MiniBrowser`,
];

/** Each run's MiniBrowser data lives in `<tmpdir>/<prefix><pid>-XXXXXX`. */
const DATA_DIR_PREFIX = 'wtr-webkit-';

/** Display numbers start here, as with `xvfb-run -a`. */
const FIRST_DISPLAY = 99;
const DISPLAY_ATTEMPTS = 100;
const DRIVER_ATTEMPTS = 3;
const START_TIMEOUT_MS = 30_000;
const POLL_INTERVAL_MS = 100;

/** Keeps this many lines of a service's output for error messages. */
const OUTPUT_LINES = 20;

/** Returns a wtr launcher that runs the tests in MiniBrowser at `binary`. */
export function webkitLauncher(binary) {
  return new WebKitLauncher(binary);
}

class WebKitLauncher extends WebdriverLauncher {
  constructor(binary) {
    super({
      hostname: '127.0.0.1',
      // Replaced by the driver's real port in initialize().
      port: 0,
      logLevel: 'error',
      capabilities: {
        browserName: 'MiniBrowser',
        // WebKitWebDriver supports classic WebDriver only, and WebdriverIO 9
        // requests a BiDi session unless this is set.
        'wdio:enforceWebDriverClassic': true,
        'webkitgtk:browserOptions': {binary, args: ['--automation']},
      },
    });
    this.name = 'WebKit';
  }

  async initialize(config, testFiles) {
    await super.initialize(config, testFiles);
    // The parent class names the browser after `browserName`.
    this.name = 'WebKit';
    this.services = await startServices();
    this.options.port = this.services.port;
  }

  async stop() {
    try {
      await super.stop();
    } finally {
      this.services?.stop();
    }
  }
}

/**
 * Starts Xvfb and WebKitWebDriver in a fresh data directory and returns the
 * driver's port and a `stop()` that ends both and removes the directory.
 */
async function startServices() {
  removeStaleDataDirs();
  const dataDir = mkdtempSync(
    join(tmpdir(), `${DATA_DIR_PREFIX}${process.pid}-`),
  );
  const services = [];
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    for (const service of services.reverse()) service.kill();
    rmSync(dataDir, {recursive: true, force: true});
  };
  stopOnExit(stop);

  try {
    const xvfb = await startXvfb();
    services.push(xvfb);
    const driver = await startDriver(xvfb.display, dataDir);
    services.push(driver);
    return {port: driver.port, stop};
  } catch (error) {
    stop();
    throw error;
  }
}

/**
 * Removes the data directories of earlier runs whose process has died
 * without cleaning up, as it does when killed with SIGKILL.
 */
function removeStaleDataDirs() {
  const pattern = new RegExp(`^${DATA_DIR_PREFIX}(\\d+)-`);
  for (const name of readdirSync(tmpdir())) {
    const pid = Number(pattern.exec(name)?.[1]);
    if (pid && !isAlive(pid)) {
      rmSync(join(tmpdir(), name), {recursive: true, force: true});
    }
  }
}

async function startXvfb() {
  const failures = [];
  let display = FIRST_DISPLAY;
  for (let i = 0; i < DISPLAY_ATTEMPTS; i++, display++) {
    if (isDisplayTaken(display)) continue;

    // Without -displayfd Xvfb writes /tmp/.X<n>-lock, which keeps other
    // servers and `xvfb-run -a` off this display while the tests run.
    const xvfb = startService('Xvfb', [
      `:${display}`,
      '-nolisten',
      'tcp',
      '-screen',
      '0',
      '1280x1024x24',
    ]);
    const socket = `/tmp/.X11-unix/X${display}`;
    try {
      await waitFor(xvfb, () => existsSync(socket));
      xvfb.markStarted();
      return Object.assign(xvfb, {display: `:${display}`});
    } catch (error) {
      // Another server may have taken the display since the check above.
      xvfb.kill();
      failures.push(error.message);
      if (failures.length >= 3) break;
    }
  }
  throw new Error(
    `could not start Xvfb on a free display from :${FIRST_DISPLAY}: ` +
      failures.join('; '),
  );
}

/**
 * Returns true when display `n` has a live server or a lock held by a live
 * process. A lock whose process has died is stale: Xvfb replaces it.
 */
function isDisplayTaken(n) {
  if (existsSync(`/tmp/.X11-unix/X${n}`)) return true;
  let pid;
  try {
    pid = Number(readFileSync(`/tmp/.X${n}-lock`, 'latin1').trim());
  } catch {
    return false;
  }
  return Number.isInteger(pid) && pid > 0 && isAlive(pid);
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return error.code === 'EPERM';
  }
}

async function startDriver(display, dataDir) {
  const env = {
    ...process.env,
    DISPLAY: display,
    // Cache, settings and site data stay in the run's own directory.
    HOME: dataDir,
    XDG_CACHE_HOME: join(dataDir, 'cache'),
    XDG_CONFIG_HOME: join(dataDir, 'config'),
    XDG_DATA_HOME: join(dataDir, 'data'),
    // Keeps GTK's accessibility bridge from looking for a D-Bus session
    // bus, which a CI machine does not have.
    NO_AT_BRIDGE: '1',
  };
  delete env.WAYLAND_DISPLAY;

  const failures = [];
  for (let i = 0; i < DRIVER_ATTEMPTS; i++) {
    const port = await findFreePort();
    const driver = startService(
      'WebKitWebDriver',
      [`--port=${port}`, '--host=127.0.0.1'],
      env,
    );
    try {
      await waitFor(driver, () => isDriverReady(port));
      driver.markStarted();
      return Object.assign(driver, {port});
    } catch (error) {
      // The port may have been taken between findFreePort() and the bind.
      driver.kill();
      failures.push(error.message);
    }
  }
  throw new Error(`could not start WebKitWebDriver: ${failures.join('; ')}`);
}

async function isDriverReady(port) {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/status`);
    return response.ok;
  } catch {
    return false;
  }
}

function findFreePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const {port} = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * Spawns `command` in a process group of its own, with a parent-death
 * signal so that it does not outlive this process, and keeps the end of its
 * output. `kill()` sends SIGTERM to the whole group, which also reaches the
 * browsers that WebKitWebDriver starts. Once `markStarted()` has been
 * called, an exit that `kill()` did not cause is logged with that output.
 */
function startService(command, args, env = process.env) {
  const child = spawn(
    'setpriv',
    ['--pdeathsig', 'TERM', '--', command, ...args],
    {detached: true, env, stdio: ['ignore', 'pipe', 'pipe']},
  );
  const output = [];
  const keep = (chunk) => {
    output.push(...chunk.toString().split('\n').filter(Boolean));
    output.splice(0, output.length - OUTPUT_LINES);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);

  let started = false;
  let stopping = false;
  const exited = new Promise((resolve) => {
    child.once('error', (error) => resolve(error.message));
    child.once('exit', (code, signal) =>
      resolve(`exited with ${signal ?? `code ${code}`}`),
    );
  });
  // A service that dies mid-run fails the WebKit tests in ways that only
  // its own output explains.
  exited.then((message) => {
    if (!started || stopping) return;
    const lastOutput = output.length > 0 ? output.join('\n') : '(none)';
    console.error(
      `${command} ${message} during the test run; its last output:\n` +
        lastOutput,
    );
  });

  return {
    command,
    exited,
    output,
    markStarted() {
      started = true;
    },
    kill() {
      stopping = true;
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // The group has already exited.
      }
    },
  };
}

/**
 * Resolves once `isReady()` returns true. Rejects with the service's last
 * output when it exits first or is not ready within START_TIMEOUT_MS.
 */
async function waitFor(service, isReady) {
  let exitMessage;
  service.exited.then((message) => (exitMessage = message));
  const deadline = Date.now() + START_TIMEOUT_MS;

  while (Date.now() < deadline) {
    if (exitMessage !== undefined) break;
    if (await isReady()) return;
    await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
  }
  const reason =
    exitMessage ?? `was not ready after ${START_TIMEOUT_MS / 1000} s`;
  const output = service.output.slice(-5).join(' | ');
  throw new Error(
    `${service.command} ${reason}${output ? ` (output: ${output})` : ''}`,
  );
}

const exitHooks = new Set();
let exitHandlersInstalled = false;

/**
 * Runs `stop` when this process exits, including on SIGTERM and SIGHUP,
 * which would otherwise end Node without an 'exit' event. wtr handles
 * SIGINT itself and then exits.
 */
function stopOnExit(stop) {
  exitHooks.add(stop);
  if (exitHandlersInstalled) return;
  exitHandlersInstalled = true;

  process.once('exit', runExitHooks);
  for (const [signal, number] of [
    ['SIGTERM', 15],
    ['SIGHUP', 1],
  ]) {
    process.once(signal, () => {
      console.error(`Received ${signal}, stopping Xvfb and WebKitWebDriver`);
      runExitHooks();
      process.exit(128 + number);
    });
  }
}

function runExitHooks() {
  for (const hook of exitHooks) hook();
  exitHooks.clear();
}
