/**
 * The interface the bench needs from each session library: the public calls
 * it times, and direct reads and copies of that library's storage.
 */

/** Record counts of a library's storage, read directly, not through it. */
export interface StorageContents {
  /** Stored sessions. */
  sessions: number;
  /** Stored key pairs, whether or not a session uses them. */
  keyPairs: number;
  /**
   * Bookkeeping records that name a session: the active-session pointer,
   * and for `@turnkey/core` each entry of its list of session keys.
   */
  sessionPointers: number;
}

/** One session library under test. */
export interface Contender {
  readonly name: 'ours' | 'theirs';
  /** Deletes every session, key pair and pointer the library stored. */
  reset(): Promise<void>;
  /** The library's `createApiKeyPair()`; returns compressed hex. */
  createApiKeyPair(): Promise<string>;
  /** The library's `storeSession()`. */
  storeSession(sessionToken: string, sessionKey: string): Promise<void>;
  /**
   * Stores a session the quickest way that still writes what
   * `storeSession()` writes, for seeding states the bench does not time.
   */
  seedSession(sessionToken: string, sessionKey: string): Promise<void>;
  /** The library's `getAllSessions()`; returns how many it listed. */
  getAllSessions(): Promise<number>;
  /** The library's `clearAllSessions()`. */
  clearAllSessions(): Promise<void>;
  readStorage(): Promise<StorageContents>;
  /** Copies everything the library stored, to restore it later. */
  saveStorage(): Promise<void>;
  /** Puts back what `saveStorage()` copied, replacing what is stored. */
  restoreStorage(): Promise<void>;
}
