/**
 * Keeps the keyboard focus inside `<turnkey-session-manager>` when the
 * element that held it goes away: a row that was signed out, a button that
 * became disabled, a panel that closed.
 */

import type {ReactiveController, ReactiveControllerHost} from 'lit';

/** Returns where the focus should go, or nothing to leave it. */
export type FocusTarget = () => HTMLElement | null | undefined;

/** Rows are `<li data-session-key>`, each with a sign-out button. */
const ROW_SELECTOR = 'li[data-session-key]';
const ROW_BUTTON_SELECTOR = '[part~="sign-out-button"]';

/**
 * Before each update of its host, notes the row that has the focus. After
 * the update, moves the focus if that row is gone. A host action can also ask for a
 * move after the next update with {@link moveAfterUpdate}. Neither happens
 * once the user has put the focus outside the host.
 */
export class FocusKeeper implements ReactiveController {
  private focusedRow: {sessionKey: string; index: number} | undefined;
  private pendingTarget: FocusTarget | undefined;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly fallback: FocusTarget,
  ) {
    host.addController(this);
  }

  /** Moves the focus to `target` after the next update. */
  moveAfterUpdate(target: FocusTarget) {
    this.pendingTarget = target;
  }

  hostUpdate() {
    const root = this.host.shadowRoot;
    const row = root?.activeElement?.closest<HTMLElement>(ROW_SELECTOR);
    this.focusedRow = undefined;
    if (!root || !row) return;
    const rows = [...root.querySelectorAll<HTMLElement>(ROW_SELECTOR)];
    this.focusedRow = {
      sessionKey: row.dataset.sessionKey!,
      index: rows.indexOf(row),
    };
  }

  hostUpdated() {
    const target = this.pendingTarget;
    this.pendingTarget = undefined;
    const focusedRow = this.focusedRow;
    this.focusedRow = undefined;
    if (!this.focusIsHereOrLost()) return;
    if (target) {
      target()?.focus();
      return;
    }

    // The focused row went away: signed out here or in another tab, or
    // expired with hide-expired. The focus goes to the row that took its
    // place, else to the one before, else to the fallback.
    const root = this.host.shadowRoot;
    if (!root || !focusedRow || root.activeElement) return;
    const rows = [...root.querySelectorAll<HTMLElement>(ROW_SELECTOR)];
    if (rows.some((row) => row.dataset.sessionKey === focusedRow.sessionKey)) {
      return;
    }
    const next = rows[focusedRow.index] ?? rows[focusedRow.index - 1];
    const button = next?.querySelector<HTMLElement>(ROW_BUTTON_SELECTOR);
    (button ?? this.fallback())?.focus();
  }

  // The focus is here when it is inside the shadow root, and lost when the
  // element that held it was removed or disabled, which leaves it on the
  // body.
  private focusIsHereOrLost(): boolean {
    if (this.host.shadowRoot?.activeElement) return true;
    const active = document.activeElement;
    return active === null || active === document.body;
  }
}
