/**
 * Tunetray as an installed app, through the double in packaged mode: app.isPackaged is true and
 * process.resourcesPath is the resources folder of a real `--linux dir` pack. The tray icon is the
 * packed tray.png; the overrides a developer uses are ignored and the log says so: the renderer dev
 * URL (the window loads the app's own UI, and only that origin is answered), and the endpoints from
 * the environment and settings.json (a saved sign-in goes to Spotify, never to them). Debug lines
 * stay out of main.log.
 */
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type DesktopApp, userDataDir } from '../../electron-double/client.ts';
import { type CaptureServer, startCaptureServer } from '../../support/capture-server.ts';
import { type LinuxPack, packLinuxDir } from '../../support/pack.ts';
import {
  mainLog,
  mainLogFile,
  quitFromTray,
  sessionState,
  startConnected,
  waitForTrayItem,
  waitForVisibleWindow,
  withClientId,
} from './desk.ts';
import { desktopAvailable, useDesk } from './suite.ts';

/** Would take the page's requests if it were loaded: it never should be, in a packaged app. */
const DEV_PAGE = '<!doctype html><title>dev server</title><p>A page from the renderer dev server</p>';

describe.skipIf(!desktopAvailable)('desktop: a packaged build', () => {
  const desk = useDesk();
  let pack: LinuxPack;
  let devServer: CaptureServer;
  let capture: CaptureServer;
  /** Stands in for the internet: as the system proxy it records where the app tried to go, and refuses. */
  let outside: CaptureServer;
  let devLog = '';
  let app: DesktopApp;
  let profileDir: string;
  /** Everything addressed to the capture server: straight, or through the system proxy. */
  const sentToCapture = () => [
    ...[...capture.requests, ...outside.requests.filter((r) => r.url.includes(capture.address))].map(
      (r) => `${r.method} ${r.url}`,
    ),
    ...[...capture.connects, ...outside.connects.filter((target) => target === capture.address)].map(
      (target) => `CONNECT ${target}`,
    ),
  ];

  beforeAll(async () => {
    pack = packLinuxDir();
    devServer = await startCaptureServer({ page: DEV_PAGE });
    capture = await startCaptureServer();
    outside = await startCaptureServer();

    // An earlier run, in development against the emulator: signed in, then quit.
    const { app: dev, profileDir: signedIn } = await startConnected(desk);
    await dev.power('resume');
    expect(await quitFromTray(dev)).toBe(0);
    devLog = mainLog(signedIn);

    // The same machine with the installed app, and every endpoint override pointing at the capture server.
    profileDir = desk.profile();
    cpSync(signedIn, profileDir, { recursive: true });
    rmSync(mainLogFile(profileDir));
    const settingsFile = join(userDataDir(profileDir), 'settings.json');
    const stored = existsSync(settingsFile)
      ? (JSON.parse(readFileSync(settingsFile, 'utf8')) as { settings?: object })
      : {};
    writeFileSync(
      settingsFile,
      JSON.stringify({ ...stored, settings: { ...stored.settings, accountsUrl: capture.url, apiUrl: capture.url } }),
    );
    desk.emulator.clearRequests();
    app = desk.launch({
      profileDir,
      env: {
        ...withClientId,
        TUNETRAY_ACCOUNTS_URL: capture.url,
        TUNETRAY_API_URL: capture.url,
        ELECTRON_RENDERER_URL: devServer.url,
      },
      knobs: { isPackaged: true, resourcesPath: pack.resources, systemProxy: `PROXY ${outside.address}` },
    });
    await waitForTrayItem(app, 'Signed in as');
  }, 120_000);
  afterAll(async () => {
    await Promise.all([devServer, capture, outside].map((server) => server?.close()));
    pack?.remove();
  });

  test('the tray icon is the packed tray.png under process.resourcesPath', async () => {
    const { icon } = await app.tray();
    expect(icon).toMatchObject({ path: join(pack.resources, 'tray', 'tray.png'), empty: false });
    expect(icon.width).toBeGreaterThan(0);
  });

  test('ELECTRON_RENDERER_URL is ignored: the window shows the app and answers only its own origin', async () => {
    await waitForVisibleWindow(app);
    expect((await app.window()).url).toBe('app://tunetray/index.html');
    // Our page is answered, so the trusted origin is the app's own, not the dev URL's.
    expect((await sessionState(app)).status).toBe('connected');
    expect(devServer.requests).toEqual([]);
    await app.waitFor(
      () =>
        mainLog(profileDir).includes('Ignoring ELECTRON_RENDERER_URL: a packaged Tunetray loads only its own files'),
      'main.log to say the renderer URL was ignored',
    );
  });

  test('the saved sign-in goes to Spotify, never to the endpoints from the environment or settings.json', async () => {
    // The start-up sync goes out (through the system proxy, which shows where) to Spotify's Web API.
    await app.waitFor(() => {
      const reached = sentToCapture();
      if (reached.length > 0) throw new Error(`the capture server was sent ${reached.join(', ')}`);
      return outside.connects.includes('api.spotify.com:443');
    }, 'a request to api.spotify.com');
    expect(sentToCapture()).toEqual([]);
    expect(desk.emulator.requests).toEqual([]);
    const log = mainLog(profileDir);
    for (const name of ['TUNETRAY_ACCOUNTS_URL', 'TUNETRAY_API_URL']) {
      expect(log).toContain(`Ignoring ${name}: a packaged Tunetray talks to Spotify only`);
    }
    for (const key of ['accountsUrl', 'apiUrl']) {
      expect(log).toContain(`Ignoring ${key} in settings.json: a packaged Tunetray talks to Spotify only`);
    }
    expect(log).not.toContain(capture.url);
  });

  test('main.log holds no debug lines (a development run writes them)', async () => {
    expect(devLog).toMatch(/ DEBUG refresh scheduler: re-checking why="resume"/);
    await app.power('resume');
    expect(await quitFromTray(app)).toBe(0);
    const log = mainLog(profileDir);
    expect(log).toContain(' INFO ');
    expect(log.split('\n').filter((line) => line.includes(' DEBUG '))).toEqual([]);
  });
});

describe.skipIf(!desktopAvailable)('desktop: the renderer dev URL in development', () => {
  const desk = useDesk();
  let devServer: CaptureServer;

  beforeAll(async () => {
    devServer = await startCaptureServer({ page: DEV_PAGE });
  });
  afterAll(async () => {
    await devServer?.close();
  });

  // The other side of the packaged check above: the same URL is honoured, and trusted, in development.
  test('a loopback dev URL is loaded and its page is answered', async () => {
    const app = desk.launch({
      profileDir: desk.profile(),
      env: { ...withClientId, ELECTRON_RENDERER_URL: devServer.url },
    });
    await app.waitFor(
      async () => (await app.windows()).some((w) => w.url === `${devServer.url}/`),
      'the window to load the dev URL',
    );
    expect(devServer.requests.map((r) => `${r.method} ${r.url}`)).toContain('GET /');
    expect((await sessionState(app)).status).toBe('signed-out');
  });
});
