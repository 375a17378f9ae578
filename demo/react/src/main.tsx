/**
 * Registers the element before React first renders it, so that React 19
 * finds its properties and sets `strings` as a property, not an attribute.
 */

import 'turnkey-session-manager';
import {StrictMode} from 'react';
import {createRoot} from 'react-dom/client';

import {App} from './App.js';

import type {} from 'turnkey-session-manager/jsx';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
