/**
 * Accessibility tests of `<turnkey-session-manager>`: axe-core finds no
 * violation in any state, and the element works with the keyboard alone,
 * driven by real key presses through the test runner's `sendKeys`.
 */

import {expect} from '@esm-bundle/chai';
import {sendKeys} from '@web/test-runner-commands';
import 'axe-core/axe.min.js';

import {
  alertText,
  button,
  clearAllButton,
  createElement,
  expectNoElement,
  expiresIn,
  expectFocusOn,
  focusedElement,
  nextTask,
  part,
  removeElements,
  rowButton,
  rowKeys,
  signInAnyExpiry,
} from './element-helpers.js';
import {deleteTestDatabases, freshStore, readRaw, signIn} from './helpers.js';

import type * as Axe from 'axe-core';
import type {SessionStore} from '../src/core/index.js';
import type {TurnkeySessionManager} from '../src/index.js';

// axe.min.js is a script that sets `window.axe`, not a module with exports.
const axe = (window as unknown as {axe: typeof Axe}).axe;

/** Runs axe-core on `element`, its shadow root included. */
async function violationsOf(element: HTMLElement): Promise<string[]> {
  const results = await axe.run(element);
  return results.violations.map(
    (violation) =>
      `${violation.id} (${violation.impact}): ${violation.help} at ` +
      violation.nodes.map((node) => node.target.join(' ')).join(', '),
  );
}

describe('<turnkey-session-manager> accessibility', () => {
  let store: SessionStore;

  beforeEach(async () => {
    store = freshStore();
    await signInAnyExpiry(store, 'expired', {exp: expiresIn(-300)});
    await signIn(store, 'other', {exp: expiresIn(3600)});
    await signIn(store, 'current', {exp: expiresIn(900)});
  });

  afterEach(async () => {
    removeElements();
    await deleteTestDatabases();
  });

  describe('axe-core', () => {
    it('finds nothing in the list', async () => {
      const element = await createElement(store.dbName);
      expect(await violationsOf(element)).to.deep.equal([]);
    });

    it('finds nothing in the dark list', async () => {
      const element = await createElement(store.dbName, (created) => {
        created.style.colorScheme = 'dark';
        created.style.background = '#121212';
        created.style.color = '#f0f0f0';
      });
      expect(await violationsOf(element)).to.deep.equal([]);
    });

    it('finds nothing in an expired row', async () => {
      const element = await createElement(store.dbName);
      const expired = part(element, '[part~="expired-session"]');
      expect(expired, 'expired row').to.exist;
      expect(await violationsOf(element)).to.deep.equal([]);
    });

    it('finds nothing when empty', async () => {
      const element = await createElement(freshStore().dbName);
      expect(part(element, '[part~="empty"]'), 'empty state').to.exist;
      expect(await violationsOf(element)).to.deep.equal([]);
    });

    it('finds nothing while confirming', async () => {
      const element = await createElement(store.dbName, (created) => {
        created.confirm = true;
      });
      clearAllButton(element).click();
      await element.updateComplete;
      expect(part(element, '[part~="confirm"]'), 'panel').to.exist;
      expect(await violationsOf(element)).to.deep.equal([]);
    });

    it('finds nothing in an error', async () => {
      const element = await createElement('');
      expect(alertText(element), 'alert').to.contain('"dbName"');
      expect(await violationsOf(element)).to.deep.equal([]);
    });

    it('finds nothing while loading', async () => {
      const element = document.createElement('turnkey-session-manager');
      let finishRead = () => {};
      element.client = {
        getAllSessions: () =>
          new Promise((resolve) => {
            finishRead = () => resolve(undefined);
          }),
        getActiveSessionKey: async () => undefined,
        clearSession: async () => {},
        clearAllSessions: async () => {},
      };
      document.body.append(element);
      try {
        await nextTask();
        expect(part(element, '[part~="loading"]'), 'loading').to.exist;
        expect(await violationsOf(element)).to.deep.equal([]);
      } finally {
        finishRead();
        await element.updateComplete;
        element.remove();
      }
    });
  });

  describe('semantics', () => {
    let element: TurnkeySessionManager;

    beforeEach(async () => {
      element = await createElement(store.dbName);
    });

    it('labels the list with the heading', () => {
      const list = part(element, '[part~="list"]')!;
      const heading = part(element, '[part~="heading"]')!;
      expect(list.getAttribute('aria-labelledby')).to.equal(heading.id);
      expect(heading.getAttribute('role')).to.equal('heading');
    });

    it('has a polite live region from the start', () => {
      const status = part(element, '[role="status"]')!;
      expect(status.getAttribute('aria-live')).to.equal('polite');
    });

    it('names every row button after its session', () => {
      for (const sessionKey of rowKeys(element)) {
        const signOut = rowButton(element, sessionKey, 'sign-out-button')!;
        expect(signOut.getAttribute('aria-label')).to.equal(
          `Sign out of session ${sessionKey}`,
        );
      }
    });
  });

  describe('keyboard', () => {
    let element: TurnkeySessionManager;
    let before: HTMLButtonElement;

    beforeEach(async () => {
      before = document.createElement('button');
      before.textContent = 'before';
      document.body.append(before);
      element = await createElement(store.dbName, (created) => {
        created.confirm = true;
      });
      before.focus();
    });

    afterEach(() => {
      before.remove();
    });

    /** Presses Tab until `target` has the focus, at most 20 times. */
    async function tabTo(target: Element) {
      for (let presses = 0; presses < 20; presses++) {
        if (focusedElement() === target) return;
        await sendKeys({press: 'Tab'});
      }
      expectFocusOn(target, 'focus after 20 Tabs');
    }

    it('reaches the buttons in order', async () => {
      await sendKeys({press: 'Tab'});
      expectFocusOn(button(element, 'sign-out-others-button'), 'first Tab');
      await sendKeys({press: 'Tab'});
      expectFocusOn(clearAllButton(element), 'second Tab');
      await sendKeys({press: 'Tab'});
      expectFocusOn(
        rowButton(element, 'current', 'sign-out-button'),
        'third Tab',
      );
    });

    it('shows where the focus is', async () => {
      await sendKeys({press: 'Tab'});
      const focused = focusedElement()!;
      expect(getComputedStyle(focused).outlineStyle).to.equal('solid');
    });

    it('cancels Clear all with Escape', async () => {
      await tabTo(clearAllButton(element));
      await sendKeys({press: 'Enter'});
      await element.updateComplete;
      expectFocusOn(button(element, 'cancel-button'), 'focus in the panel');

      await sendKeys({press: 'Escape'});
      await element.updateComplete;
      expectNoElement(part(element, '[part~="confirm"]'), 'panel');
      expectFocusOn(clearAllButton(element), 'focus back');
      expect((await readRaw(store.dbName)).sessions.length).to.equal(3);
    });

    it('confirms Clear all', async () => {
      await tabTo(clearAllButton(element));
      await sendKeys({press: 'Enter'});
      await element.updateComplete;
      // The panel opens with the focus on Cancel, which comes first.
      await sendKeys({press: 'Tab'});
      expectFocusOn(button(element, 'confirm-button'), 'confirm button');

      await sendKeys({press: 'Enter'});
      await element.updateComplete;
      expect((await readRaw(store.dbName)).total, 'records').to.equal(0);
      expectFocusOn(part(element, '[part~="empty"]'), 'focus');
    });

    it('signs out of a row with Enter', async () => {
      await tabTo(rowButton(element, 'expired', 'sign-out-button')!);
      await sendKeys({press: 'Enter'});
      await element.updateComplete;
      expect(rowKeys(element)).to.deep.equal(['current', 'other']);
      expectFocusOn(rowButton(element, 'other', 'sign-out-button'), 'focus');
    });
  });
});
