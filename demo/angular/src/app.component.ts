/**
 * The Angular host. `CUSTOM_ELEMENTS_SCHEMA` lets the template use the
 * tag. Because the package adds the tag to `HTMLElementTagNameMap` and its
 * events to `HTMLElementEventMap`, `strictTemplates` checks the `[strings]`
 * binding against the element's property and types `$event` of
 * `(sessions-cleared)` as a `SessionsClearedEvent`.
 */

import {CUSTOM_ELEMENTS_SCHEMA, Component, signal} from '@angular/core';

import {DB_NAME, signIn} from './sign-in';

import type {
  SessionManagerStrings,
  SessionsClearedEvent,
} from 'turnkey-session-manager';

@Component({
  selector: 'app-root',
  schemas: [CUSTOM_ELEMENTS_SCHEMA],
  template: `
    <main>
      <h1>Angular host</h1>
      <button type="button" [disabled]="signingIn()" (click)="signInOnce()">
        Sign in
      </button>
      <p id="sign-in-count">Signed in {{ signInCount() }} times</p>
      <turnkey-session-manager
        [attr.db-name]="dbName"
        heading-level="3"
        [strings]="strings"
        (sessions-cleared)="onSessionsCleared($event)"
      ></turnkey-session-manager>
      <p id="cleared-message" role="status">{{ clearedMessage() }}</p>
    </main>
  `,
})
export class AppComponent {
  protected readonly dbName = DB_NAME;
  protected readonly strings: Partial<SessionManagerStrings> = {
    heading: 'Sessions of the Angular app',
  };
  protected readonly signInCount = signal(0);
  protected readonly signingIn = signal(false);
  protected readonly clearedMessage = signal('No sessions cleared yet');

  protected async signInOnce(): Promise<void> {
    this.signingIn.set(true);
    try {
      await signIn(`angular/session-${this.signInCount() + 1}`);
      this.signInCount.update((count) => count + 1);
    } finally {
      this.signingIn.set(false);
    }
  }

  protected onSessionsCleared(event: SessionsClearedEvent): void {
    const count = event.detail.sessionKeys.length;
    this.clearedMessage.set(`Cleared ${count} sessions`);
  }
}
