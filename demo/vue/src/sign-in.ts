/** The sign-in of this example, shared with the other framework examples. */

import {createExampleSignIn} from '../../example-sign-in.js';

/** The IndexedDB database of this example's sessions. */
export const DB_NAME = 'vue-example';

/** Stores a new read-write session under a session key and makes it active. */
export const signIn = createExampleSignIn(DB_NAME);
