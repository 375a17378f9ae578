/**
 * Default styles of `<turnkey-session-manager>`. Text follows the host's font
 * and color, and the accent, danger and error colors have a light and a dark
 * variant that follow `color-scheme`. Every `--tsm-*` custom property
 * overrides one default.
 */

import {css} from 'lit';

export const styles = css`
  :host {
    --_accent: #1d4ed8;
    --_danger: #b91c1c;
    --_error: #b91c1c;
    display: block;
    font-family: var(--tsm-font-family, inherit);
    color: var(--tsm-text-color, inherit);
  }

  /* light-dark() needs Chrome 123, Firefox 120 or Safari 17.5 (web-features
     data), so older browsers keep the light variants above. */
  @supports (color: light-dark(black, white)) {
    :host {
      --_accent: light-dark(#1d4ed8, #93c5fd);
      --_danger: light-dark(#b91c1c, #fca5a5);
      --_error: light-dark(#b91c1c, #fca5a5);
    }
  }

  :host([hidden]) {
    display: none;
  }

  .base {
    --_space: var(--tsm-spacing, 0.75rem);
    --_radius: var(--tsm-radius, 0.5rem);
    --_border: var(
      --tsm-border-color,
      color-mix(in srgb, currentColor 20%, transparent)
    );
    --_muted: var(
      --tsm-muted-color,
      color-mix(in srgb, currentColor 75%, transparent)
    );
    --_accent-color: var(--tsm-accent-color, var(--_accent));
    --_danger-color: var(--tsm-danger-color, var(--_danger));
    --_error-color: var(--tsm-error-color, var(--_error));
    display: grid;
    gap: var(--_space);
    background: var(--tsm-background, transparent);
  }

  .header {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: var(--_space);
  }

  .heading {
    font-weight: 600;
    font-size: 1.125em;
  }

  .actions,
  .session-actions,
  .confirm-actions {
    display: flex;
    flex-wrap: wrap;
    gap: calc(var(--_space) / 2);
  }

  .description {
    margin: 0;
    color: var(--_muted);
    font-size: 0.875em;
  }

  .list {
    display: grid;
    gap: calc(var(--_space) * 2 / 3);
    margin: 0;
    padding: 0;
    list-style: none;
  }

  .session {
    display: grid;
    gap: calc(var(--_space) * 2 / 3);
    padding: var(--_space);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }

  .session[aria-current='true'] {
    border-color: var(--_accent-color);
  }

  .session-heading {
    display: flex;
    align-items: center;
    gap: calc(var(--_space) * 2 / 3);
    font-weight: 600;
    overflow-wrap: anywhere;
  }

  .badge {
    padding: 0.0625rem 0.5rem;
    border: 1px solid var(--_accent-color);
    border-radius: 999px;
    color: var(--_accent-color);
    font-size: 0.75em;
    font-weight: 600;
  }

  .badge.unverified {
    border-color: var(--_error-color);
    color: var(--_error-color);
  }

  .fields {
    display: grid;
    grid-template-columns: max-content 1fr;
    gap: 0.25rem var(--_space);
    margin: 0;
  }

  dt {
    color: var(--_muted);
  }

  dd {
    margin: 0;
    overflow-wrap: anywhere;
  }

  .expired {
    color: var(--_error-color);
  }

  .button {
    padding: 0.375rem 0.875rem;
    border: 1px solid var(--_accent-color);
    border-radius: calc(var(--_radius) * 3 / 4);
    background: transparent;
    color: var(--_accent-color);
    font: inherit;
    cursor: pointer;
  }

  .button[part~='sign-out-button'],
  .button.danger {
    border-color: var(--_danger-color);
    color: var(--_danger-color);
  }

  .button:hover:not(:disabled, [aria-disabled='true']) {
    background: color-mix(in srgb, currentColor 12%, transparent);
  }

  .button:disabled,
  .button[aria-disabled='true'] {
    cursor: not-allowed;
  }

  .button:disabled {
    border-color: var(--_border);
    color: inherit;
    opacity: 0.5;
  }

  .button:focus-visible,
  [tabindex='-1']:focus-visible {
    outline: 2px solid var(--_accent-color);
    outline-offset: 2px;
  }

  [tabindex='-1']:focus:not(:focus-visible) {
    outline: none;
  }

  .confirm {
    display: grid;
    gap: calc(var(--_space) * 2 / 3);
    padding: var(--_space);
    border: 1px solid var(--_danger-color);
    border-radius: var(--_radius);
  }

  .confirm-message,
  .error-message {
    margin: 0;
  }

  .empty,
  .loading,
  .unreadable-message {
    margin: 0;
    color: var(--_muted);
  }

  .error {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: calc(var(--_space) * 2 / 3);
    padding: calc(var(--_space) * 2 / 3) var(--_space);
    border: 1px solid var(--_error-color);
    border-radius: calc(var(--_radius) * 3 / 4);
    color: var(--_error-color);
  }

  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    margin: -1px;
    padding: 0;
    overflow: hidden;
    clip: rect(0 0 0 0);
    clip-path: inset(50%);
    white-space: nowrap;
    border: 0;
  }
`;
