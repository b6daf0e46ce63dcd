/**
 * The consent screen: plain HTML that works without JavaScript, with labelled controls so a person,
 * a screen reader and Playwright (`getByRole('button', { name: 'Agree' })`) can all use it.
 */
import { escapeHtml, PAGE_HEADERS, type Reply } from '../http.ts';
import { SCOPE_WORDS } from '../scopes.ts';

export const CONSENT_ACTION = '/authorize/consent';

export interface ConsentPageInput {
  ticket: string;
  appName: string;
  scopes: ReadonlyArray<string>;
  users: ReadonlyArray<{ id: string; displayName: string | null }>;
  selectedUserId: string | null;
}

const STYLE = `
body{font-family:system-ui,sans-serif;background:#121212;color:#fff;margin:0;display:flex;justify-content:center}
main{max-width:30rem;padding:2rem}
h1{font-size:1.5rem}
ul{padding-left:1.2rem;line-height:1.5}
fieldset{border:1px solid #555;border-radius:8px;margin:1.5rem 0;padding:.75rem 1rem}
label{display:block;padding:.25rem 0}
.actions{display:flex;gap:1rem;margin-top:1.5rem}
button{font:inherit;font-weight:700;border-radius:999px;padding:.75rem 2rem;border:1px solid #888;cursor:pointer}
button[value=agree]{background:#1ed760;color:#000;border-color:#1ed760}
button[value=cancel]{background:transparent;color:#fff}
button:focus-visible{outline:3px solid #fff;outline-offset:2px}
.note{color:#b3b3b3;font-size:.875rem}
`;

function userLabel(u: { id: string; displayName: string | null }): string {
  return u.displayName === null || u.displayName === u.id ? u.id : `${u.displayName} (${u.id})`;
}

function userPicker(input: ConsentPageInput): string {
  const [only] = input.users;
  if (input.users.length === 1 && only) {
    return `<p>Signed in as <strong>${escapeHtml(userLabel(only))}</strong>.</p><input type="hidden" name="user" value="${escapeHtml(only.id)}">`;
  }
  const selected = input.selectedUserId ?? input.users[0]?.id;
  const options = input.users
    .map((u, i) => {
      const id = `user-${i}`;
      const checked = u.id === selected ? ' checked' : '';
      return `<label for="${id}"><input type="radio" id="${id}" name="user" value="${escapeHtml(u.id)}"${checked}> ${escapeHtml(userLabel(u))}</label>`;
    })
    .join('');
  return `<fieldset><legend>Continue as</legend>${options}</fieldset>`;
}

export function consentPage(input: ConsentPageInput): Reply {
  const app = escapeHtml(input.appName);
  const scopeItems =
    input.scopes.length === 0
      ? '<li>View your public profile information (name, username and profile picture)</li>'
      : input.scopes.map((s) => `<li>${escapeHtml(SCOPE_WORDS[s] ?? s)}</li>`).join('');
  const body = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Connect ${app} to Spotify</title><style>${STYLE}</style></head>
<body><main>
<h1>${app} wants to connect to your Spotify account</h1>
<form method="post" action="${CONSENT_ACTION}">
<input type="hidden" name="ticket" value="${escapeHtml(input.ticket)}">
${userPicker(input)}
<h2>${app} will be able to:</h2>
<ul>${scopeItems}</ul>
<p class="note">You can remove this access at any time in your account settings. This is the Tunetray Spotify emulator; no data leaves this computer.</p>
<div class="actions">
<button type="submit" name="decision" value="agree">Agree</button>
<button type="submit" name="decision" value="cancel">Cancel</button>
</div>
</form>
</main></body></html>`;
  return { status: 200, headers: { ...PAGE_HEADERS }, body };
}
