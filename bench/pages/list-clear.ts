/**
 * A page that only lists and clears sessions with the element, as a host
 * app's account page would. The runner records which chunks it requests,
 * to check that listing and clearing load no elliptic-curve code.
 */

import '../../src/index.js';
import {getSessionStore} from '../../src/core/index.js';

const listClear = {
  /**
   * Connects an element for `dbName`, waits until it lists `count`
   * sessions, then clears them with its "Clear all" button.
   */
  async listAndClear(dbName: string, count: number) {
    const element = document.createElement('turnkey-session-manager');
    element.dbName = dbName;
    document.body.append(element);
    await element.updateComplete;
    const root = element.shadowRoot!;
    const rows = root.querySelectorAll('[part~="session"]').length;
    if (rows !== count) {
      throw new Error(`element shows ${rows} sessions, expected ${count}`);
    }
    const cleared = new Promise((resolve) =>
      element.addEventListener('sessions-cleared', resolve, {once: true}),
    );
    root
      .querySelector<HTMLButtonElement>('[part~="clear-all-button"]')!
      .click();
    await cleared;
    element.remove();
  },

  /**
   * Creates a key pair, which needs the curve code: the runner's check that
   * it can see that code being loaded.
   */
  async createApiKeyPair(dbName: string) {
    return getSessionStore(dbName).createApiKeyPair();
  },
};

declare global {
  interface Window {
    listClear: typeof listClear;
  }
}

window.listClear = listClear;
