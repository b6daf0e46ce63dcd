/** The CLI a person runs: prints what to register and how to point Tunetray at it, stops cleanly on Ctrl-C. */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, expect, it } from 'vitest';
import { get } from './test-helpers.ts';

const CLI = fileURLToPath(new URL('./cli.ts', import.meta.url));
let child: ChildProcessWithoutNullStreams | null = null;

afterEach(() => {
  child?.kill('SIGKILL');
  child = null;
});

function waitFor(proc: ChildProcessWithoutNullStreams, pattern: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    proc.stdout.setEncoding('utf8');
    proc.stdout.on('data', (c: string) => {
      out += c;
      if (pattern.test(out)) resolve(out);
    });
    proc.on('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
  });
}

it('prints URLs, the demo Client ID, the redirect URI and env vars; serves; exits 0 on SIGINT', async () => {
  const proc = spawn(process.execPath, [CLI, '--port', '0', '--playlists', '42']);
  child = proc;
  const out = await waitFor(proc, /Press Ctrl-C to stop\./);
  const url = /Accounts:\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1] ?? '';
  expect(out).toContain('7d3b0c2e9f4a4d6b8e1f0a2c3b4d5e6f');
  expect(out).toContain('http://127.0.0.1/callback');
  expect(out).toContain(`TUNETRAY_ACCOUNTS_URL=${url}`);
  expect(out).toContain(`TUNETRAY_API_URL=${url}/v1`);
  expect(out).toContain('TUNETRAY_CLIENT_ID=7d3b0c2e9f4a4d6b8e1f0a2c3b4d5e6f');
  expect(out).toContain('42 playlists');
  const index = await get(`${url}/`);
  expect(index.text).toContain('42 playlists');
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  proc.kill('SIGINT');
  expect(await exited).toBe(0);
});

it('refuses a bad argument with usage and exit code 2', async () => {
  const proc = spawn(process.execPath, [CLI, '--playlists', 'lots']);
  child = proc;
  let err = '';
  proc.stderr.on('data', (c: Buffer) => {
    err += c.toString();
  });
  const code = await new Promise<number | null>((resolve) => proc.on('exit', (c) => resolve(c)));
  expect(code).toBe(2);
  expect(err).toContain('Usage: npm run emulator');
});
