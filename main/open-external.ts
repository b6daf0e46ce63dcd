/** OpenExternal over shell.openExternal, refusing anything outside the allow-list. */
import { shell } from 'electron';
import type { OpenExternal } from '../app/ports.ts';
import { assertAllowedExternalUrl } from './external-url-policy.ts';

export function createOpenExternal(accountsUrl: () => string): OpenExternal {
  return async (url) => {
    assertAllowedExternalUrl(url, accountsUrl());
    await shell.openExternal(url, { activate: true });
  };
}
