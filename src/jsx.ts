/**
 * Entry `turnkey-session-manager/jsx`: types only, which declare
 * `<turnkey-session-manager>` in React 19's JSX. Load them once with
 * `import type {} from 'turnkey-session-manager/jsx';`. React 19 sets a prop
 * as a property when the element has a property of that name, and as an
 * attribute otherwise. It adds a prop named `on` and the event name, such
 * as `onsessions-cleared`, as an event listener. Both need the tag to be
 * registered before React renders it, which importing
 * `turnkey-session-manager` does.
 */

import type {DetailedHTMLProps, HTMLAttributes} from 'react';

import type {
  ActiveSessionChangedEvent,
  SessionClearedEvent,
  SessionExpiredEvent,
  SessionsClearedEvent,
  SessionsClearFailedEvent,
  SessionsClearRequestedEvent,
} from './events.js';
import type {SessionClient} from './session-source.js';
import type {SessionManagerStrings} from './strings.js';
import type {TurnkeySessionManager} from './turnkey-session-manager.js';

/** Props of `<turnkey-session-manager>` in React 19's JSX. */
export interface TurnkeySessionManagerJsxProps extends DetailedHTMLProps<
  HTMLAttributes<TurnkeySessionManager>,
  TurnkeySessionManager
> {
  'db-name'?: string;
  dbName?: string;
  confirm?: boolean;
  'hide-expired'?: boolean;
  hideExpired?: boolean;
  /** 1 to 6, or a numeric string, because attributes are strings. */
  'heading-level'?: number | `${number}`;
  headingLevel?: number;
  client?: SessionClient;
  strings?: Partial<SessionManagerStrings>;
  'onsessions-clear-requested'?: (event: SessionsClearRequestedEvent) => void;
  'onsession-cleared'?: (event: SessionClearedEvent) => void;
  'onsessions-cleared'?: (event: SessionsClearedEvent) => void;
  'onsessions-clear-failed'?: (event: SessionsClearFailedEvent) => void;
  'onactive-session-changed'?: (event: ActiveSessionChangedEvent) => void;
  'onsession-expired'?: (event: SessionExpiredEvent) => void;
}

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements {
      'turnkey-session-manager': TurnkeySessionManagerJsxProps;
    }
  }
}
