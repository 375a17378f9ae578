/**
 * The template of one session in the list of `<turnkey-session-manager>`:
 * its key, fields, expiry and buttons.
 */

import {html, nothing} from 'lit';

import {describeExpiry, formatDateTime} from './relative-time.js';

import type {ListedSession} from './session-source.js';
import type {SessionManagerStrings} from './strings.js';

/** A session as the list shows it at one moment. */
export interface SessionRowView {
  sessionKey: string;
  /** The fields to show, or `undefined` when the record is unreadable. */
  session: ListedSession | undefined;
  active: boolean;
  expired: boolean;
  /** The `exp` claim in seconds, or `undefined` when it is not a valid time. */
  expiry: number | undefined;
  /**
   * Whether the token verifies with the element's notarizer key, or
   * `undefined` when no key is set or the check has not finished.
   */
  verified: boolean | undefined;
}

/** Values that every row of one render shares. */
export interface SessionRowContext {
  text: SessionManagerStrings;
  locale: string | undefined;
  /** The moment the render describes, in milliseconds since the epoch. */
  now: number;
  /** True while an action runs, when the buttons do nothing. */
  busy: boolean;
  /** False when the source cannot change the active session. */
  canMakeActive: boolean;
  onSignOut(sessionKey: string): void;
  onMakeActive(sessionKey: string): void;
}

const STRING_FIELDS = [
  'sessionType',
  'userId',
  'organizationId',
  'publicKey',
  'token',
] as const;

/**
 * Returns a copy of the fields of `record` that the list shows, or
 * `undefined` when `record` is not a readable session: an object whose
 * `sessionType`, `userId`, `organizationId`, `publicKey` and `token` are
 * strings and whose `expiry` is a finite number. Any script of this origin
 * can write to the storage, and Lit renders some objects as markup, so only
 * the strings and numbers of this copy may reach a template.
 */
export function readSession(record: unknown): ListedSession | undefined {
  if (typeof record !== 'object' || record === null) return undefined;
  if (Array.isArray(record)) return undefined;
  const fields = record as Record<string, unknown>;
  if (STRING_FIELDS.some((name) => typeof fields[name] !== 'string')) {
    return undefined;
  }
  const {expiry, createdAt} = fields;
  if (typeof expiry !== 'number' || !Number.isFinite(expiry)) return undefined;
  return {
    sessionType: fields.sessionType as string,
    userId: fields.userId as string,
    organizationId: fields.organizationId as string,
    publicKey: fields.publicKey as string,
    token: fields.token as string,
    expiry,
    createdAt: typeof createdAt === 'number' ? createdAt : undefined,
  };
}

/**
 * Returns the `exp` of `session` when a `Date` can hold it, which 1e300,
 * say, passes `readSession` but is not.
 */
export function validExpiry(session: ListedSession): number | undefined {
  const {expiry} = session;
  return Number.isNaN(new Date(expiry * 1000).getTime()) ? undefined : expiry;
}

export function renderSessionRow(
  row: SessionRowView,
  context: SessionRowContext,
) {
  const {sessionKey, session, active, expired, verified} = row;
  if (!session) return renderUnreadableRow(row, context);
  const {text} = context;
  let parts = 'session';
  if (active) parts += ' active-session';
  if (expired) parts += ' expired-session';
  if (verified === false) parts += ' unverified-session';

  return html`
    <li
      class="session"
      part=${parts}
      aria-current=${active ? 'true' : nothing}
      data-session-key=${sessionKey}
      data-verified=${verified === undefined ? nothing : String(verified)}
    >
      <div class="session-heading">
        <span class="session-key" part="session-key">${sessionKey}</span>
        ${active ? renderActiveBadge(text) : nothing}
        ${verified === false ? renderUnverifiedBadge(text) : nothing}
      </div>
      <dl class="fields" part="fields">
        ${renderField('user-id', text.userLabel, session.userId)}
        ${renderField(
          'organization-id',
          text.organizationLabel,
          session.organizationId,
        )}
        ${renderField(
          'session-type',
          text.sessionTypeLabel,
          describeSessionType(session.sessionType, text),
        )}
        ${renderCreated(session.createdAt, context)}
        ${renderField(
          'expiry',
          text.expiryLabel,
          renderExpiry(row, context),
          row.expired ? 'expiry expired' : 'expiry',
        )}
      </dl>
      <div class="session-actions" part="session-actions">
        ${
          !active && context.canMakeActive
            ? renderButton(
                'make-active-button',
                text.makeActive,
                text.makeActiveLabel(sessionKey),
                context.busy,
                () => context.onMakeActive(sessionKey),
              )
            : nothing
        }
        ${renderButton(
          'sign-out-button',
          text.signOut,
          text.signOutLabel(sessionKey),
          context.busy,
          () => context.onSignOut(sessionKey),
        )}
      </div>
    </li>
  `;
}

/**
 * Renders a record that `readSession` rejected: its key and a sign-out
 * button, so that it can still be removed, and none of its fields.
 */
function renderUnreadableRow(row: SessionRowView, context: SessionRowContext) {
  const {sessionKey, active} = row;
  const {text} = context;
  const parts = active
    ? 'session unreadable-session active-session'
    : 'session unreadable-session';
  return html`
    <li
      class="session"
      part=${parts}
      aria-current=${active ? 'true' : nothing}
      data-session-key=${sessionKey}
    >
      <div class="session-heading">
        <span class="session-key" part="session-key">${sessionKey}</span>
        ${active ? renderActiveBadge(text) : nothing}
      </div>
      <p class="unreadable-message" part="unreadable-message">
        ${text.unreadable}
      </p>
      <div class="session-actions" part="session-actions">
        ${renderButton(
          'sign-out-button',
          text.signOut,
          text.signOutLabel(sessionKey),
          context.busy,
          () => context.onSignOut(sessionKey),
        )}
      </div>
    </li>
  `;
}

function renderActiveBadge(text: SessionManagerStrings) {
  return html`<span class="badge" part="active-badge"
    >${text.activeBadge}</span
  >`;
}

function renderUnverifiedBadge(text: SessionManagerStrings) {
  return html`<span class="badge unverified" part="unverified-badge"
    >${text.unverifiedBadge}</span
  >`;
}

function renderField(
  name: string,
  label: string,
  value: unknown,
  className = name,
) {
  return html`
    <dt part="label">${label}</dt>
    <dd class=${className} part="value ${name}">${value}</dd>
  `;
}

function renderButton(
  part: string,
  label: string,
  accessibleName: string,
  busy: boolean,
  onClick: () => void,
) {
  // While busy the button keeps the focus and only announces itself as
  // unavailable, because `disabled` would drop the focus to the body.
  // The later clicks of a double-click (`detail` above 1) are ignored: by
  // then the row may be gone and another row's button under the pointer.
  const onButtonClick = (event: MouseEvent) => {
    if (event.detail <= 1) onClick();
  };
  return html`
    <button
      class="button"
      part="button ${part}"
      type="button"
      aria-label=${accessibleName}
      aria-disabled=${busy ? 'true' : nothing}
      @click=${onButtonClick}
    >
      ${label}
    </button>
  `;
}

// Sessions from `@turnkey/core` have no `createdAt`, so the field is left
// out instead of reading "unknown" on every row.
function renderCreated(
  createdAt: number | undefined,
  context: SessionRowContext,
) {
  if (createdAt === undefined) return nothing;
  const created = new Date(createdAt);
  if (Number.isNaN(created.getTime())) return nothing;
  const time = html`<time datetime=${created.toISOString()}
    >${formatDateTime(createdAt, context.locale)}</time
  >`;
  return renderField('created', context.text.createdLabel, time);
}

function renderExpiry(row: SessionRowView, context: SessionRowContext) {
  const {text, now, locale} = context;
  if (row.expiry === undefined) return text.unknownExpiry;
  const expiresAt = new Date(row.expiry * 1000);
  const {expired, relativeTime} = describeExpiry(row.expiry, now, locale);
  return html`<time
    datetime=${expiresAt.toISOString()}
    title=${formatDateTime(expiresAt.getTime(), locale)}
    >${
      expired ? text.expiredAgo(relativeTime) : text.expiresIn(relativeTime)
    }</time
  >`;
}

/** Returns the words for a Turnkey session type, or an unknown type as is. */
function describeSessionType(sessionType: string, text: SessionManagerStrings) {
  switch (sessionType) {
    case 'SESSION_TYPE_READ_WRITE':
      return text.readWrite;
    case 'SESSION_TYPE_READ_ONLY':
      return text.readOnly;
    default:
      return sessionType;
  }
}
