/**
 * Tests of the text of `<turnkey-session-manager>`: the default wording,
 * replacements through `strings`, the `empty` slot, the heading level, and
 * times formatted in the language of the element, an ancestor or the
 * document.
 */

import {expect} from '@esm-bundle/chai';

import {DEFAULT_STRINGS} from '../src/index.js';
import {
  button,
  clearAllButton,
  connect,
  createElement,
  expiresIn,
  fieldText,
  part,
  removeElements,
  rowButton,
  rowByKey,
} from './element-helpers.js';
import {deleteTestDatabases, freshStore, signIn} from './helpers.js';

import type {SessionStore} from '../src/core/index.js';
import type {TurnkeySessionManager} from '../src/index.js';

const MINUTE = 60;

/** Returns the text of the expiry of the only row. */
function expiryText(element: TurnkeySessionManager) {
  return fieldText(rowByKey(element, 'only')!, 'expiry');
}

/** Returns the text of the created field of the only row. */
function createdText(element: TurnkeySessionManager) {
  return fieldText(rowByKey(element, 'only')!, 'created');
}

describe('<turnkey-session-manager> text', () => {
  let store: SessionStore;
  let documentLang: string;

  beforeEach(async () => {
    documentLang = document.documentElement.lang;
    store = freshStore();
    await signIn(store, 'only', {exp: expiresIn(14 * MINUTE + 30)});
  });

  afterEach(async () => {
    removeElements();
    document.documentElement.lang = documentLang;
    await deleteTestDatabases();
  });

  describe('by default', () => {
    let element: TurnkeySessionManager;

    beforeEach(async () => {
      element = await createElement(store.dbName);
    });

    it('says what signing out does', () => {
      const text = part(element, '[part~="description"]')!.textContent!;
      expect(text).to.contain('from this browser only');
      expect(text).to.contain('Nothing is revoked on a server');
    });

    it('shows when the session was stored', async () => {
      const session = (await store.getSession({sessionKey: 'only'}))!;
      const time = rowByKey(element, 'only')!.querySelector<HTMLTimeElement>(
        '.created time',
      )!;
      expect(Date.parse(time.dateTime), 'datetime').to.equal(session.createdAt);
      const expected = new Intl.DateTimeFormat('en', {
        dateStyle: 'medium',
        timeStyle: 'short',
      }).format(session.createdAt);
      expect(createdText(element)).to.equal(expected);
    });

    it('uses a level-2 heading', () => {
      const heading = part(element, '[part~="heading"]')!;
      expect(heading.getAttribute('role')).to.equal('heading');
      expect(heading.getAttribute('aria-level')).to.equal('2');
      expect(heading.textContent!.trim()).to.equal('Sessions');
    });
  });

  describe('with strings', () => {
    it('replaces the given entries', async () => {
      const element = await createElement(store.dbName, (created) => {
        created.strings = {
          heading: 'Anmeldungen',
          clearAll: 'Alle abmelden',
          signOut: 'Abmelden',
          signOutLabel: (sessionKey) => `Von ${sessionKey} abmelden`,
          expiresIn: (relativeTime) => `läuft ab ${relativeTime}`,
        };
      });
      expect(part(element, '[part~="heading"]')!.textContent!.trim()).to.equal(
        'Anmeldungen',
      );
      expect(clearAllButton(element).textContent!.trim()).to.equal(
        'Alle abmelden',
      );
      const signOut = rowButton(element, 'only', 'sign-out-button')!;
      expect(signOut.textContent!.trim()).to.equal('Abmelden');
      expect(signOut.getAttribute('aria-label')).to.equal('Von only abmelden');
      expect(expiryText(element)).to.equal('läuft ab in 14 minutes');
    });

    it('keeps the defaults of the others', async () => {
      const element = await createElement(store.dbName, (created) => {
        created.strings = {heading: 'Anmeldungen', cancel: undefined};
      });
      expect(
        button(element, 'sign-out-others-button')!.textContent!.trim(),
      ).to.equal(DEFAULT_STRINGS.signOutOthers);
      expect(expiryText(element)).to.equal('expires in 14 minutes');
    });

    it('applies a change at once', async () => {
      const element = await createElement(store.dbName);
      element.strings = {clearAll: 'Wipe'};
      await element.updateComplete;
      expect(clearAllButton(element).textContent!.trim()).to.equal('Wipe');
    });

    it('words the empty state', async () => {
      const element = await createElement(freshStore().dbName, (created) => {
        created.strings = {empty: 'Keine Sitzungen.'};
      });
      expect(part(element, '[part~="empty"]')!.textContent!.trim()).to.equal(
        'Keine Sitzungen.',
      );
    });
  });

  describe('with the empty slot', () => {
    it('shows the host message', async () => {
      const element = document.createElement('turnkey-session-manager');
      element.dbName = freshStore().dbName;
      const message = document.createElement('p');
      message.slot = 'empty';
      message.textContent = 'Sign in to see your sessions.';
      element.append(message);
      await connect(element);

      const slot = part<HTMLSlotElement>(element, 'slot[name="empty"]')!;
      const assigned = slot.assignedElements();
      expect(assigned.length, 'assigned elements').to.equal(1);
      expect(assigned[0] === message, 'the host message is assigned').to.be
        .true;
      expect(message.getClientRects().length, 'boxes of the message').to.equal(
        1,
      );
    });
  });

  describe('with heading-level', () => {
    it('sets aria-level', async () => {
      const element = await createElement(store.dbName, (created) => {
        created.setAttribute('heading-level', '3');
      });
      const heading = part(element, '[part~="heading"]')!;
      expect(heading.getAttribute('aria-level')).to.equal('3');
    });

    it('falls back to 2 when out of range', async () => {
      const element = await createElement(store.dbName, (created) => {
        created.setAttribute('heading-level', '9');
      });
      const heading = part(element, '[part~="heading"]')!;
      expect(heading.getAttribute('aria-level')).to.equal('2');
    });
  });

  describe('with a language', () => {
    it('formats times in its own lang', async () => {
      const element = await createElement(store.dbName, (created) => {
        created.lang = 'de';
      });
      expect(expiryText(element)).to.equal('expires in 14 Minuten');
      expect(createdText(element), 'created').to.match(/^\d\d\.\d\d\.\d{4}/);
    });

    it('uses the lang of an ancestor', async () => {
      const wrapper = document.createElement('div');
      wrapper.lang = 'de';
      const element = document.createElement('turnkey-session-manager');
      element.dbName = store.dbName;
      wrapper.append(element);
      await connect(wrapper, element);
      expect(expiryText(element)).to.equal('expires in 14 Minuten');
    });

    it('uses the lang of a shadow host', async () => {
      const host = document.createElement('div');
      host.lang = 'fr';
      const element = document.createElement('turnkey-session-manager');
      element.dbName = store.dbName;
      host.attachShadow({mode: 'open'}).append(element);
      await connect(host, element);
      expect(expiryText(element)).to.equal('expires dans 14 minutes');
    });

    it('uses the lang of the document', async () => {
      document.documentElement.lang = 'de';
      const element = await createElement(store.dbName);
      expect(expiryText(element)).to.equal('expires in 14 Minuten');
    });

    it('follows a change of lang', async () => {
      const element = await createElement(store.dbName);
      expect(expiryText(element), 'before').to.equal('expires in 14 minutes');
      element.setAttribute('lang', 'de');
      await element.updateComplete;
      expect(expiryText(element), 'after').to.equal('expires in 14 Minuten');
    });

    it('skips an invalid lang', async () => {
      document.documentElement.lang = 'en';
      const element = await createElement(store.dbName, (created) => {
        created.setAttribute('lang', 'not a language!');
      });
      expect(expiryText(element)).to.equal('expires in 14 minutes');
    });
  });
});
