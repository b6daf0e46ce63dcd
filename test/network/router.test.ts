/**
 * The route per origin: the environment wins when it names a proxy, then the system's answer,
 * then direct; answers are remembered for a while and refreshed in the background; a resolver
 * that fails or answers something unusable means direct, and says so in the log.
 */
import { describe, expect, it } from 'vitest';
import { createRouter } from '../../app/network/router.ts';
import { createMemoryLogger } from '../support/ports.ts';

const API = 'https://api.spotify.com';

describe('router', () => {
  it('asks the system once per origin and remembers the answer', async () => {
    const asked: string[] = [];
    const router = createRouter({
      proxyResolver: async (url) => {
        asked.push(url);
        return 'PROXY office.corp:3128';
      },
    });
    expect(router.known(API)).toBeUndefined();
    expect(await router.resolve(API)).toMatchObject({ address: 'office.corp:3128', source: 'system' });
    for (let i = 0; i < 5; i++) expect(router.known(API)).toMatchObject({ address: 'office.corp:3128' });
    expect(asked).toEqual(['https://api.spotify.com/']);
  });

  it('shares one question between concurrent first requests', async () => {
    let calls = 0;
    let answer: (value: string) => void = () => {};
    const router = createRouter({
      proxyResolver: () => {
        calls++;
        return new Promise<string>((resolve) => {
          answer = resolve;
        });
      },
    });
    const both = Promise.all([router.resolve(API), router.resolve(API)]);
    answer('DIRECT');
    expect(await both).toEqual([{ kind: 'direct' }, { kind: 'direct' }]);
    expect(calls).toBe(1);
  });

  it('refreshes a stale answer in the background while the old one keeps serving', async () => {
    let now = 0;
    let answer = 'PROXY first.corp:1';
    const router = createRouter({ proxyResolver: async () => answer, now: () => now, ttlMs: 1000 });
    await router.resolve(API);
    answer = 'DIRECT';
    now = 1500;
    expect(router.known(API)).toMatchObject({ address: 'first.corp:1' });
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(router.known(API)).toEqual({ kind: 'direct' });
  });

  it('lets HTTPS_PROXY win over the system, and NO_PROXY exempt hosts', async () => {
    const router = createRouter({
      proxyResolver: async () => 'PROXY system.corp:1',
      env: { HTTPS_PROXY: 'http://env.corp:8080', NO_PROXY: 'accounts.spotify.com' },
    });
    expect(await router.resolve(API)).toMatchObject({ address: 'env.corp:8080', source: 'environment' });
    expect(await router.resolve('https://accounts.spotify.com')).toEqual({ kind: 'direct' });
  });

  it('goes direct, and logs why, when the resolver fails or answers nothing usable', async () => {
    const logger = createMemoryLogger();
    const failing = createRouter({
      proxyResolver: async () => Promise.reject(new Error('no network service')),
      logger,
    });
    expect(await failing.resolve(API)).toEqual({ kind: 'direct' });
    const odd = createRouter({ proxyResolver: async () => 'SOCKS old.corp:1080', logger });
    expect(await odd.resolve(API)).toEqual({ kind: 'direct' });
    const lines = logger.lines.map((l) => l.line).join('\n');
    expect(lines).toContain('Could not resolve the proxy; going direct');
    expect(lines).toContain('SOCKS old.corp:1080');
  });

  it('without a resolver or proxy environment, everything goes direct', async () => {
    expect(await createRouter().resolve(API)).toEqual({ kind: 'direct' });
    expect(await createRouter({ env: {} }).resolve(API)).toEqual({ kind: 'direct' });
  });
});
