/** The core entry's types, with no element and no Lit. */

import {
  clearAllSessions,
  getSessionStore,
  isSessionError,
} from 'turnkey-session-manager/core';

import type {SessionErrorCode} from 'turnkey-session-manager/core';

export async function clearEverySession(): Promise<string[]> {
  try {
    return await clearAllSessions();
  } catch (error) {
    if (isSessionError(error, 'NO_SESSIONS')) return [];
    throw error;
  }
}

export async function countSessions(dbName: string): Promise<number> {
  const {sessions} = await getSessionStore(dbName).getSessionState();
  return Object.keys(sessions).length;
}

export const noSessions: SessionErrorCode = 'NO_SESSIONS';
// @ts-expect-error error codes are a closed set.
export const unknownCode: SessionErrorCode = 'NOT_A_CODE';
