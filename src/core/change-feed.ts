/**
 * Change notifications: after each committed write, listeners in this tab
 * are called at once and other tabs of the same origin hear of it through a
 * `BroadcastChannel` named after the database.
 */

import type {SessionChange, SessionChangeListener} from './types.js';

/** Subscribe to changes; publish one after a write commits. */
export interface ChangeFeed {
  subscribe(listener: SessionChangeListener): () => void;
  publish(change: Omit<SessionChange, 'remote'>): void;
  /** Notifies listeners in this tab only, of a change each tab detects. */
  publishLocal(change: Omit<SessionChange, 'remote'>): void;
}

/** Returns a feed whose channel opens with the first subscriber or write. */
export function createChangeFeed(dbName: string): ChangeFeed {
  const listeners = new Set<SessionChangeListener>();
  let channel: BroadcastChannel | undefined;

  // A listener that throws must not stop the others, nor turn a committed
  // write into a rejected promise, so its error is rethrown on its own.
  const notify = (change: SessionChange) => {
    for (const listener of [...listeners]) {
      try {
        listener(change);
      } catch (error) {
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  };

  // A missing BroadcastChannel (older runtimes, Node) only loses the
  // cross-tab half of the feed.
  const openChannel = () => {
    if (channel || typeof BroadcastChannel === 'undefined') return channel;
    channel = new BroadcastChannel(`turnkey-session-manager:${dbName}`);
    channel.onmessage = (event: MessageEvent<SessionChange>) => {
      notify({...event.data, remote: true});
    };
    return channel;
  };

  return {
    subscribe(listener) {
      listeners.add(listener);
      openChannel();
      return () => listeners.delete(listener);
    },
    publish(change) {
      openChannel()?.postMessage({...change, remote: true});
      notify({...change, remote: false});
    },
    publishLocal(change) {
      notify({...change, remote: false});
    },
  };
}
