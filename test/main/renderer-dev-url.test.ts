import { describe, expect, test } from 'vitest';
import { rendererDevUrl } from '../../main/renderer-dev-url.ts';

describe('rendererDevUrl (ELECTRON_RENDERER_URL)', () => {
  test('unset: the packaged UI', () => {
    expect(rendererDevUrl(undefined, false)).toEqual({ url: null, ignored: null });
  });

  test('in development, on a loopback literal: used', () => {
    expect(rendererDevUrl('http://127.0.0.1:5173', false)).toEqual({ url: 'http://127.0.0.1:5173/' });
    expect(rendererDevUrl('http://[::1]:5173/', false)).toEqual({ url: 'http://[::1]:5173/' });
  });

  test.each(['http://localhost:5173', 'https://example.com', 'http://10.0.0.2:5173', 'file:///tmp/x.html', 'nonsense'])(
    'in development, %s is ignored with a reason',
    (raw) => {
      const source = rendererDevUrl(raw, false);
      expect(source.url).toBeNull();
      expect(source.url === null && source.ignored).toMatch(/./);
    },
  );

  test('a packaged build never loads a dev server, not even on loopback', () => {
    expect(rendererDevUrl('http://127.0.0.1:5173', true)).toEqual({
      url: null,
      ignored: 'a packaged Tunetray loads only its own files',
    });
  });
});
