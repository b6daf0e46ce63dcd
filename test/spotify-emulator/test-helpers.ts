/**
 * Shared by the emulator's own tests: a PKCE pair, authorize URLs, and thin undici wrappers that
 * return status, headers and parsed body so each test reads as the behaviour it checks.
 */
import { createHash, randomBytes } from 'node:crypto';
import { request } from 'undici';
import type { Emulator } from './types.ts';

export const APP_SCOPES = ['user-read-private', 'playlist-read-private', 'playlist-read-collaborative'];

export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(48).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

export function authorizeUrl(emu: Emulator, params: Record<string, string | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined) q.set(k, v);
  return `${emu.accountsUrl}/authorize?${q.toString()}`;
}

export interface Res {
  status: number;
  headers: Record<string, string>;
  text: string;
  json: unknown;
}

export interface TokenJson {
  access_token: string;
  token_type: string;
  scope: string;
  expires_in: number;
  refresh_token?: string;
}

export interface PlaylistJson {
  id: string;
  name: string;
  public: boolean | null;
  collaborative: boolean;
  description: string | null;
  images: Array<{ url: string; height: number | null; width: number | null }> | null;
  owner: { id: string; display_name: string | null };
  tracks?: { href: string; total: number };
  items?: { href: string; total: number };
}

export interface PageJson {
  href: string;
  items: PlaylistJson[];
  limit: number;
  next: string | null;
  offset: number;
  previous: string | null;
  total: number;
}

/** Narrowing helpers: the tests assert the shape with expect() first, then read it typed. */
export const asToken = (r: Res) => r.json as TokenJson;
export const asPage = (r: Res) => r.json as PageJson;
export const asRecord = (r: Res) => r.json as Record<string, unknown>;

function flatten(h: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

async function toRes(r: Awaited<ReturnType<typeof request>>): Promise<Res> {
  const text = await r.body.text();
  let parsed: unknown = null;
  try {
    parsed = text === '' ? null : JSON.parse(text);
  } catch {
    parsed = null;
  }
  return { status: r.statusCode, headers: flatten(r.headers), text, json: parsed };
}

export async function get(url: string, headers: Record<string, string> = {}): Promise<Res> {
  return toRes(await request(url, { method: 'GET', headers }));
}

/** An image as the CDN serves it, with the size its PNG header declares (null when it is not a PNG). */
export async function getPng(url: string): Promise<{
  status: number;
  contentType: string | undefined;
  body: Buffer;
  size: { width: number; height: number } | null;
}> {
  const r = await request(url, { method: 'GET' });
  const body = Buffer.from(await r.body.arrayBuffer());
  const isPng = body.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  const size = isPng ? { width: body.readUInt32BE(16), height: body.readUInt32BE(20) } : null;
  const type = r.headers['content-type'];
  return { status: r.statusCode, contentType: Array.isArray(type) ? type[0] : type, body, size };
}

export async function apiGet(emu: Emulator, path: string, token?: string, headers: Record<string, string> = {}) {
  const auth: Record<string, string> = token === undefined ? {} : { authorization: `Bearer ${token}` };
  return get(path.startsWith('http') ? path : `${emu.apiUrl}${path}`, { ...auth, ...headers });
}

export async function post(url: string, body: string | Buffer, headers: Record<string, string> = {}): Promise<Res> {
  return toRes(await request(url, { method: 'POST', headers, body }));
}

export async function tokenPost(
  emu: Emulator,
  form: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<Res> {
  return post(`${emu.accountsUrl}/api/token`, new URLSearchParams(form).toString(), {
    'content-type': 'application/x-www-form-urlencoded',
    ...headers,
  });
}

export function basic(clientId: string, secret: string): Record<string, string> {
  return { authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}` };
}

/** Runs the whole PKCE flow through the consent page and returns the token response. */
export async function pkceLogin(
  emu: Emulator,
  o: { clientId: string; redirectUri: string; scopes?: string[]; userId?: string },
): Promise<Res> {
  const { verifier, challenge } = pkcePair();
  const url = authorizeUrl(emu, {
    client_id: o.clientId,
    response_type: 'code',
    redirect_uri: o.redirectUri,
    scope: (o.scopes ?? APP_SCOPES).join(' '),
    state: 'st',
    code_challenge_method: 'S256',
    code_challenge: challenge,
  });
  const browser = await emu.playBrowser(url, o.userId === undefined ? {} : { userId: o.userId });
  const code = new URL(browser.location ?? 'http://invalid/').searchParams.get('code');
  if (code === null) throw new Error(`no code: ${browser.status} ${browser.location} ${browser.body.slice(0, 200)}`);
  return await tokenPost(emu, {
    grant_type: 'authorization_code',
    code,
    redirect_uri: o.redirectUri,
    client_id: o.clientId,
    code_verifier: verifier,
  });
}

export function param(location: string | null, name: string): string | null {
  return location === null ? null : new URL(location).searchParams.get(name);
}
