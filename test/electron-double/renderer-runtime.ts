/// <reference lib="dom" />
/**
 * What runs in the page before its own scripts, in every frame and on every navigation: the
 * renderer half of Electron's IPC (an `ipcRenderer` double over a Playwright binding, which tells the
 * main side exactly which frame called) and, in the main frame only (nodeIntegrationInSubFrames is
 * off), the real preload bundle with a `require('electron')` that returns `contextBridge` and
 * `ipcRenderer` doubles.
 *
 * installRenderer is serialised with Function.prototype.toString, so it must not close over
 * anything: everything it needs arrives in `options`.
 */

export interface RendererOptions {
  /** The Playwright binding: (channel, args) => { result } | { error }. */
  invokeBinding: string;
  /** Where main's webContents.send() delivers: window[deliverName](channel, args). */
  deliverName: string;
}

type Listener = (event: Electron.IpcRendererEvent, ...args: unknown[]) => void;

/** Returns the `require` the preload gets, or null in frames where no preload runs. */
export function installRenderer(options: RendererOptions): ((id: string) => unknown) | null {
  type Wire = { json: string } | { value: unknown };
  type Reply = { result: Wire } | { error: string };
  const fromWire = (wire: Wire): unknown => ('json' in wire ? JSON.parse(wire.json) : wire.value);
  const invokeRaw = (window as unknown as Record<string, (channel: string, args: unknown[]) => Promise<Reply>>)[
    options.invokeBinding
  ];
  const listeners = new Map<string, Set<Listener>>();

  const ipcRenderer = {
    async invoke(...[channel, ...args]: Parameters<Electron.IpcRenderer['invoke']>): Promise<unknown> {
      // Structured clone, as Electron serialises IPC arguments: functions and DOM nodes throw here.
      const reply = await (invokeRaw as (c: string, a: unknown[]) => Promise<Reply>)(channel, structuredClone(args));
      if ('error' in reply) throw new Error(`Error invoking remote method '${channel}': ${reply.error}`);
      return fromWire(reply.result);
    },
    on(...[channel, listener]: Parameters<Electron.IpcRenderer['on']>) {
      const set = listeners.get(channel) ?? new Set<Listener>();
      set.add(listener);
      listeners.set(channel, set);
      return ipcRenderer;
    },
    removeListener(...[channel, listener]: Parameters<Electron.IpcRenderer['removeListener']>) {
      listeners.get(channel)?.delete(listener);
      return ipcRenderer;
    },
  };

  Object.defineProperty(window, options.deliverName, {
    value: (channel: string, wire: Wire) => {
      const event = { sender: ipcRenderer, ports: [] } as unknown as Electron.IpcRendererEvent;
      const args = fromWire(wire) as unknown[];
      for (const listener of [...(listeners.get(channel) ?? [])]) listener(event, ...structuredClone(args));
    },
  });

  if (window !== window.top) return null;

  /** contextBridge's copy rules: functions are proxied (their arguments and results copied), the rest copied and frozen. */
  const acrossBridge = (value: unknown, depth = 0): unknown => {
    if (depth > 1000) throw new Error('Object has too much nesting to cross the context bridge');
    if (typeof value === 'function') {
      const fn = value as (...args: unknown[]) => unknown;
      return (...args: unknown[]) => {
        const result = fn(...args.map((arg) => acrossBridge(arg, depth + 1)));
        return result instanceof Promise
          ? result.then((settled) => acrossBridge(settled, depth + 1))
          : acrossBridge(result, depth + 1);
      };
    }
    if (value === null || typeof value !== 'object') return value;
    if (value instanceof Promise) return value.then((settled) => acrossBridge(settled, depth + 1));
    if (Array.isArray(value)) return Object.freeze(value.map((item) => acrossBridge(item, depth + 1)));
    if (Object.getPrototypeOf(value) === Object.prototype || Object.getPrototypeOf(value) === null) {
      const copy: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(value)) copy[key] = acrossBridge(item, depth + 1);
      return Object.freeze(copy);
    }
    return structuredClone(value);
  };

  const contextBridge = {
    exposeInMainWorld(...[apiKey, api]: Parameters<Electron.ContextBridge['exposeInMainWorld']>): void {
      if (apiKey in window) {
        throw new Error('Cannot bind an API on top of an existing property on the window object');
      }
      Object.defineProperty(window, apiKey, { value: acrossBridge(api), enumerable: true });
    },
  };

  return (id: string) => {
    if (id === 'electron' || id === 'electron/renderer') return { contextBridge, ipcRenderer };
    throw new Error(`module not found: ${id} (the electron double's sandboxed preload offers 'electron' only)`);
  };
}

/** The init script: the runtime, then the preload bundle wrapped as CommonJS (no eval: the page's CSP forbids it). */
export function rendererInitScript(options: RendererOptions, preloadSource: string | null): string {
  const preload = preloadSource
    ? `if (require) (function (require, module, exports) {\n${preloadSource}\n}).call(module.exports, require, module, module.exports);`
    : '';
  return `(() => {
  const require = (${installRenderer.toString()})(${JSON.stringify(options)});
  const module = { exports: {} };
  ${preload}
})();`;
}
