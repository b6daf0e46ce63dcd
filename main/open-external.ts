/** OpenExternal over shell.openExternal, refusing anything outside the allow-list. */
import { shell } from 'electron';
import type { OpenExternal } from '../app/ports.ts';
import { AppError } from '../app/result.ts';
import { isAllowedExternalUrl } from './external-url-policy.ts';

export function createOpenExternal(accountsUrl: () => string): OpenExternal {
  return async (url) => {
    if (!isAllowedExternalUrl(url, accountsUrl())) {
      throw new AppError('invalid-argument', 'Tunetray only opens Spotify pages in your browser.');
    }
    await shell.openExternal(url, { activate: true });
  };
}
