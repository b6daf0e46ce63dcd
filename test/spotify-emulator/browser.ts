/**
 * playBrowser: a test stand-in for the system browser. It opens the authorize URL, and if Spotify
 * shows the consent page, picks the user and presses Agree or Cancel, then reports where the
 * browser was sent (the redirect is not followed: the app's loopback server is the test's business).
 */
import { Agent, fetch } from 'undici';
import { SESSION_COOKIE } from './accounts/sessions.ts';
import type { PlayBrowserOptions, PlayBrowserResult } from './types.ts';

function cookieFrom(res: { headers: { getSetCookie(): string[] } }): string | null {
  for (const c of res.headers.getSetCookie()) {
    const pair = c.split(';')[0] ?? '';
    if (pair.startsWith(`${SESSION_COOKIE}=`)) return pair;
  }
  return null;
}

function decodeEntities(s: string): string {
  return s.replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n))).replace(/&amp;/g, '&');
}

/** `ca`: the emulator's own CA when it serves HTTPS, trusted as a browser would after installing it. */
export async function playBrowser(
  emulatorUrl: string,
  authorizeUrl: string,
  opts: PlayBrowserOptions = {},
  ca: string | null = null,
): Promise<PlayBrowserResult> {
  const dispatcher = ca ? new Agent({ connect: { ca } }) : undefined;
  try {
    return await play(emulatorUrl, authorizeUrl, opts, dispatcher);
  } finally {
    await dispatcher?.close();
  }
}

async function play(
  emulatorUrl: string,
  authorizeUrl: string,
  opts: PlayBrowserOptions,
  dispatcher: Agent | undefined,
): Promise<PlayBrowserResult> {
  let cookie = opts.cookie ?? null;
  const headers = (): Record<string, string> => (cookie === null ? {} : { cookie });
  const first = await fetch(authorizeUrl, {
    redirect: 'manual',
    headers: headers(),
    ...(dispatcher ? { dispatcher } : {}),
  });
  const firstBody = await first.text();
  cookie = cookieFrom(first) ?? cookie;
  const ticket = /name="ticket" value="([^"]*)"/.exec(firstBody)?.[1];
  if (first.status !== 200 || ticket === undefined) {
    return { status: first.status, location: first.headers.get('location'), body: firstBody, cookie };
  }
  const form = new URLSearchParams({ ticket: decodeEntities(ticket), decision: opts.decision ?? 'agree' });
  if (opts.userId !== undefined) form.set('user', opts.userId);
  else {
    // Submit what the page pre-selected, as a person pressing Agree straight away would.
    const checked = /name="user" value="([^"]*)"(?: checked)?/.exec(
      /<input type="radio"[^>]*checked>/.exec(firstBody)?.[0] ??
        /<input type="hidden" name="user"[^>]*>/.exec(firstBody)?.[0] ??
        '',
    );
    if (checked?.[1] !== undefined) form.set('user', decodeEntities(checked[1]));
  }
  if (opts.grantScopes !== undefined) form.set('granted_scope', opts.grantScopes.join(' '));
  const second = await fetch(new URL('/authorize/consent', emulatorUrl), {
    ...(dispatcher ? { dispatcher } : {}),
    method: 'POST',
    redirect: 'manual',
    headers: { ...headers(), 'content-type': 'application/x-www-form-urlencoded' },
    body: form.toString(),
  });
  const body = await second.text();
  return {
    status: second.status,
    location: second.headers.get('location'),
    body,
    cookie: cookieFrom(second) ?? cookie,
  };
}
