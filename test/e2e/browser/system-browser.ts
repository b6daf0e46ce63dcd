/**
 * Plays the user's system browser: opens the authorize URL the app handed to OpenExternal
 * in a separate browser context (its own cookies, like a separate app) and answers the
 * emulator's consent page the way a person would.
 */

import type { Browser, Page } from 'playwright-core';
import { waitUntil } from '../../support/wait.ts';
import type { Harness } from './harness.ts';

export async function approveInSystemBrowser(
  browser: Browser,
  harness: Harness,
  decision: 'Agree' | 'Cancel' = 'Agree',
): Promise<{ page: Page; authorizeUrl: string }> {
  const authorizeUrl = await harness.nextOpened();
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(authorizeUrl);
  await page.getByRole('button', { name: decision }).click();
  // The loopback server's static page: the redirect reached Tunetray.
  await waitUntil(async () => /Tunetray/.test((await page.textContent('body')) ?? ''), 'the loopback page');
  return { page, authorizeUrl };
}

/** Clicks Connect in the window and approves in the "system browser"; resolves when connected. */
export async function connectThroughBrowser(browser: Browser, harness: Harness): Promise<void> {
  await harness.page.getByRole('button', { name: 'Connect Spotify' }).click();
  const { page } = await approveInSystemBrowser(browser, harness);
  await page.context().close();
  await waitUntil(() => harness.core.session.state().status === 'connected', 'the connected state');
}

export const loopbackPort = (authorizeUrl: string): number =>
  Number(new URL(new URL(authorizeUrl).searchParams.get('redirect_uri') ?? 'http://x').port);
