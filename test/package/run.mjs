#!/usr/bin/env node
// Packs the package as `npm publish` would and installs the tarball into an
// empty project, as a user would. Then it checks what the tarball contains,
// imports every entry in Node (test/ssr-import.mjs, run inside that
// project) and type-checks code that imports every entry under the
// `bundler`, `node16` and `node10` module resolutions.
//
// The build runs in a copy of the sources under the system's temporary
// directory, so it starts from an empty dist/ and leaves the repository's
// dist/ alone. The project installs with --prefer-offline: packages come
// from npm's cache, and only what the cache lacks is fetched.
//
// Usage: node test/package/run.mjs [--keep]
// --keep leaves the temporary directory in place and prints its path.
// Exits 1 when a step or check fails.

import {execFile} from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {promisify} from 'node:util';

import {createCheckList} from '../node-checks.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TSC_BIN = join(ROOT, 'node_modules/typescript/bin/tsc');
const COMMAND_TIMEOUT_MS = 300_000;

// What the build needs from the repository, besides node_modules.
const BUILD_INPUTS = [
  'package.json',
  'README.md',
  'custom-elements.json',
  'tsconfig.json',
  'rollup.config.mjs',
  'src',
];
const OPTIONAL_INPUTS = ['LICENSE', 'LICENSE.md', 'LICENSE.txt'];

// Files outside dist/ that the tarball may contain. npm adds package.json and
// any README and LICENSE by itself.
const ALLOWED_TOP_LEVEL = new Set([
  'package.json',
  'README.md',
  'custom-elements.json',
  ...OPTIONAL_INPUTS,
]);

// The packages that the installed copy is used with, at the versions that
// the repository develops against.
const PEERS_FOR_TYPES = ['react', '@types/react', 'vue'];

// Code that imports every entry, type-checked in the installed project.
const USAGE_FILE = `
import {DEFAULT_STRINGS} from 'turnkey-session-manager';
import * as unregistered from 'turnkey-session-manager/element';
import {clearAllSessions, getSessionStore} from 'turnkey-session-manager/core';
import * as react from 'turnkey-session-manager/react';
import type {TurnkeySessionManagerJsxProps} from 'turnkey-session-manager/jsx';
import type {TurnkeySessionManagerVueProps} from 'turnkey-session-manager/vue';
import type {SessionsClearedEvent} from 'turnkey-session-manager';

const element: unregistered.TurnkeySessionManager | null =
  document.querySelector('turnkey-session-manager');
element?.addEventListener('sessions-cleared', (event) => {
  const keys: string[] = event.detail.sessionKeys;
  void keys;
});
const subclass = class extends unregistered.TurnkeySessionManager {};
const cleared: Promise<string[]> = clearAllSessions();
const store = getSessionStore('app');
const jsxProps: TurnkeySessionManagerJsxProps = {'db-name': 'app'};
const vueProps: TurnkeySessionManagerVueProps = {
  onSessionsCleared: (event: SessionsClearedEvent) => event.detail,
};
void [DEFAULT_STRINGS, subclass, cleared, store, jsxProps, vueProps];
void react.TurnkeySessionManager;
`;

// Under node10, subpaths resolve through `typesVersions`. @lit/react 1.0.8
// default-imports React's types, which node10 allows only with
// esModuleInterop, the setting that `tsc --init` writes.
const RESOLUTIONS = [
  {moduleResolution: 'bundler', module: 'esnext'},
  {moduleResolution: 'node16', module: 'node16'},
  {moduleResolution: 'node10', module: 'esnext', esModuleInterop: true},
];

const {check, finish} = createCheckList();

/** Runs a command and returns its output; the error carries the output. */
async function run(file, args, cwd) {
  try {
    const {stdout} = await promisify(execFile)(file, args, {
      cwd,
      timeout: COMMAND_TIMEOUT_MS,
      maxBuffer: 16 * 1024 * 1024,
    });
    return stdout;
  } catch (error) {
    throw new Error(
      `"${[file, ...args].join(' ')}" failed in ${cwd}: ${error.message}\n` +
        `${error.stdout ?? ''}${error.stderr ?? ''}`,
    );
  }
}

async function timed(label, action) {
  const started = performance.now();
  const result = await action();
  const seconds = (performance.now() - started) / 1000;
  console.log(`${label} in ${seconds.toFixed(1)} s`);
  return result;
}

/** Copies the build inputs and builds them, so dist/ starts empty. */
async function buildCopy(sourceDirectory) {
  mkdirSync(sourceDirectory);
  for (const input of [...BUILD_INPUTS, ...OPTIONAL_INPUTS]) {
    if (!existsSync(join(ROOT, input))) continue;
    cpSync(join(ROOT, input), join(sourceDirectory, input), {
      recursive: true,
    });
  }
  symlinkSync(
    join(ROOT, 'node_modules'),
    join(sourceDirectory, 'node_modules'),
  );
  await run('npm', ['run', 'build'], sourceDirectory);
}

/** Packs the built copy and returns npm's report of the tarball. */
async function pack(sourceDirectory, destination) {
  const output = await run(
    'npm',
    ['pack', '--json', '--pack-destination', destination],
    sourceDirectory,
  );
  return JSON.parse(output)[0];
}

function checkTarballContents(report, packageJson) {
  const paths = report.files.map((file) => file.path);
  const stray = paths.filter(
    (path) => !path.startsWith('dist/') && !ALLOWED_TOP_LEVEL.has(path),
  );
  check(
    'tarball contains only dist/ and package files',
    stray.length === 0,
    stray.join(', ') || `${paths.length} files`,
  );
  // The maps point at src/, which the tarball leaves out.
  // NOTE: the compiled .js files still end with a sourceMappingURL comment
  // that names the left-out map, so browser devtools report it missing.
  const maps = paths.filter((path) => path.endsWith('.map'));
  check(
    'tarball contains no source maps',
    maps.length === 0,
    maps.join(', ') || '0 maps',
  );

  const targets = Object.values(packageJson.exports).flatMap((target) =>
    typeof target === 'string' ? [target] : Object.values(target),
  );
  const missingTargets = targets
    .map((target) => target.replace(/^\.\//, ''))
    .filter((target) => !paths.includes(target));
  check(
    'tarball contains every exports target',
    missingTargets.length === 0,
    missingTargets.join(', ') || `${targets.length} targets`,
  );
  for (const file of [
    'dist/turnkey-session-manager.bundled.js',
    'dist/core.bundled.js',
    'custom-elements.json',
  ]) {
    check(`tarball contains ${file}`, paths.includes(file));
  }
}

/** Creates an empty project and installs the tarball and peers into it. */
async function installTarball(appDirectory, tarballPath) {
  mkdirSync(appDirectory);
  writeFileSync(
    join(appDirectory, 'package.json'),
    JSON.stringify({name: 'package-check', private: true, type: 'module'}),
  );
  const rootPackage = JSON.parse(
    readFileSync(join(ROOT, 'package.json'), 'utf8'),
  );
  const peers = PEERS_FOR_TYPES.map(
    (name) => `${name}@${rootPackage.devDependencies[name]}`,
  );
  await run(
    'npm',
    [
      'install',
      '--prefer-offline',
      '--no-audit',
      '--no-fund',
      tarballPath,
      ...peers,
    ],
    appDirectory,
  );
  const tree = JSON.parse(
    await run('npm', ['ls', '--all', '--json'], appDirectory),
  );
  const installed = tree.dependencies['turnkey-session-manager'];
  check(
    'tarball installs with its dependencies',
    installed?.version === rootPackage.version,
    `version ${installed?.version}, dependencies ` +
      Object.keys(installed?.dependencies ?? {}).join(', '),
  );
}

async function typeCheckEntries(appDirectory) {
  writeFileSync(join(appDirectory, 'usage.ts'), USAGE_FILE);
  for (const {moduleResolution, ...options} of RESOLUTIONS) {
    const tsconfigPath = join(
      appDirectory,
      `tsconfig.${moduleResolution}.json`,
    );
    writeFileSync(
      tsconfigPath,
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          moduleResolution,
          ...options,
          lib: ['ES2022', 'DOM', 'DOM.Iterable'],
          strict: true,
          noEmit: true,
          skipLibCheck: false,
          types: [],
        },
        files: ['usage.ts'],
      }),
    );
    let output = '';
    try {
      await run(process.execPath, [TSC_BIN, '-p', tsconfigPath], appDirectory);
    } catch (error) {
      output = error.message;
    }
    check(
      `entries type-check with moduleResolution ${moduleResolution}`,
      output === '',
      output.split('\n').slice(1, 6).join(' | '),
    );
  }
}

async function main() {
  const keep = process.argv.includes('--keep');
  const workDirectory = mkdtempSync(join(tmpdir(), 'tsm-package-'));
  try {
    const sourceDirectory = join(workDirectory, 'source');
    const appDirectory = join(workDirectory, 'app');
    await timed('built a copy of the sources', () =>
      buildCopy(sourceDirectory),
    );
    const report = await timed('packed', () =>
      pack(sourceDirectory, workDirectory),
    );
    console.log(
      `tarball: ${report.filename}, ${report.size} bytes packed, ` +
        `${report.unpackedSize} bytes unpacked, ${report.entryCount} files`,
    );
    const packageJson = JSON.parse(
      readFileSync(join(sourceDirectory, 'package.json'), 'utf8'),
    );
    checkTarballContents(report, packageJson);

    await timed('installed', () =>
      installTarball(appDirectory, join(workDirectory, report.filename)),
    );
    cpSync(
      join(ROOT, 'test/ssr-import.mjs'),
      join(appDirectory, 'ssr-import.mjs'),
    );
    let ssrOutput = '';
    try {
      ssrOutput = await run(process.execPath, ['ssr-import.mjs'], appDirectory);
    } catch (error) {
      ssrOutput = error.message;
    }
    check(
      'every entry imports in Node from the installed copy',
      /6 entries imported/.test(ssrOutput),
      ssrOutput.trim().split('\n').at(-1),
    );
    await timed('type-checked', () => typeCheckEntries(appDirectory));
  } finally {
    if (keep) console.log(`kept ${workDirectory}`);
    else rmSync(workDirectory, {recursive: true, force: true});
  }

  finish();
}

main().catch((error) => {
  console.error(`package check failed: ${error.stack ?? error}`);
  process.exitCode = 1;
});
