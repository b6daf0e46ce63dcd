/**
 * Reading a member the double does not model throws at once, naming it, and is reported to the test
 * as a fault: main/ may catch the error (a proxy lookup that fails quietly goes direct), and a test
 * must not pass on a path Electron would not take.
 */
import { report } from './control.ts';
import { now } from './messages.ts';

// Looked up by Node, Promise resolution, util.inspect and bundlers' interop helpers; never by main/.
const PROBES = new Set(['then', 'toJSON', 'constructor', 'inspect', 'default', '__esModule', 'nodeType', '$$typeof']);

export function strict<T extends object>(name: string, target: T): T {
  const bound = new Map<string, unknown>();
  return new Proxy(target, {
    get(object, key) {
      if (typeof key === 'symbol' || PROBES.has(key)) return Reflect.get(object, key, object);
      if (!(key in object)) {
        const message = `electron double: ${name}.${key} is not modelled. Add it under test/electron-double/, typed against electron.d.ts.`;
        report({ type: 'fault', kind: 'not-modelled', message, at: now() });
        throw new Error(message);
      }
      const value = Reflect.get(object, key, object);
      // Classes (Menu, Tray...) and plain values pass as they are; only methods (no prototype) are bound.
      if (typeof value !== 'function' || value.prototype !== undefined) return value;
      // Methods run on the real object (its #private state), and keep their identity.
      if (!bound.has(key)) bound.set(key, (value as (...args: unknown[]) => unknown).bind(object));
      return bound.get(key);
    },
  });
}
