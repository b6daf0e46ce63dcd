import { createContext, useCallback, useContext } from 'react';
import type { Bridge } from '../../../app/contract.ts';
import type { AppErrorShape, Result } from '../../../app/result.ts';
import { call } from '../bridge.ts';

/** Where failed actions are reported: App shows the latest one as a dismissible alert. */
export interface ActionErrors {
  report: (error: AppErrorShape) => void;
  clear: () => void;
}

export const ActionErrorsContext = createContext<ActionErrors>({ report: () => {}, clear: () => {} });

/**
 * Runs a bridge call on behalf of a user action: clears the previous message, and reports a
 * failure so it shows up in plain words. A user's own "cancel" is not an error worth showing.
 */
export function useAction(): <T>(invoke: (api: Bridge) => Promise<Result<T>>) => Promise<Result<T>> {
  const { report, clear } = useContext(ActionErrorsContext);
  return useCallback(
    async <T>(invoke: (api: Bridge) => Promise<Result<T>>) => {
      clear();
      const result = await call(invoke);
      if (!result.ok && result.error.code !== 'cancelled') report(result.error);
      return result;
    },
    [report, clear],
  );
}
