/**
 * Registers the element, then starts the Angular app that hosts it.
 *
 * NOTE: this example uses Angular 21, not the current major, 22. Angular 22
 * requires Node.js 22.22 or later and TypeScript 6.0, and this repository
 * runs on Node.js 20 and TypeScript 5.9.
 */

import 'turnkey-session-manager';
import {provideZonelessChangeDetection} from '@angular/core';
import {bootstrapApplication} from '@angular/platform-browser';

import {AppComponent} from './app.component';

bootstrapApplication(AppComponent, {
  providers: [provideZonelessChangeDetection()],
}).catch((error: unknown) => {
  console.error(error);
});
