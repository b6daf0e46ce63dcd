/**
 * Reading the system's proxy answer (PAC format, as Electron's session.resolveProxy returns
 * it) and the HTTPS_PROXY / HTTP_PROXY / NO_PROXY environment into one route per URL.
 */
import { describe, expect, it } from 'vitest';
import { environmentProxy } from '../../app/network/environment-proxy.ts';
import { parsePacAnswer, proxyAddress } from '../../app/network/proxy-route.ts';

describe('parsePacAnswer', () => {
  it('reads DIRECT and the proxy kinds undici can carry, with default ports', () => {
    expect(parsePacAnswer('DIRECT').route).toEqual({ kind: 'direct' });
    expect(parsePacAnswer('PROXY proxy.corp:3128').route).toEqual({
      kind: 'proxy',
      scheme: 'http',
      uri: 'http://proxy.corp:3128',
      address: 'proxy.corp:3128',
      source: 'system',
    });
    expect(parsePacAnswer('HTTPS secure.corp').route).toMatchObject({ uri: 'https://secure.corp:443' });
    expect(parsePacAnswer('SOCKS5 10.0.0.1').route).toMatchObject({ uri: 'socks5://10.0.0.1:1080' });
    expect(parsePacAnswer('PROXY [::1]:8080').route).toMatchObject({ address: '[::1]:8080' });
    expect(parsePacAnswer('proxy lower.case:1').route).toMatchObject({ address: 'lower.case:1' });
  });

  it('takes the first usable entry and reports what it skipped', () => {
    const parsed = parsePacAnswer('SOCKS old.corp:1080; QUIC q.corp:443;PROXY p.corp:8080; DIRECT');
    expect(parsed.route).toMatchObject({ address: 'p.corp:8080' });
    expect(parsed.skipped).toEqual(['SOCKS old.corp:1080', 'QUIC q.corp:443']);
    expect(parsePacAnswer('DIRECT; PROXY p.corp:8080').route).toEqual({ kind: 'direct' });
  });

  it('goes direct when nothing is usable, as Chromium does when a PAC script fails', () => {
    for (const answer of [
      '',
      '   ',
      'garbage',
      'PROXY',
      'PROXY a b',
      'PROXY user:pw@host:1',
      'PROXY host/path',
      'SOCKS4 h:1',
    ]) {
      expect(parsePacAnswer(answer).route).toEqual({ kind: 'direct' });
    }
  });

  it('shows the proxy address, never anything else', () => {
    expect(proxyAddress(parsePacAnswer('PROXY p:1').route)).toBe('p:1');
    expect(proxyAddress({ kind: 'direct' })).toBeNull();
    expect(proxyAddress(null)).toBeNull();
  });
});

describe('environmentProxy', () => {
  const api = new URL('https://api.spotify.com/v1/me');
  const plain = new URL('http://example.com/');

  it('says nothing when no proxy variable is set, so the system decides', () => {
    expect(environmentProxy({})).toBeNull();
    expect(environmentProxy({ NO_PROXY: '*' })).toBeNull();
    expect(environmentProxy({ HTTPS_PROXY: '  ' })).toBeNull();
    expect(environmentProxy({ HTTPS_PROXY: 'ftp://nope:21' })).toBeNull();
  });

  it('uses HTTPS_PROXY for https, falling back to HTTP_PROXY; HTTP_PROXY only for http', () => {
    expect(environmentProxy({ HTTPS_PROXY: 'http://s.corp:3128' })?.(api)).toMatchObject({
      address: 's.corp:3128',
      source: 'environment',
    });
    expect(environmentProxy({ HTTPS_PROXY: 'http://s.corp:3128' })?.(plain)).toEqual({ kind: 'direct' });
    expect(environmentProxy({ HTTP_PROXY: 'http://h.corp:8080' })?.(api)).toMatchObject({ address: 'h.corp:8080' });
    expect(environmentProxy({ HTTP_PROXY: 'http://h.corp:8080' })?.(plain)).toMatchObject({ address: 'h.corp:8080' });
  });

  it('prefers the lowercase variables, reads a value without a scheme as http, and keeps credentials out of the address', () => {
    const route = environmentProxy({ https_proxy: 'low.corp:1', HTTPS_PROXY: 'http://up.corp:2' })?.(api);
    expect(route).toMatchObject({ uri: 'http://low.corp:1', address: 'low.corp:1' });
    const withCredentials = environmentProxy({ HTTPS_PROXY: 'http://me:s3cret@p.corp:3128' })?.(api);
    expect(withCredentials).toMatchObject({ uri: 'http://me:s3cret@p.corp:3128', address: 'p.corp:3128' });
    expect(environmentProxy({ HTTPS_PROXY: 'http://p.corp' })?.(api)).toMatchObject({ address: 'p.corp:80' });
  });

  it('honours NO_PROXY like EnvHttpProxyAgent: hosts, suffixes, *. subdomains, ports and *', () => {
    const route = (noProxy: string, url: URL) =>
      environmentProxy({ HTTPS_PROXY: 'http://p:1', NO_PROXY: noProxy })?.(url);
    expect(route('api.spotify.com', api)).toEqual({ kind: 'direct' });
    expect(route('spotify.com', api)).toEqual({ kind: 'direct' });
    expect(route('.spotify.com', api)).toEqual({ kind: 'direct' });
    expect(route('*.spotify.com', api)).toEqual({ kind: 'direct' });
    expect(route('*.spotify.com', new URL('https://spotify.com/'))).toMatchObject({ kind: 'proxy' });
    expect(route('otherspotify.com', api)).toMatchObject({ kind: 'proxy' });
    expect(route('api.spotify.com:8443', api)).toMatchObject({ kind: 'proxy' });
    expect(route('api.spotify.com:443', api)).toEqual({ kind: 'direct' });
    expect(route('example.org, *', api)).toEqual({ kind: 'direct' });
    expect(route('API.Spotify.com.', new URL('https://api.spotify.com./'))).toEqual({ kind: 'direct' });
    expect(environmentProxy({ HTTPS_PROXY: 'http://p:1', no_proxy: 'api.spotify.com', NO_PROXY: '' })?.(api)).toEqual({
      kind: 'direct',
    });
  });

  it('proxies loopback like any host unless NO_PROXY names it, as EnvHttpProxyAgent does', () => {
    const loopback = new URL('http://127.0.0.1:8765/');
    expect(environmentProxy({ HTTP_PROXY: 'http://p:1' })?.(loopback)).toMatchObject({ kind: 'proxy' });
    expect(environmentProxy({ HTTP_PROXY: 'http://p:1', NO_PROXY: '127.0.0.1' })?.(loopback)).toEqual({
      kind: 'direct',
    });
    expect(environmentProxy({ HTTP_PROXY: 'http://p:1', NO_PROXY: '[::1]' })?.(new URL('http://[::1]:80/'))).toEqual({
      kind: 'direct',
    });
  });
});
