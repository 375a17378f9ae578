/**
 * The three browser engines that the test suite runs in, each found on this
 * machine, and the `BROWSERS` selection of a subset of them.
 */

import {existsSync} from 'node:fs';

import {playwrightLauncher} from '@web/test-runner-playwright';
import {puppeteerLauncher} from '@web/test-runner-puppeteer';

import {MINIBROWSER_PATHS, webkitLauncher} from './webkit.mjs';

/** Error for an engine that cannot run. Its message is one line. */
export class EngineSetupError extends Error {
  name = 'EngineSetupError';
}

const CHROMIUM_PATHS = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/lib/chromium/chromium',
  '/usr/bin/google-chrome-stable',
  '/usr/bin/google-chrome',
  '/opt/google/chrome/chrome',
];

const FIREFOX_PATHS = ['/usr/bin/firefox-esr', '/usr/bin/firefox'];

/**
 * Where each engine comes from. `variable` names an environment variable
 * that overrides the search, `paths` are tried in order, and `packages` is
 * what `apt-get install` needs when none of them exists.
 */
const ENGINES = {
  chromium: {
    variable: 'CHROME_PATH',
    paths: CHROMIUM_PATHS,
    packages: 'chromium',
    createLauncher: createChromiumLauncher,
  },
  firefox: {
    variable: 'FIREFOX_PATH',
    paths: FIREFOX_PATHS,
    packages: 'firefox-esr',
    createLauncher: createFirefoxLauncher,
  },
  webkit: {
    variable: 'MINIBROWSER_PATH',
    paths: MINIBROWSER_PATHS,
    packages: 'webkit2gtk-driver xvfb',
    tools: ['/usr/bin/WebKitWebDriver', '/usr/bin/Xvfb'],
    createLauncher: webkitLauncher,
  },
};

export const ENGINE_NAMES = Object.keys(ENGINES);

/**
 * Parses a comma-separated list of engine names such as
 * `"chromium,firefox"`. An empty or missing list selects every engine.
 * Throws {@link EngineSetupError} on an unknown name.
 */
export function parseEngineList(list) {
  const names = (list ?? '')
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter((name) => name !== '');
  if (names.length === 0) return [...ENGINE_NAMES];

  const unknown = names.filter((name) => !ENGINE_NAMES.includes(name));
  if (unknown.length > 0) {
    throw new EngineSetupError(
      `BROWSERS contains unknown engine ${unknown.map(quote).join(', ')}; ` +
        `expected a comma-separated list of ${ENGINE_NAMES.join(', ')}`,
    );
  }
  return [...new Set(names)];
}

/**
 * Returns a wtr browser launcher for each engine in `names`. Throws
 * {@link EngineSetupError} naming the Debian package of the first engine
 * that is not installed.
 */
export function createLaunchers(names, env = process.env) {
  const found = names.map((name) => [name, findEngine(name, env)]);
  return found.map(([name, executablePath]) =>
    ENGINES[name].createLauncher(executablePath),
  );
}

function findEngine(name, env) {
  const engine = ENGINES[name];
  const missingTool = (engine.tools ?? []).find((path) => !existsSync(path));
  if (missingTool) throw notInstalled(name, missingTool);

  const override = env[engine.variable];
  if (override) {
    if (!existsSync(override)) {
      throw new EngineSetupError(
        `${engine.variable} is set to ${override}, which does not exist`,
      );
    }
    return override;
  }
  const executablePath = engine.paths.find((path) => existsSync(path));
  if (!executablePath) throw notInstalled(name, engine.paths[0]);
  return executablePath;
}

function notInstalled(name, path) {
  return new EngineSetupError(
    `${name} is not installed (no ${path}); ` +
      `install it with: apt-get install -y ${ENGINES[name].packages}`,
  );
}

function createChromiumLauncher(executablePath) {
  return playwrightLauncher({
    product: 'chromium',
    launchOptions: {
      executablePath,
      headless: true,
      args: [
        // Chromium does not start as root with its sandbox on, and CI runs
        // as root.
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  });
}

// Puppeteer drives Firefox over WebDriver BiDi, which it selects by itself
// for `browser: 'firefox'`.
function createFirefoxLauncher(executablePath) {
  return puppeteerLauncher({
    launchOptions: {browser: 'firefox', executablePath, headless: true},
  });
}

function quote(name) {
  return `"${name}"`;
}
