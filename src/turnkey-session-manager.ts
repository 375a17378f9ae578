/**
 * `<turnkey-session-manager>`: lists the sessions of this package's session
 * core, or of any Turnkey-compatible client, and signs out of one, the
 * others or all of them. This module only defines the class, and
 * `define.ts` registers the tag.
 */

import {LitElement, html, nothing} from 'lit';
import {property, state} from 'lit/decorators.js';
import {repeat} from 'lit/directives/repeat.js';

import {
  DEFAULT_DB_NAME,
  getSessionStore,
  verifySessionToken,
} from './core/index.js';
import {ExpiryClock} from './expiry-clock.js';
import {FocusKeeper} from './focus-keeper.js';
import {readSession, renderSessionRow, validExpiry} from './session-row.js';
import {
  clearAllOrCheck,
  clearEach,
  readSessionState,
} from './session-source.js';
import {mergeStrings, resolveLocale} from './strings.js';
import {styles} from './turnkey-session-manager.styles.js';

import type {
  ActiveSessionChangedDetail,
  ClearAction,
  SessionClearedDetail,
  SessionExpiredDetail,
  SessionsClearedDetail,
  SessionsClearFailedDetail,
  SessionsClearRequestedDetail,
} from './events.js';
import type {SessionRowView} from './session-row.js';
import type {ListedSession, SessionClient} from './session-source.js';
import type {SessionManagerStrings} from './strings.js';

/** A stored session and the key it is stored under. */
interface SessionRow {
  sessionKey: string;
  /** The fields that `readSession` copied, or `undefined` if unreadable. */
  session: ListedSession | undefined;
}

/** An action that can run, one at a time. */
type Action = ClearAction | 'make-active';

/** An action that clears several sessions and may ask first. */
type BulkAction = Exclude<ClearAction, 'sign-out'>;

/** A failure shown with role="alert", with what its Retry button does. */
interface Failure {
  action: Action | 'read';
  error: unknown;
  /** The session that a failed sign-out or "Make active" was for. */
  sessionKey?: string;
  retry: () => void;
}

/** The heading levels that `aria-level` accepts. */
const HEADING_LEVELS = [1, 2, 3, 4, 5, 6];

/**
 * Lists the sessions stored in this browser, marks the active one, and signs
 * out of one session, of every session but the active one, or of all.
 * Signing out deletes sessions and their keys from this browser; it revokes
 * nothing on a server.
 *
 * @summary Lists the Turnkey sessions of this browser and signs out of them.
 *
 * @fires {SessionsClearRequestedEvent} sessions-clear-requested - Before any clear, after a confirmation if `confirm` is set. Cancelable: `preventDefault()` keeps every session. `detail.sessionKeys` are the keys to clear, `detail.action` is `"clear-all"`, `"sign-out-others"` or `"sign-out"`.
 * @fires {SessionClearedEvent} session-cleared - After a row's sign-out button removed its session. `detail.sessionKey` is its key.
 * @fires {SessionsClearedEvent} sessions-cleared - After "Clear all" or "Sign out of other sessions" removed sessions. `detail.sessionKeys` lists the removed keys.
 * @fires {SessionsClearFailedEvent} sessions-clear-failed - When a clear failed. `detail.error` is the error, and `detail.sessionKeys` and `detail.action` are the keys and the action of the failed clear.
 * @fires {ActiveSessionChangedEvent} active-session-changed - After "Make active" changed the active session. `detail.sessionKey` is the new active key.
 * @fires {SessionExpiredEvent} session-expired - Once, when a session expires while it is listed. Not for sessions already expired when first listed. `detail.sessionKey` is its key.
 *
 * @attr db-name - Name of the IndexedDB database of this package's core to list. Ignored while `client` is set.
 * @attr confirm - Asks inside the element before "Clear all" and "Sign out of other sessions".
 * @attr hide-expired - Leaves expired sessions out of the list. "Clear all" still removes them.
 * @attr heading-level - `aria-level` of the heading, 1 to 6; 2 by default.
 * @attr notarizer-public-key - P-256 public key (hex) of the issuer whose signature each session token must carry. Sessions whose token does not verify are marked "Not verified", and nothing is checked when it is not set.
 * @attr lang - Language of the dates and relative times; the nearest ancestor's, the document's or the browser's when not set.
 *
 * @slot empty - Shown in place of the list when there are no sessions; replaces the default text.
 *
 * @csspart base - The element's box, around everything else.
 * @csspart header - The row with the heading and the bulk buttons.
 * @csspart heading - The heading, which also labels the list.
 * @csspart actions - The box of the bulk buttons.
 * @csspart description - The sentence that says what signing out does.
 * @csspart list - The list of sessions.
 * @csspart session - Each session in the list.
 * @csspart active-session - The active session; it also has the `session` part.
 * @csspart expired-session - Each expired session; it also has the `session` part.
 * @csspart unreadable-session - Each stored record that is not a readable session; it also has the `session` part and shows only its key, a message and the sign-out button.
 * @csspart unreadable-message - The message in place of the fields of an unreadable record.
 * @csspart session-key - The key of each session.
 * @csspart active-badge - The badge on the active session.
 * @csspart unverified-badge - The badge on a session whose token does not verify with `notarizer-public-key`.
 * @csspart unverified-session - Also on each session whose token does not verify.
 * @csspart fields - The list of fields of each session.
 * @csspart label - The label of each field.
 * @csspart value - The value of each field.
 * @csspart user-id - The value of the user field.
 * @csspart organization-id - The value of the organization field.
 * @csspart session-type - The value of the type field.
 * @csspart created - The value of the created field, present when the source records it.
 * @csspart expiry - The value of the expiry field.
 * @csspart session-actions - The box of the buttons of each session.
 * @csspart button - Every button; each also has one of the parts below.
 * @csspart clear-all-button - The "Clear all" button.
 * @csspart sign-out-others-button - The "Sign out of other sessions" button.
 * @csspart sign-out-button - The sign-out button of each session.
 * @csspart make-active-button - The "Make active" button of each inactive session.
 * @csspart confirm - The confirmation panel.
 * @csspart confirm-message - The question in the confirmation panel.
 * @csspart confirm-button - The button that confirms.
 * @csspart cancel-button - The button that cancels.
 * @csspart error - The box shown when reading or an action failed.
 * @csspart error-message - The message in the error box.
 * @csspart retry-button - The button that tries the failed read or action again.
 * @csspart empty - The box shown when there are no sessions.
 * @csspart loading - The text shown until the first read has finished.
 *
 * @cssprop [--tsm-font-family=inherit] - Font of the element.
 * @cssprop [--tsm-text-color=inherit] - Color of the text.
 * @cssprop [--tsm-background=transparent] - Background of the element.
 * @cssprop [--tsm-muted-color=currentColor at 75%] - Color of field labels and of the description.
 * @cssprop [--tsm-accent-color=#1d4ed8 light, #93c5fd dark] - Color of buttons, of the focus ring and of the active session.
 * @cssprop [--tsm-danger-color=#b91c1c light, #fca5a5 dark] - Color of the sign-out and confirm buttons.
 * @cssprop [--tsm-border-color=currentColor at 20%] - Border color of each session.
 * @cssprop [--tsm-error-color=#b91c1c light, #fca5a5 dark] - Color of errors and of expired sessions.
 * @cssprop [--tsm-radius=0.5rem] - Corner radius of each session; buttons use half of it.
 * @cssprop [--tsm-spacing=0.75rem] - Base gap between and inside the parts.
 */
export class TurnkeySessionManager extends LitElement {
  static override styles = styles;

  /**
   * Name of the IndexedDB database whose sessions are listed. The default is
   * `"turnkey-session-manager"`, the core's `DEFAULT_DB_NAME`, which also
   * applies after the attribute is removed. Ignored while `client` is set.
   */
  @property({attribute: 'db-name', reflect: true})
  dbName: string = DEFAULT_DB_NAME;

  /**
   * A client to list and clear sessions through instead of this package's
   * core, such as `@turnkey/core`'s `TurnkeyClient` after `init()`. Any
   * object with `getAllSessions()`, `getActiveSessionKey()`,
   * `clearSession({sessionKey})` and `clearAllSessions()` works;
   * `setActiveSession()` enables "Make active", and `subscribe()` lets the
   * element follow changes that it did not make.
   */
  @property({attribute: false})
  client: SessionClient | undefined = undefined;

  /** Whether "Clear all" and "Sign out of other sessions" ask first. */
  @property({type: Boolean, reflect: true})
  confirm = false;

  /** Whether expired sessions are left out of the list. */
  @property({type: Boolean, reflect: true, attribute: 'hide-expired'})
  hideExpired = false;

  /**
   * P-256 public key, as hex, that every session token must be signed with
   * in Turnkey's notarizer scheme. Sessions whose token does not verify are
   * marked, not hidden, so that they can still be signed out.
   */
  @property({attribute: 'notarizer-public-key'})
  notarizerPublicKey: string | undefined = undefined;

  /** `aria-level` of the heading, 1 to 6. */
  @property({type: Number, attribute: 'heading-level'})
  headingLevel = 2;

  /** Replacements for any of the element's text, named as in `DEFAULT_STRINGS`. */
  @property({attribute: false})
  strings: Partial<SessionManagerStrings> | undefined = undefined;

  /** Stored sessions, or `undefined` until the first read has finished. */
  @state() private rows: SessionRow[] | undefined;

  @state() private activeSessionKey: string | undefined;

  /** The failed read, shown in place of the list. */
  @state() private readFailure: Failure | undefined;

  /** The failed action, shown above the list until the next action. */
  @state() private actionFailure: Failure | undefined;

  /** The action that is running, during which the buttons do nothing. */
  @state() private busy: Action | undefined;

  /** The bulk action whose confirmation panel is open. */
  @state() private confirming: BulkAction | undefined;

  /** The text of the polite live region. */
  @state() private status = '';

  private source: SessionClient | undefined;
  /** The client object or database name that `source` came from. */
  private sourceOrigin: SessionClient | string | undefined;
  private unsubscribe: (() => void) | undefined;

  /** Reads and actions still running, which `updateComplete` waits for. */
  private readonly pendingTasks = new Set<Promise<void>>();

  /** Counts reads, so that only the latest one's result is shown. */
  private readGeneration = 0;

  /**
   * Results of checking tokens against `notarizerPublicKey`, by key and
   * token, so that each token is checked once per key.
   */
  private readonly verifications = new Map<string, boolean | undefined>();

  // Values of the current update, computed in willUpdate() for render().
  private now = Date.now();
  private text: SessionManagerStrings = mergeStrings(undefined);
  private locale: string | undefined;
  private displayedRows: SessionRowView[] = [];

  /** Keys of the sessions shown as not expired by the last update. */
  private liveSessionKeys = new Set<string>();
  /** Sessions that expired while shown, for `session-expired` events. */
  private expiredSessionKeys: string[] = [];

  private readonly focusKeeper = new FocusKeeper(this, () =>
    this.bulkFocusTarget(),
  );

  constructor() {
    super();
    new ExpiryClock(this, () => this.displayedExpiries());
  }

  // `lang` is not a reactive property, because HTMLElement already has it,
  // but a change to it must render the times in the new language.
  static override get observedAttributes(): string[] {
    return [...super.observedAttributes, 'lang'];
  }

  override attributeChangedCallback(
    name: string,
    oldValue: string | null,
    newValue: string | null,
  ) {
    super.attributeChangedCallback(name, oldValue, newValue);
    if (name === 'lang') this.requestUpdate();
  }

  override connectedCallback() {
    super.connectedCallback();
    this.connectSource();
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
    this.disconnectSource();

    // A session that expires while the element is away was never shown
    // expiring.
    this.liveSessionKeys.clear();
  }

  /**
   * Reads the sessions again, or does nothing while disconnected. Needed
   * after changes made through a `client` that has no `subscribe()`. The
   * promise resolves when the read has finished, and `updateComplete`
   * when its result is rendered.
   */
  refresh(): Promise<void> {
    const source = this.source;
    if (!source) return Promise.resolve();
    return this.track(this.readSessions(source));
  }

  protected override willUpdate(changed: Map<PropertyKey, unknown>) {
    if ((changed.has('dbName') || changed.has('client')) && this.isConnected) {
      this.connectSource();
    }
    this.text = mergeStrings(this.strings);
    this.locale = resolveLocale(this);
    this.now = Date.now();
    this.displayedRows = this.computeDisplayedRows();
    this.noteExpiredSessions();

    // Another tab may clear the sessions that an open confirmation names,
    // and a confirmation of no sessions would do nothing.
    if (this.confirming && this.keysFor(this.confirming).length === 0) {
      this.confirming = undefined;
      this.focusKeeper.moveAfterUpdate(() => this.bulkFocusTarget());
    }
  }

  protected override updated() {
    const expired = this.expiredSessionKeys;
    this.expiredSessionKeys = [];
    for (const sessionKey of expired) {
      this.dispatchEvent(
        new CustomEvent<SessionExpiredDetail>('session-expired', {
          bubbles: true,
          composed: true,
          detail: {sessionKey},
        }),
      );
    }
  }

  /** Resolves once the element has rendered and its reads and actions ended. */
  protected override async getUpdateComplete(): Promise<boolean> {
    let complete = await super.getUpdateComplete();
    while (this.pendingTasks.size > 0) {
      await Promise.all(this.pendingTasks);
      complete = await super.getUpdateComplete();
    }
    return complete;
  }

  override render() {
    const {text} = this;
    const level = HEADING_LEVELS.includes(this.headingLevel)
      ? this.headingLevel
      : 2;
    return html`
      <section
        class="base"
        part="base"
        aria-labelledby="heading"
        aria-busy=${this.isBusy() ? 'true' : 'false'}
        @keydown=${this.handleKeydown}
      >
        <div class="header" part="header">
          <div
            id="heading"
            class="heading"
            part="heading"
            role="heading"
            aria-level=${level}
            tabindex="-1"
          >
            ${text.heading}
          </div>
          <div class="actions" part="actions">
            ${this.renderBulkButton('sign-out-others')}
            ${this.renderBulkButton('clear-all')}
          </div>
        </div>
        <p class="description" part="description">${text.description}</p>
        ${this.renderConfirm()} ${this.renderFailure(this.actionFailure)}
        ${this.renderSessions()}
        <div class="visually-hidden" role="status" aria-live="polite">
          ${this.status}
        </div>
      </section>
    `;
  }

  private renderBulkButton(action: BulkAction) {
    const keys = this.keysFor(action);
    const label =
      action === 'clear-all' ? this.text.clearAll : this.text.signOutOthers;
    return html`
      <button
        id=${action}
        class="button"
        part="button ${action}-button"
        type="button"
        ?disabled=${keys.length === 0}
        aria-disabled=${this.busy ? 'true' : nothing}
        aria-expanded=${this.confirm ? String(this.confirming === action) : nothing}
        aria-controls=${this.confirming === action ? 'confirm' : nothing}
        @click=${() => this.handleBulkClick(action)}
      >
        ${label}
      </button>
    `;
  }

  private renderConfirm() {
    const action = this.confirming;
    if (!action) return nothing;
    const {text} = this;
    const count = this.keysFor(action).length;
    const clearAll = action === 'clear-all';
    const message = clearAll
      ? text.confirmClearAllMessage(count)
      : text.confirmSignOutOthersMessage(count);
    return html`
      <div
        id="confirm"
        class="confirm"
        part="confirm"
        role="group"
        aria-labelledby="confirm-message"
      >
        <p id="confirm-message" class="confirm-message" part="confirm-message">
          ${message}
        </p>
        <div class="confirm-actions">
          <button
            class="button"
            part="button cancel-button"
            type="button"
            @click=${this.cancelConfirm}
          >
            ${text.cancel}
          </button>
          <button
            class="button danger"
            part="button confirm-button"
            type="button"
            aria-disabled=${this.busy ? 'true' : nothing}
            @click=${this.handleConfirmClick}
          >
            ${clearAll ? text.confirmClearAll : text.confirmSignOutOthers}
          </button>
        </div>
      </div>
    `;
  }

  private renderFailure(failure: Failure | undefined) {
    if (!failure) return nothing;
    return html`
      <div class="error" part="error">
        <p class="error-message" part="error-message" role="alert">
          ${this.describeFailure(failure)}
        </p>
        <button
          class="button"
          part="button retry-button"
          type="button"
          aria-disabled=${this.busy ? 'true' : nothing}
          @click=${() => this.handleRetryClick(failure)}
        >
          ${this.text.retry}
        </button>
      </div>
    `;
  }

  private renderSessions() {
    if (this.readFailure) return this.renderFailure(this.readFailure);
    if (this.rows === undefined) {
      return html`<p class="loading" part="loading">${this.text.loading}</p>`;
    }
    if (this.displayedRows.length === 0) {
      return html`
        <div id="empty" class="empty" part="empty" tabindex="-1">
          <slot name="empty">${this.text.empty}</slot>
        </div>
      `;
    }

    // Safari drops the list role of a list styled with list-style: none,
    // so the role is set explicitly. Rows are keyed, so that the focus stays
    // with its session when rows move or go.
    const context = {
      text: this.text,
      locale: this.locale,
      now: this.now,
      busy: this.busy !== undefined,
      canMakeActive: typeof this.source?.setActiveSession === 'function',
      onSignOut: (sessionKey: string) =>
        this.startClear('sign-out', sessionKey),
      onMakeActive: (sessionKey: string) => this.startMakeActive(sessionKey),
    };
    return html`
      <ul class="list" part="list" role="list" aria-labelledby="heading">
        ${repeat(
          this.displayedRows,
          (row) => row.sessionKey,
          (row) => renderSessionRow(row, context),
        )}
      </ul>
    `;
  }

  private describeFailure({action, error, sessionKey}: Failure): string {
    const {text} = this;
    const message = messageOf(error);
    switch (action) {
      case 'read':
        return text.readFailed(message);
      case 'sign-out':
        return text.signOutFailed(sessionKey ?? '', message);
      case 'make-active':
        return text.makeActiveFailed(sessionKey ?? '', message);
      default:
        return text.clearFailed(message);
    }
  }

  private handleBulkClick(action: BulkAction) {
    if (this.busy) return;
    if (this.confirming === action) {
      this.cancelConfirm();
    } else if (this.confirm) {
      this.confirming = action;
      this.focusKeeper.moveAfterUpdate(() =>
        this.shadowRoot?.querySelector('[part~="cancel-button"]'),
      );
    } else {
      this.startClear(action);
    }
  }

  private handleConfirmClick() {
    const action = this.confirming;
    if (!action || this.busy) return;
    this.confirming = undefined;

    // The panel goes with the focused button. Until the clear has ended,
    // or for good if the host vetoes it, the focus waits on the button
    // that opened the panel.
    this.focusKeeper.moveAfterUpdate(() =>
      this.shadowRoot?.getElementById(action),
    );
    this.startClear(action);
  }

  // Escape closes the panel from anywhere inside the element, and stops
  // there, so that a dialog around the element stays open.
  private handleKeydown(event: KeyboardEvent) {
    if (event.key !== 'Escape' || !this.confirming) return;
    event.preventDefault();
    event.stopPropagation();
    this.cancelConfirm();
  }

  private cancelConfirm() {
    const action = this.confirming;
    if (!action) return;
    this.confirming = undefined;
    this.focusKeeper.moveAfterUpdate(() =>
      this.shadowRoot?.getElementById(action),
    );
  }

  private handleRetryClick(failure: Failure) {
    if (this.busy) return;

    // The error box, and the Retry button in it, go away at once.
    this.focusKeeper.moveAfterUpdate(() =>
      this.shadowRoot?.getElementById('heading'),
    );
    failure.retry();
  }

  /** Returns the keys that `action` would clear now. */
  private keysFor(action: BulkAction): string[] {
    const keys = (this.rows ?? []).map((row) => row.sessionKey);
    if (action === 'clear-all') return keys;
    const active = this.activeSessionKey;
    if (active === undefined || !keys.includes(active)) return [];
    return keys.filter((sessionKey) => sessionKey !== active);
  }

  /**
   * Dispatches `sessions-clear-requested` and, unless the host cancels it,
   * starts the clear. Retry calls it too, so a retried clear dispatches the
   * event again but skips the confirmation.
   */
  private startClear(action: ClearAction, sessionKey?: string) {
    const source = this.source;
    if (!source || this.busy) return;
    const sessionKeys =
      action === 'sign-out' ? [sessionKey!] : this.keysFor(action);
    if (sessionKeys.length === 0) return;

    const request = new CustomEvent<SessionsClearRequestedDetail>(
      'sessions-clear-requested',
      {
        bubbles: true,
        composed: true,
        cancelable: true,
        detail: {sessionKeys: [...sessionKeys], action},
      },
    );
    if (!this.dispatchEvent(request)) return;

    this.busy = action;
    this.actionFailure = undefined;
    this.status = '';
    void this.track(this.clear(source, action, sessionKeys));
  }

  /** Runs a clear that `startClear` allowed and shows the outcome. */
  private async clear(
    source: SessionClient,
    action: ClearAction,
    sessionKeys: string[],
  ) {
    // A failure where the sessions are gone anyway, because another tab
    // cleared them first, is not shown, and the list shows them gone.
    const outcome =
      action === 'clear-all'
        ? await clearAllOrCheck(source, sessionKeys)
        : await clearEach(source, sessionKeys);
    this.busy = undefined;
    if (this.source === source) await this.readSessions(source);

    const {cleared, error} = outcome;
    if (cleared.length > 0) this.status = this.text.signedOut(cleared.length);
    if (error !== undefined) {
      this.actionFailure = {
        action,
        error,
        sessionKey: action === 'sign-out' ? sessionKeys[0] : undefined,
        retry: () => this.startClear(action, sessionKeys[0]),
      };
    } else if (action !== 'sign-out') {
      // The bulk button is disabled now, which would leave the focus on the
      // document body.
      this.focusKeeper.moveAfterUpdate(() => this.bulkFocusTarget());
    }

    // Listeners of the events see the element already updated.
    await super.getUpdateComplete();
    if (action === 'sign-out' && cleared.length > 0) {
      this.dispatchEvent(
        new CustomEvent<SessionClearedDetail>('session-cleared', {
          bubbles: true,
          composed: true,
          detail: {sessionKey: cleared[0]},
        }),
      );
    } else if (cleared.length > 0) {
      this.dispatchEvent(
        new CustomEvent<SessionsClearedDetail>('sessions-cleared', {
          bubbles: true,
          composed: true,
          detail: {sessionKeys: cleared},
        }),
      );
    }
    if (error !== undefined) {
      this.dispatchEvent(
        new CustomEvent<SessionsClearFailedDetail>('sessions-clear-failed', {
          bubbles: true,
          composed: true,
          detail: {error, sessionKeys, action},
        }),
      );
    }
  }

  private startMakeActive(sessionKey: string) {
    const source = this.source;
    if (!source?.setActiveSession || this.busy) return;
    this.busy = 'make-active';
    this.actionFailure = undefined;
    this.status = '';
    void this.track(this.makeActive(source, sessionKey));
  }

  private async makeActive(source: SessionClient, sessionKey: string) {
    try {
      await source.setActiveSession!({sessionKey});
    } catch (error) {
      this.busy = undefined;
      this.actionFailure = {
        action: 'make-active',
        error,
        sessionKey,
        retry: () => this.startMakeActive(sessionKey),
      };
      return;
    }
    this.busy = undefined;
    if (this.source === source) await this.readSessions(source);
    this.status = this.text.madeActive(sessionKey);

    // The row moves to the top and loses its "Make active" button, which
    // held the focus.
    this.focusKeeper.moveAfterUpdate(() =>
      this.rowElement(sessionKey)?.querySelector('[part~="sign-out-button"]'),
    );
    await super.getUpdateComplete();
    this.dispatchEvent(
      new CustomEvent<ActiveSessionChangedDetail>('active-session-changed', {
        bubbles: true,
        composed: true,
        detail: {sessionKey},
      }),
    );
  }

  /** Reads the sessions and the active key of `source`. Never rejects. */
  private async readSessions(source: SessionClient) {
    const generation = ++this.readGeneration;
    try {
      const {sessions, activeSessionKey} = await readSessionState(source);
      if (generation !== this.readGeneration) return;

      // Every record is listed, an unreadable one too, so that it can be
      // signed out of. Only a copy of its checked fields is kept.
      this.rows = Object.entries(sessions).map(([sessionKey, record]) => ({
        sessionKey,
        session: readSession(record),
      }));
      this.activeSessionKey =
        typeof activeSessionKey === 'string' ? activeSessionKey : undefined;
      this.readFailure = undefined;
    } catch (error) {
      if (generation !== this.readGeneration) return;
      this.rows = undefined;
      this.activeSessionKey = undefined;
      this.readFailure = {action: 'read', error, retry: () => this.refresh()};
    }
  }

  /**
   * Returns the rows to show: the active session first, then the others by
   * expiry, soonest first, and those without a valid expiry last.
   */
  private computeDisplayedRows(): SessionRowView[] {
    const views = (this.rows ?? []).map(({sessionKey, session}) => {
      const expiry = session && validExpiry(session);
      return {
        sessionKey,
        session,
        expiry,
        active: sessionKey === this.activeSessionKey,
        expired: expiry !== undefined && expiry * 1000 <= this.now,
        verified: this.verificationOf(session?.token),
      };
    });
    const shown = this.hideExpired
      ? views.filter((view) => !view.expired)
      : views;
    return shown.sort(compareRows);
  }

  /** Queues `session-expired` for shown sessions that have just expired. */
  private noteExpiredSessions() {
    const live = new Set<string>();
    for (const {sessionKey, session} of this.rows ?? []) {
      const expiry = session && validExpiry(session);
      if (expiry === undefined) continue;
      if (expiry * 1000 > this.now) {
        live.add(sessionKey);
      } else if (this.liveSessionKeys.has(sessionKey)) {
        this.expiredSessionKeys.push(sessionKey);
      }
    }
    this.liveSessionKeys = live;
  }

  private displayedExpiries(): number[] {
    const expiries: number[] = [];
    for (const row of this.displayedRows) {
      if (row.expiry !== undefined) expiries.push(row.expiry);
    }
    return expiries;
  }

  private isBusy(): boolean {
    return this.busy !== undefined || (!this.readFailure && !this.rows);
  }

  /** Subscribes to the source that `client` or `dbName` names, if not yet. */
  private connectSource() {
    // Removing the attribute sets the property to null.
    const origin = this.client ?? this.dbName ?? DEFAULT_DB_NAME;
    if (this.sourceOrigin === origin) return;
    this.disconnectSource();
    this.sourceOrigin = origin;

    // Reads of the previous source that are still running are dropped.
    this.readGeneration++;
    this.rows = undefined;
    this.activeSessionKey = undefined;
    this.readFailure = undefined;
    this.actionFailure = undefined;
    this.confirming = undefined;

    // getSessionStore throws for an invalid name, such as an empty one.
    let source: SessionClient;
    try {
      source = typeof origin === 'string' ? getSessionStore(origin) : origin;
    } catch (error) {
      this.readFailure = {
        action: 'read',
        error,
        retry: () => this.reconnectSource(),
      };
      return;
    }
    this.source = source;
    const read = () => void this.track(this.readSessions(source));
    if (typeof source.subscribe === 'function') {
      this.unsubscribe = source.subscribe(read);
    } else {
      // A client without change notification may keep its sessions in
      // localStorage, as `@turnkey/core` does on the web, and then a change
      // from another tab arrives as a `storage` event.
      window.addEventListener('storage', read);
      this.unsubscribe = () => window.removeEventListener('storage', read);
    }
    read();
  }

  private disconnectSource() {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.source = undefined;
    this.sourceOrigin = undefined;
  }

  private reconnectSource() {
    this.disconnectSource();
    this.connectSource();
  }

  private rowElement(sessionKey: string): HTMLElement | undefined {
    const rows = this.shadowRoot?.querySelectorAll<HTMLElement>('li') ?? [];
    return [...rows].find((row) => row.dataset.sessionKey === sessionKey);
  }

  /** Returns the empty message when the list is empty, else the heading. */
  private bulkFocusTarget(): HTMLElement | null | undefined {
    const root = this.shadowRoot;
    return root?.getElementById('empty') ?? root?.getElementById('heading');
  }

  /**
   * Returns whether `token` verifies with `notarizerPublicKey`, or
   * `undefined` when there is no key or the check is still running, in
   * which case it starts the check once and renders again when it is done.
   */
  private verificationOf(token: unknown): boolean | undefined {
    const notarizerPublicKey = this.notarizerPublicKey;
    if (!notarizerPublicKey || typeof token !== 'string') return undefined;
    const id = `${notarizerPublicKey} ${token}`;
    if (!this.verifications.has(id)) {
      this.verifications.set(id, undefined);
      void this.track(this.verify(id, token, notarizerPublicKey));
    }
    return this.verifications.get(id);
  }

  private async verify(id: string, token: string, notarizerPublicKey: string) {
    let verified: boolean;
    try {
      verified = await verifySessionToken(token, {notarizerPublicKey});
    } catch {
      // A malformed token, or a key that is not a P-256 point, verifies
      // nothing.
      verified = false;
    }
    this.verifications.set(id, verified);
    this.requestUpdate();
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

function compareRows(a: SessionRowView, b: SessionRowView): number {
  if (a.active !== b.active) return a.active ? -1 : 1;
  const aExpiry = a.expiry ?? Infinity;
  const bExpiry = b.expiry ?? Infinity;
  if (aExpiry !== bExpiry) return aExpiry < bExpiry ? -1 : 1;
  if (a.sessionKey < b.sessionKey) return -1;
  return a.sessionKey > b.sessionKey ? 1 : 0;
}

// A client may reject with anything, and only a string may reach a template.
function messageOf(error: unknown): string {
  if (error instanceof Error) return String(error.message);
  return String(error);
}

declare global {
  interface HTMLElementTagNameMap {
    'turnkey-session-manager': TurnkeySessionManager;
  }
}
