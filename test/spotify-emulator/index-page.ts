/** GET / : a small page for a person who opens the emulator in a browser, saying what it is and where to start. */
import type { EmulatorContext } from './context.ts';
import { escapeHtml, PAGE_HEADERS, type Reply } from './http.ts';

export function indexPage(ctx: EmulatorContext): Reply {
  const { world } = ctx;
  const clients = [...world.clients.values()]
    .map(
      (c) =>
        `<li><strong>${escapeHtml(c.name)}</strong>: <code>${escapeHtml(c.clientId)}</code> (${c.secret === null ? 'PKCE' : 'secret'}), redirect URIs: ${c.redirectUris.map((u) => `<code>${escapeHtml(u)}</code>`).join(', ')}</li>`,
    )
    .join('');
  const users = [...world.users.values()]
    .map(
      (u) =>
        `<li><strong>${escapeHtml(u.displayName ?? u.id)}</strong> (<code>${escapeHtml(u.id)}</code>): ${world.playlists.get(u.id)?.length ?? 0} playlists</li>`,
    )
    .join('');
  const body = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Spotify emulator</title></head>
<body><main>
<h1>Tunetray's Spotify emulator</h1>
<p>A local stand-in for Spotify's Accounts service and Web API. Nothing here reaches the internet.</p>
<ul>
<li>Accounts: <code>${escapeHtml(world.url)}</code> (<code>/authorize</code>, <code>/api/token</code>)</li>
<li>Web API: <code>${escapeHtml(world.apiUrl)}</code> (<code>/me</code>, <code>/me/playlists</code>, <code>/playlists/{id}</code>, <code>/playlists/{id}/items</code>)</li>
<li>Control: <code>${escapeHtml(world.url)}/__emulator/</code> (JSON; try <code>GET /__emulator/requests</code>)</li>
</ul>
<h2>Clients</h2><ul>${clients || '<li>none</li>'}</ul>
<h2>Users</h2><ul>${users || '<li>none</li>'}</ul>
</main></body></html>`;
  return { status: 200, headers: { ...PAGE_HEADERS }, body };
}
