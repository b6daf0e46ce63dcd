/**
 * `npm run emulator -- [--port 8765] [--playlists 300]`: the demo world for a person with curl and
 * a browser. Port 8765 by default (not ephemeral) so the printed URLs stay the same between runs.
 */
import { parseArgs } from 'node:util';
import { DEMO_CLIENT_ID, DEMO_PLAYLIST_COUNT, DEMO_REDIRECT_URI, DEMO_USER_ID, startEmulator } from './index.ts';

const USAGE = `Usage: npm run emulator -- [--port N] [--playlists N]
  --port N        port on 127.0.0.1 (default 8765; 0 picks a free one)
  --playlists N   playlists for the demo user (default ${DEMO_PLAYLIST_COUNT})`;

function intArg(value: string | undefined, fallback: number, name: string, max: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > max) {
    console.error(`--${name} must be an integer between 0 and ${max}\n\n${USAGE}`);
    process.exit(2);
  }
  return n;
}

async function main(): Promise<void> {
  let values: { port?: string; playlists?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      options: { port: { type: 'string' }, playlists: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    }));
  } catch (e) {
    console.error(`${e instanceof Error ? e.message : String(e)}\n\n${USAGE}`);
    process.exit(2);
  }
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const port = intArg(values.port, 8765, 'port', 65535);
  const demoPlaylists = intArg(values.playlists, DEMO_PLAYLIST_COUNT, 'playlists', 200_000);
  let emulator: Awaited<ReturnType<typeof startEmulator>>;
  try {
    emulator = await startEmulator({ port, demo: true, demoPlaylists });
  } catch (e) {
    const code = e instanceof Error && 'code' in e ? String(e.code) : '';
    console.error(
      code === 'EADDRINUSE'
        ? `Port ${port} is already in use. Try --port 0 for a free one.`
        : `Could not start: ${String(e)}`,
    );
    process.exit(1);
  }
  console.log(`Spotify emulator running (demo user "${DEMO_USER_ID}" with ${demoPlaylists} playlists)

  Accounts:   ${emulator.accountsUrl}   (authorize: ${emulator.accountsUrl}/authorize, token: ${emulator.accountsUrl}/api/token)
  Web API:    ${emulator.apiUrl}
  Control:    ${emulator.url}/__emulator/   (e.g. curl ${emulator.url}/__emulator/requests)

  Demo Client ID:            ${DEMO_CLIENT_ID}
  Redirect URI registered:   ${DEMO_REDIRECT_URI}   (no port: any loopback port is accepted)

Point Tunetray at it:
  TUNETRAY_ACCOUNTS_URL=${emulator.accountsUrl} TUNETRAY_API_URL=${emulator.apiUrl} TUNETRAY_CLIENT_ID=${DEMO_CLIENT_ID} npm run dev

A token without the browser (test shortcut):
  curl -s -X POST ${emulator.url}/__emulator/tokens -H 'content-type: application/json' \\
    -d '{"clientId":"${DEMO_CLIENT_ID}","userId":"${DEMO_USER_ID}","scopes":["user-read-private","playlist-read-private","playlist-read-collaborative"]}'

Press Ctrl-C to stop.`);

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    console.log(`\n${signal}: closing the emulator.`);
    emulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

await main();
