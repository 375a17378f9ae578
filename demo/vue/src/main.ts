/** Registers the element, then mounts the Vue app that hosts it. */

import 'turnkey-session-manager';
import {createApp} from 'vue';

import App from './App.vue';

import type {} from 'turnkey-session-manager/vue';

createApp(App).mount('#app');
