/**
 * Entry `turnkey-session-manager/react`: `<turnkey-session-manager>` as a
 * React component, made with `@lit/react`. React 18 and earlier set every
 * prop of a custom element as an attribute and cannot listen to events
 * whose names contain dashes. This component sets `client` and `strings` as
 * properties and takes each event as an `on…` prop, such as
 * `onSessionsCleared`. It works in React 19 too, where the plain tag also
 * works. Importing this module registers the tag.
 */

import * as React from 'react';
import {createComponent} from '@lit/react';

import './define.js';
import {TurnkeySessionManager as TurnkeySessionManagerElement} from './turnkey-session-manager.js';

import type {EventName} from '@lit/react';
import type {
  ActiveSessionChangedEvent,
  SessionClearedEvent,
  SessionExpiredEvent,
  SessionsClearedEvent,
  SessionsClearFailedEvent,
  SessionsClearRequestedEvent,
} from './events.js';

/** The React component for `<turnkey-session-manager>`. */
export const TurnkeySessionManager = createComponent({
  tagName: 'turnkey-session-manager',
  elementClass: TurnkeySessionManagerElement,
  react: React,
  events: {
    onSessionsClearRequested:
      'sessions-clear-requested' as EventName<SessionsClearRequestedEvent>,
    onSessionCleared: 'session-cleared' as EventName<SessionClearedEvent>,
    onSessionsCleared: 'sessions-cleared' as EventName<SessionsClearedEvent>,
    onSessionsClearFailed:
      'sessions-clear-failed' as EventName<SessionsClearFailedEvent>,
    onActiveSessionChanged:
      'active-session-changed' as EventName<ActiveSessionChangedEvent>,
    onSessionExpired: 'session-expired' as EventName<SessionExpiredEvent>,
  },
  displayName: 'TurnkeySessionManager',
});

export type {TurnkeySessionManagerElement};
export type {
  ActiveSessionChangedEvent,
  SessionClearedEvent,
  SessionExpiredEvent,
  SessionsClearedEvent,
  SessionsClearFailedEvent,
  SessionsClearRequestedEvent,
} from './events.js';
