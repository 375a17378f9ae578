/**
 * `<turnkey-session-manager>`: lists the sessions that the session core keeps
 * in one IndexedDB database and clears them all. This module only defines
 * the class, and `define.ts` registers the tag.
 */

import {LitElement, html, nothing} from 'lit';
import {property, state} from 'lit/decorators.js';

import {
  DEFAULT_DB_NAME,
  getSessionStore,
  isSessionError,
} from './core/index.js';
import {describeExpiry, describeSessionType} from './relative-time.js';
import {styles} from './turnkey-session-manager.styles.js';

import type {Session, SessionStore} from './core/index.js';
import type {
  SessionsClearedDetail,
  SessionsClearFailedDetail,
} from './events.js';

/** How often the relative expiry times are recomputed while connected. */
const CLOCK_INTERVAL_MS = 30_000;

/** One row of the list: a session and the key it is stored under. */
interface SessionRow {
  sessionKey: string;
  session: Session;
}

/**
 * Lists the browser sessions stored by the session core, marks the active
 * one, and signs out of all of them with one button.
 *
 * @summary Lists stored Turnkey sessions and clears them all.
 *
 * @fires {SessionsClearedEvent} sessions-cleared - After "Clear all" has committed. `detail.sessionKeys` lists the session keys that were removed.
 * @fires {SessionsClearFailedEvent} sessions-clear-failed - When "Clear all" failed and nothing was removed. `detail.error` is the error.
 *
 * @attr db-name - Name of the IndexedDB database to list.
 *
 * @csspart header - The row with the title and the "Clear all" button.
 * @csspart list - The list of sessions.
 * @csspart session - One session in the list.
 * @csspart active-badge - The "Active" badge on the active session.
 * @csspart clear-all-button - The "Clear all" button.
 * @csspart error - The message shown when reading or clearing failed.
 * @csspart empty - The message shown when there are no sessions.
 *
 * @cssprop [--tsm-font-family=inherit] - Font of the element.
 * @cssprop [--tsm-accent-color=#1d4ed8 light, #93c5fd dark] - Color of the button, the focus ring and the active session.
 * @cssprop [--tsm-border-color=currentColor at 20%] - Border color of each session.
 * @cssprop [--tsm-error-color=#b91c1c light, #fca5a5 dark] - Color of errors and of expired sessions.
 */
export class TurnkeySessionManager extends LitElement {
  static override styles = styles;

  /**
   * Name of the IndexedDB database whose sessions are listed. The default is
   * `"turnkey-session-manager"`, the core's `DEFAULT_DB_NAME`, which also
   * applies after the attribute is removed.
   */
  @property({attribute: 'db-name', reflect: true})
  dbName: string = DEFAULT_DB_NAME;

  /** Stored sessions, or `undefined` until the first read has finished. */
  @state() private rows: SessionRow[] | undefined;

  @state() private activeSessionKey: string | undefined;

  /** Message of the last failed read, shown in place of the list. */
  @state() private readError: string | undefined;

  /** Message of the last failed "Clear all", shown until the next one. */
  @state() private clearError: string | undefined;

  @state() private clearing = false;

  private store: SessionStore | undefined;
  private unsubscribe: (() => void) | undefined;
  private clock: ReturnType<typeof setInterval> | undefined;

  /** Reads and clears still running; `updateComplete` waits for them. */
  private readonly pendingTasks = new Set<Promise<void>>();

  /** Counts reads, so that only the latest one's result is shown. */
  private readGeneration = 0;

  override connectedCallback() {
    super.connectedCallback();
    this.subscribe();
    this.clock = setInterval(() => this.requestUpdate(), CLOCK_INTERVAL_MS);
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
    this.unsubscribeFromStore();
    clearInterval(this.clock);
    this.clock = undefined;
  }

  /**
   * Reads the sessions again, or does nothing while disconnected. The promise
   * resolves when the read has finished, and `updateComplete` when its
   * result is rendered.
   */
  refresh(): Promise<void> {
    const store = this.store;
    if (!store) return Promise.resolve();
    return this.track(this.readSessions(store));
  }

  protected override willUpdate(changed: Map<PropertyKey, unknown>) {
    if (changed.has('dbName') && this.isConnected) this.subscribe();
  }

  /** Resolves once the element has rendered and its reads and clears ended. */
  protected override async getUpdateComplete(): Promise<boolean> {
    let complete = await super.getUpdateComplete();
    while (this.pendingTasks.size > 0) {
      await Promise.all(this.pendingTasks);
      complete = await super.getUpdateComplete();
    }
    return complete;
  }

  override render() {
    const rows = this.rows ?? [];
    return html`
      <div class="base">
        <div class="header" part="header">
          <span class="title" id="title">Sessions</span>
          <button
            class="clear-all-button"
            part="clear-all-button"
            type="button"
            ?disabled=${rows.length === 0 || this.clearing}
            @click=${this.handleClearAllClick}
          >
            Clear all
          </button>
        </div>
        ${this.renderError(this.clearError)} ${this.renderSessions()}
      </div>
    `;
  }

  private renderError(message: string | undefined) {
    if (message === undefined) return nothing;
    return html`<p class="error" part="error" role="alert">${message}</p>`;
  }

  private renderSessions() {
    if (this.readError !== undefined) return this.renderError(this.readError);
    if (this.rows === undefined) {
      return html`<p class="loading">Loading sessions…</p>`;
    }
    if (this.rows.length === 0) {
      return html`<p class="empty" part="empty">No sessions stored.</p>`;
    }

    // Safari drops the list role of a list styled with list-style: none,
    // so the role is set explicitly.
    const now = Date.now();
    return html`
      <ul class="list" part="list" role="list" aria-labelledby="title">
        ${this.rows.map((row) => this.renderSession(row, now))}
      </ul>
    `;
  }

  private renderSession({sessionKey, session}: SessionRow, now: number) {
    const active = sessionKey === this.activeSessionKey;
    const badge = active
      ? html`<span class="badge" part="active-badge">Active</span>`
      : nothing;
    return html`
      <li
        class="session"
        part="session"
        aria-current=${active ? 'true' : nothing}
        data-session-key=${sessionKey}
      >
        <div class="session-heading">
          <span class="session-key">${sessionKey}</span>
          ${badge}
        </div>
        <dl class="fields">
          <dt>User</dt>
          <dd class="user-id">${session.userId}</dd>
          <dt>Organization</dt>
          <dd class="organization-id">${session.organizationId}</dd>
          <dt>Type</dt>
          <dd class="session-type">
            ${describeSessionType(session.sessionType)}
          </dd>
          <dt>Expiry</dt>
          ${this.renderExpiry(session.expiry, now)}
        </dl>
      </li>
    `;
  }

  private renderExpiry(expiry: unknown, now: number) {
    // Any script of this origin can write to the database, so a record
    // without a usable expiry must not make the render throw.
    const expiresAt = new Date(Number(expiry) * 1000);
    if (typeof expiry !== 'number' || Number.isNaN(expiresAt.getTime())) {
      return html`<dd class="expiry">unknown</dd>`;
    }
    const description = describeExpiry(expiry, now);
    return html`
      <dd class="expiry ${description.expired ? 'expired' : ''}">
        <time
          datetime=${expiresAt.toISOString()}
          title=${expiresAt.toLocaleString()}
          >${description.text}</time
        >
      </dd>
    `;
  }

  private handleClearAllClick() {
    const store = this.store;

    // The button is disabled only at the next render, so a second click in
    // the same task still lands here.
    if (!store || this.clearing) return;
    this.clearing = true;
    this.clearError = undefined;
    void this.track(this.clearAllSessions(store));
  }

  /** Clears every session of `store` and shows the outcome. Never rejects. */
  private async clearAllSessions(store: SessionStore) {
    let sessionKeys: string[];
    try {
      sessionKeys = await store.clearAllSessions();
    } catch (error) {
      this.clearing = false;

      // Another tab cleared first, which leaves the same empty store.
      if (isSessionError(error, 'NO_SESSIONS')) {
        if (this.store === store) this.showSessions([]);
        return;
      }
      this.clearError = `Could not clear sessions: ${messageOf(error)}`;
      this.dispatchEvent(
        new CustomEvent<SessionsClearFailedDetail>('sessions-clear-failed', {
          bubbles: true,
          composed: true,
          detail: {error},
        }),
      );
      return;
    }

    // Listeners of the event see the element already empty, unless
    // `dbName` changed meanwhile and it lists another store.
    this.clearing = false;
    if (this.store === store) this.showSessions([]);
    await super.getUpdateComplete();
    this.dispatchEvent(
      new CustomEvent<SessionsClearedDetail>('sessions-cleared', {
        bubbles: true,
        composed: true,
        detail: {sessionKeys},
      }),
    );
  }

  /** Reads the sessions and the active key of `store`. Never rejects. */
  private async readSessions(store: SessionStore) {
    const generation = ++this.readGeneration;
    try {
      const {sessions, activeSessionKey} = await store.getSessionState();
      if (generation !== this.readGeneration) return;

      // A record that is not an object was not written by the core, so it
      // is left out of the list.
      const rows = Object.entries(sessions)
        .filter(([, session]) => typeof session === 'object' && session)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([sessionKey, session]) => ({sessionKey, session}));
      this.readError = undefined;
      this.showSessions(rows, activeSessionKey);
    } catch (error) {
      if (generation !== this.readGeneration) return;
      this.showSessions(undefined);
      this.readError = `Could not read sessions: ${messageOf(error)}`;
    }
  }

  private showSessions(
    rows: SessionRow[] | undefined,
    activeSessionKey?: string,
  ) {
    this.rows = rows;
    this.activeSessionKey = activeSessionKey;
  }

  /** Subscribes to the store named by `dbName` and reads it, if not yet. */
  private subscribe() {
    // Removing the attribute sets the property to null.
    const dbName = this.dbName ?? DEFAULT_DB_NAME;
    if (this.unsubscribe && this.store?.dbName === dbName) return;
    this.unsubscribeFromStore();

    // Reads of the previous store that are still running are dropped.
    this.readGeneration++;
    this.showSessions(undefined);
    this.readError = undefined;
    this.clearError = undefined;

    // getSessionStore throws for an invalid name, such as an empty one.
    let store: SessionStore;
    try {
      store = getSessionStore(dbName);
    } catch (error) {
      this.readError = `Could not open sessions: ${messageOf(error)}`;
      return;
    }
    this.store = store;
    this.unsubscribe = store.subscribe(() => {
      void this.track(this.readSessions(store));
    });
    void this.track(this.readSessions(store));
  }

  private unsubscribeFromStore() {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.store = undefined;
  }

  private track(task: Promise<void>): Promise<void> {
    this.pendingTasks.add(task);
    const settle = () => {
      this.pendingTasks.delete(task);
    };
    task.then(settle, settle);
    return task;
  }
}

function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

declare global {
  interface HTMLElementTagNameMap {
    'turnkey-session-manager': TurnkeySessionManager;
  }
}
