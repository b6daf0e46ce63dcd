/**
 * The renderer's dev server, for `npm run dev` (electron-vite sets ELECTRON_RENDERER_URL). Whatever
 * page loads from it gets the bridge and becomes the trusted IPC origin, so it is honoured only in
 * development and only on a loopback literal (127.0.0.1 or [::1]; electron.vite.config.ts binds the
 * dev server to 127.0.0.1 so the URL it hands over qualifies). Pure, so it is tested without Electron.
 */
import { isLoopbackHost } from '../app/endpoint-policy.ts';

export type RendererSource = { url: string } | { url: null; ignored: string | null };

export function rendererDevUrl(raw: string | undefined, packaged: boolean): RendererSource {
  if (!raw) return { url: null, ignored: null };
  if (packaged) return { url: null, ignored: 'a packaged Tunetray loads only its own files' };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { url: null, ignored: 'not a URL' };
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || !isLoopbackHost(url.hostname)) {
    return { url: null, ignored: 'only http(s) on 127.0.0.1 or [::1] is accepted' };
  }
  return { url: url.href };
}
