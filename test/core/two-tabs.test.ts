import {expect} from '@esm-bundle/chai';

import {openFrame, openTab, runTwoTabs} from '../fixtures/two-tab-run.js';
import {deleteTestDatabases, freshStore} from '../helpers.js';
import {assertInvariants, shownSessionKeys} from '../invariants.js';

import type {Frame, Tab} from '../fixtures/two-tab-run.js';

let frame: Frame | undefined;
const tabs: Tab[] = [];

afterEach(async () => {
  for (const tab of tabs.splice(0)) tab.close();
  frame?.iframe.remove();
  frame = undefined;
  await deleteTestDatabases();
});

/** Opens this page and a frame as two tabs of a fresh database. */
async function openTwoTabs(): Promise<[Tab, Tab]> {
  const {dbName} = freshStore();
  frame = await openFrame();
  const first = await openTab(dbName);
  tabs.push(first);
  const second = await frame.tab.openTab(dbName);
  tabs.push(second);
  return [first, second];
}

describe('two tabs', () => {
  it('run in separate realms', async () => {
    const [first, second] = await openTwoTabs();

    expect(second.store).not.to.equal(first.store);
    expect(frame!.window).not.to.equal(window);
  });

  it('both show a session that one signs in', async () => {
    const [first, second] = await openTwoTabs();

    await second.signIn('from-frame');
    await first.waitForRemoteChanges(second.localChanges);

    await assertInvariants(first.store.dbName, first.element, second.element);
    expect(shownSessionKeys(first.element)).to.deep.equal(['from-frame']);
  });

  it('both show the list empty after one clears all', async () => {
    const [first, second] = await openTwoTabs();
    await first.signIn('a');
    await second.signIn('b');
    await first.waitForRemoteChanges(second.localChanges);
    await second.waitForRemoteChanges(first.localChanges);

    await first.store.clearAllSessions();
    await second.waitForRemoteChanges(first.localChanges);

    await assertInvariants(first.store.dbName, first.element, second.element);
    expect(shownSessionKeys(second.element)).to.deep.equal([]);
  });

  it('keep every invariant over 500 interleaved steps', async function () {
    this.timeout(180_000);
    const pair = await openTwoTabs();

    const report = await runTwoTabs({
      dbName: pair[0].store.dbName,
      tabs: pair,
      seed: 424_242,
      steps: 500,
    });

    expect(report.violations, 'violations').to.deep.equal([]);
    expect(report.steps, 'steps').to.equal(500);
    expect(report.operations, 'operations').to.be.above(500);
  });
});
