/** Mounts the React 18 app. Importing the wrapper registers the element. */

import {StrictMode} from 'react';
import {createRoot} from 'react-dom/client';

import {App} from './App.js';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
