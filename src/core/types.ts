/**
 * The shapes that the core stores and returns.
 */

/** Session types that Turnkey issues; other strings are kept as they come. */
export type SessionType =
  'SESSION_TYPE_READ_WRITE' | 'SESSION_TYPE_READ_ONLY' | (string & {});

/**
 * A stored session, with the fields of `@turnkey/core`'s `Session` plus the
 * time it was stored.
 */
export interface Session {
  sessionType: SessionType;
  userId: string;
  organizationId: string;
  /** Expiry time, in seconds since the Unix epoch (the JWT `exp` claim). */
  expiry: number;
  /** Compressed P-256 public key, hex, that the session is bound to. */
  publicKey: string;
  /** The session JWT as it was stored. */
  token: string;
  sessionProfileId?: string;
  scope?: string;
  /** When this browser stored the session, in milliseconds since the epoch. */
  createdAt: number;
}

/** A committed write, as reported to subscribers. */
export interface SessionChange {
  type:
    | 'session-stored'
    | 'session-cleared'
    | 'sessions-cleared'
    | 'active-session-changed'
    | 'key-pairs-changed'
    | 'database-changed';
  /**
   * The session keys that the write touched. It is empty for key-pair
   * changes and for `database-changed`. That type means that another
   * connection deleted or upgraded the database, so anything may have
   * changed.
   */
  sessionKeys: string[];
  /** True when the write was made in another tab or window. */
  remote: boolean;
}

export type SessionChangeListener = (change: SessionChange) => void;
