/**
 * Every piece of text that `<turnkey-session-manager>` shows or announces,
 * with English defaults, and the locale its times are formatted in.
 */

/**
 * The element's text. A host replaces any of it through the `strings`
 * property; functions receive the values to put into the sentence.
 */
export interface SessionManagerStrings {
  /** Heading above the list, which also labels the list. */
  heading: string;
  /** Description of what signing out does, under the heading. */
  description: string;
  /** Shown until the first read has finished. */
  loading: string;
  /** Shown when there are no sessions and the `empty` slot is empty. */
  empty: string;
  clearAll: string;
  signOutOthers: string;
  /** Visible text of each row's sign-out button. */
  signOut: string;
  /** Accessible name of a row's sign-out button, containing `signOut`. */
  signOutLabel(sessionKey: string): string;
  /** Visible text of each inactive row's "Make active" button. */
  makeActive: string;
  /**
   * Accessible name of a row's "Make active" button. It should contain the
   * visible text, so that speech input finds the button by what it shows.
   */
  makeActiveLabel(sessionKey: string): string;
  /** Badge on the active session. */
  activeBadge: string;
  /** Badge on a session whose token does not verify with the notarizer key. */
  unverifiedBadge: string;
  userLabel: string;
  organizationLabel: string;
  sessionTypeLabel: string;
  createdLabel: string;
  expiryLabel: string;
  readWrite: string;
  readOnly: string;
  /** Shown in place of an expiry that is not a valid time. */
  unknownExpiry: string;
  /** Shown in place of the fields of a record that is not a session. */
  unreadable: string;
  /** `relativeTime` is localized, such as "in 14 minutes". */
  expiresIn(relativeTime: string): string;
  /** `relativeTime` is localized, such as "5 minutes ago". */
  expiredAgo(relativeTime: string): string;
  /** Question of the confirmation panel of "Clear all". */
  confirmClearAllMessage(count: number): string;
  confirmClearAll: string;
  /** Question of the confirmation panel of "Sign out of other sessions". */
  confirmSignOutOthersMessage(count: number): string;
  confirmSignOutOthers: string;
  cancel: string;
  retry: string;
  readFailed(message: string): string;
  clearFailed(message: string): string;
  signOutFailed(sessionKey: string, message: string): string;
  makeActiveFailed(sessionKey: string, message: string): string;
  /** Announced after sessions were signed out. */
  signedOut(count: number): string;
  /** Announced after "Make active". */
  madeActive(sessionKey: string): string;
}

const sessions = (count: number) =>
  count === 1 ? '1 session' : `${count} sessions`;

/** English text, used for every entry that `strings` leaves out. */
export const DEFAULT_STRINGS: Readonly<SessionManagerStrings> = {
  heading: 'Sessions',
  description:
    'Signing out deletes a session and its key from this browser only. ' +
    'Nothing is revoked on a server, where the session stays valid until ' +
    'it expires.',
  loading: 'Loading sessions…',
  empty: 'No sessions are stored in this browser.',
  clearAll: 'Clear all',
  signOutOthers: 'Sign out of other sessions',
  signOut: 'Sign out',
  signOutLabel: (sessionKey) => `Sign out of session ${sessionKey}`,
  makeActive: 'Make active',
  makeActiveLabel: (sessionKey) => `Make active: session ${sessionKey}`,
  activeBadge: 'Active',
  unverifiedBadge: 'Not verified',
  userLabel: 'User',
  organizationLabel: 'Organization',
  sessionTypeLabel: 'Type',
  createdLabel: 'Created',
  expiryLabel: 'Expiry',
  readWrite: 'read-write',
  readOnly: 'read-only',
  unknownExpiry: 'unknown',
  unreadable:
    'This record is unreadable, so its details are not shown. Signing out ' +
    'removes it.',
  expiresIn: (relativeTime) => `expires ${relativeTime}`,
  expiredAgo: (relativeTime) => `expired ${relativeTime}`,
  confirmClearAllMessage: (count) =>
    (count === 1
      ? 'Sign out of the only session? Its keys are'
      : `Sign out of all ${sessions(count)}? Their keys are`) +
    ' deleted from this browser. Nothing is revoked on a server.',
  confirmClearAll: 'Sign out of all',
  confirmSignOutOthersMessage: (count) =>
    (count === 1
      ? 'Sign out of the other session? Its keys are'
      : `Sign out of ${count} other sessions? Their keys are`) +
    ' deleted from this browser. Nothing is revoked on a server.',
  confirmSignOutOthers: 'Sign out of others',
  cancel: 'Cancel',
  retry: 'Retry',
  readFailed: (message) => `Could not read sessions: ${message}`,
  clearFailed: (message) => `Could not clear sessions: ${message}`,
  signOutFailed: (sessionKey, message) =>
    `Could not sign out of session ${sessionKey}: ${message}`,
  makeActiveFailed: (sessionKey, message) =>
    `Could not make session ${sessionKey} active: ${message}`,
  signedOut: (count) => `${sessions(count)} signed out`,
  madeActive: (sessionKey) => `Session ${sessionKey} is now active`,
};

/**
 * Returns `DEFAULT_STRINGS` with the entries of `overrides` that are set.
 * An entry set to `undefined` keeps its default.
 */
export function mergeStrings(
  overrides: Partial<SessionManagerStrings> | null | undefined,
): SessionManagerStrings {
  const merged = {...DEFAULT_STRINGS};
  for (const [name, value] of Object.entries(overrides ?? {})) {
    if (value !== undefined && name in DEFAULT_STRINGS) {
      (merged as Record<string, unknown>)[name] = value;
    }
  }
  return merged;
}

/**
 * Returns the language of `element`: its own `lang` or that of the nearest
 * ancestor that has one, then the document's, then the browser's. Ancestors
 * are searched across shadow roots, and a tag that `Intl` rejects is
 * skipped, so a typo falls back instead of breaking every time shown.
 */
export function resolveLocale(element: Element): string | undefined {
  const candidates = [
    findLangAttribute(element),
    document.documentElement.lang,
    navigator.language,
  ];
  return candidates.find((tag) => tag && isValidLocale(tag)) || undefined;
}

function findLangAttribute(element: Element): string | undefined {
  let node: Element | null = element;
  while (node) {
    const withLang: Element | null = node.closest('[lang]');
    if (withLang) return withLang.getAttribute('lang') ?? undefined;
    const root = node.getRootNode();
    node = root instanceof ShadowRoot ? root.host : null;
  }
  return undefined;
}

function isValidLocale(tag: string): boolean {
  try {
    return Intl.getCanonicalLocales(tag).length > 0;
  } catch {
    return false;
  }
}
