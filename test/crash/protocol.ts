/** What the crash test's parent (run.ts) and its child (child.ts) tell each other. */

export type Workload = 'sign-in' | 'refresh' | 'sync' | 'settings';

export interface ChildConfig {
  profile: string;
  /** The "OS keyring": an AES key that outlives every child (hex). */
  key: string;
  accountsUrl: string;
  apiUrl: string;
  clientId: string;
  workload: Workload;
  /** After a sign-in was lost for good (counted), sign in again instead of using the dead one. */
  signInAgain: boolean;
}

export type ChildMessage =
  | { type: 'started'; status: string; notice: string | null; ms: number }
  /** The authorize URL: the parent plays the browser. */
  | { type: 'open'; url: string }
  | { type: 'connected' }
  /** The workload loop is running. */
  | { type: 'workload' }
  /** From a token reply to the rename of auth.json, in ms. */
  | { type: 'window'; ms: number }
  | { type: 'error'; message: string };
