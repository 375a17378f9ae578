/**
 * Entry `turnkey-session-manager/vue`: types only, which declare
 * `<turnkey-session-manager>` in Vue's `GlobalComponents`, so that
 * `vue-tsc` checks its props and events in templates. Load them once with
 * `import type {} from 'turnkey-session-manager/vue';`. Vue's template
 * compiler also needs an `isCustomElement` option that returns true for
 * the tag, so that it treats the tag as a custom element.
 */

import type {AllowedComponentProps, HTMLAttributes, VNodeProps} from 'vue';

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

/**
 * Props of `<turnkey-session-manager>` in a Vue template, where `db-name`
 * is checked as `dbName` and `@sessions-cleared` as `onSessionsCleared`.
 * Vue sets a prop as a property when the element has a property of that
 * name, and as an attribute otherwise. The `.prop` modifier forces a
 * property.
 */
export interface TurnkeySessionManagerVueProps {
  dbName?: string;
  confirm?: boolean;
  hideExpired?: boolean;
  /** 1 to 6, or a numeric string, because attributes are strings. */
  headingLevel?: number | `${number}`;
  client?: SessionClient;
  strings?: Partial<SessionManagerStrings>;
  onSessionsClearRequested?: (event: SessionsClearRequestedEvent) => void;
  onSessionCleared?: (event: SessionClearedEvent) => void;
  onSessionsCleared?: (event: SessionsClearedEvent) => void;
  onSessionsClearFailed?: (event: SessionsClearFailedEvent) => void;
  onActiveSessionChanged?: (event: ActiveSessionChangedEvent) => void;
  onSessionExpired?: (event: SessionExpiredEvent) => void;
}

/** The element as a component type that Vue's template checker accepts. */
export type TurnkeySessionManagerVueComponent =
  new () => TurnkeySessionManager & {
    $props: TurnkeySessionManagerVueProps &
      HTMLAttributes &
      AllowedComponentProps &
      VNodeProps;
  };

declare module 'vue' {
  interface GlobalComponents {
    'turnkey-session-manager': TurnkeySessionManagerVueComponent;
  }
}
