/**
 * Fails when a bundle grows past its gzipped size budget, or when the code
 * loaded to list and clear sessions starts to include the elliptic-curve
 * code. Bundles are made as in `npm run bench` (see bench/sizes.mjs). Run
 * `npm run build` first, because the self-contained file is its output;
 * then `node test/size-budget.mjs`.
 */

import {existsSync} from 'node:fs';
import {join} from 'node:path';

import {
  BUDGETS,
  ROOT,
  SELF_CONTAINED_FILE,
  measureEntry,
  measureFile,
} from '../bench/sizes.mjs';

const [element, core] = await Promise.all([
  measureEntry('src/index.ts'),
  measureEntry('src/core/index.ts'),
]);

const failures = [];

checkBudget(
  SELF_CONTAINED_FILE,
  existsSync(join(ROOT, SELF_CONTAINED_FILE))
    ? measureFile(SELF_CONTAINED_FILE).gzipBytes
    : undefined,
  BUDGETS.selfContainedGzip,
);
checkBudget(
  'src/index.ts, chunks loaded at once (element + core, listing and clearing)',
  element.initial.gzipBytes,
  BUDGETS.listingAndClearingGzip,
);
checkBudget(
  'src/core/index.ts, chunks loaded at once (core without the curve chunk)',
  core.initial.gzipBytes,
  BUDGETS.coreGzip,
);
checkNoCurveCode('src/index.ts', element);
checkNoCurveCode('src/core/index.ts', core);

if (failures.length > 0) {
  for (const failure of failures) console.error(`size-budget: ${failure}`);
  process.exit(1);
}

function checkBudget(name, gzipBytes, budget) {
  if (gzipBytes === undefined) {
    failures.push(`${name} not found; run npm run build first`);
    return;
  }
  const line = `${name}: ${gzipBytes} B gzip, budget ${budget} B`;
  if (gzipBytes > budget) {
    failures.push(`${line}, over by ${gzipBytes - budget} B`);
  } else {
    console.log(`size-budget: ${line}`);
  }
}

function checkNoCurveCode(name, size) {
  if (size.initialHasCurveCode) {
    failures.push(
      `${name}: @noble/curves is in a chunk loaded at once; ` +
        'import it with import() where a key pair is made or checked',
    );
  } else {
    console.log(`size-budget: ${name}: no curve code in chunks loaded at once`);
  }
}
