/**
 * What the user's browser shows after Spotify redirects to the loopback server. Static HTML,
 * no scripts (the CSP forbids them anyway), no external resources, so the page works in any
 * browser and the URL holding the authorization code is never sent anywhere as a Referer.
 */
import type { ServerResponse } from 'node:http';

const SECURITY_HEADERS = {
  'Cache-Control': 'no-store',
  'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'",
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
} as const;

const STYLE =
  'body{font-family:system-ui,sans-serif;margin:0;min-height:100vh;display:flex;align-items:center;' +
  'justify-content:center;background:#121212;color:#f5f5f5}main{max-width:28rem;padding:2rem;text-align:center}' +
  'h1{font-size:1.4rem;margin:0 0 .75rem}p{line-height:1.5;margin:0;color:#cfcfcf}';

function html(title: string, heading: string, text: string): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title><style>${STYLE}</style></head>
<body><main><h1>${heading}</h1><p>${text}</p></main></body>
</html>
`;
}

const SUCCESS = html(
  'Tunetray is connected',
  'Tunetray is connected.',
  'You can close this tab and go back to Tunetray.',
);
const DENIED = html(
  'Tunetray is not connected',
  'Tunetray is not connected.',
  'You chose not to give Tunetray access. You can close this tab and go back to Tunetray to try again.',
);
const FAILED = html(
  'Tunetray is not connected',
  'Tunetray is not connected.',
  'Spotify could not complete the sign-in. You can close this tab and go back to Tunetray to try again.',
);

function send(response: ServerResponse, status: number, type: string, body: string, extra: Record<string, string>) {
  response.writeHead(status, {
    ...SECURITY_HEADERS,
    ...extra,
    'Content-Type': type,
    'Content-Length': Buffer.byteLength(body),
  });
  response.end(body);
}

// No `Connection: close` here: Node would then drop a second request already read from the same
// connection unanswered. The server closes the connection itself once nothing more is owed on it.
export const successPage = (response: ServerResponse) => send(response, 200, 'text/html; charset=utf-8', SUCCESS, {});
export const deniedPage = (response: ServerResponse) => send(response, 200, 'text/html; charset=utf-8', DENIED, {});
export const failedPage = (response: ServerResponse) => send(response, 200, 'text/html; charset=utf-8', FAILED, {});

/** Refusals (400/404/405): short plain text, same headers; the flow keeps waiting. */
export const plainPage = (response: ServerResponse, status: number, text: string, extra: Record<string, string>) =>
  send(response, status, 'text/plain; charset=utf-8', `${text}\n`, extra);
