/**
 * Default styles of `<turnkey-session-manager>`. Text follows the host's font
 * and color; the accent and error colors have a light and a dark variant
 * that follow `color-scheme`.
 */

import {css} from 'lit';

export const styles = css`
  :host {
    --_accent: #1d4ed8;
    --_error: #b91c1c;
    display: block;
    font-family: var(--tsm-font-family, inherit);
    color: inherit;
  }

  /* light-dark() only resolves in browsers from 2024 on, so older ones
     keep the light variants above. */
  @supports (color: light-dark(black, white)) {
    :host {
      --_accent: light-dark(#1d4ed8, #93c5fd);
      --_error: light-dark(#b91c1c, #fca5a5);
    }
  }

  :host([hidden]) {
    display: none;
  }

  .base {
    --_border: var(
      --tsm-border-color,
      color-mix(in srgb, currentColor 20%, transparent)
    );
    --_accent-color: var(--tsm-accent-color, var(--_accent));
    --_error-color: var(--tsm-error-color, var(--_error));
    display: grid;
    gap: 0.75rem;
  }

  .header {
    display: flex;
    align-items: center;
    justify-content: space-between;
    gap: 1rem;
  }

  .title {
    font-weight: 600;
  }

  .list {
    display: grid;
    gap: 0.5rem;
    margin: 0;
    padding: 0;
    list-style: none;
  }

  .session {
    padding: 0.75rem;
    border: 1px solid var(--_border);
    border-radius: 0.5rem;
  }

  .session[aria-current='true'] {
    border-color: var(--_accent-color);
  }

  .session-heading {
    display: flex;
    align-items: center;
    gap: 0.5rem;
    margin-bottom: 0.5rem;
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

  .fields {
    display: grid;
    grid-template-columns: max-content 1fr;
    gap: 0.25rem 1rem;
    margin: 0;
  }

  dt {
    opacity: 0.75;
  }

  dd {
    margin: 0;
    overflow-wrap: anywhere;
  }

  .expired {
    color: var(--_error-color);
  }

  .clear-all-button {
    padding: 0.375rem 0.875rem;
    border: 1px solid var(--_accent-color);
    border-radius: 0.375rem;
    background: transparent;
    color: var(--_accent-color);
    font: inherit;
    cursor: pointer;
  }

  .clear-all-button:hover:not(:disabled) {
    background: color-mix(in srgb, var(--_accent-color) 12%, transparent);
  }

  .clear-all-button:focus-visible {
    outline: 2px solid var(--_accent-color);
    outline-offset: 2px;
  }

  .clear-all-button:disabled {
    border-color: var(--_border);
    color: inherit;
    opacity: 0.5;
    cursor: not-allowed;
  }

  .empty,
  .loading {
    margin: 0;
    opacity: 0.75;
  }

  .error {
    margin: 0;
    padding: 0.5rem 0.75rem;
    border: 1px solid var(--_error-color);
    border-radius: 0.375rem;
    color: var(--_error-color);
  }
`;
