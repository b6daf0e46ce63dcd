/**
 * `node --import <this file> out/main/index.js`: the app's `electron` resolves to the double, for
 * import and require alike (module.registerHooks: synchronous, in this thread, Node >= 22.15), and
 * the process takes on the traits Electron gives its main process before the app's script runs.
 */
import { registerHooks } from 'node:module';
import './process-traits.ts';

const DOUBLE = new URL('./electron.ts', import.meta.url).href;

registerHooks({
  resolve(specifier, context, nextResolve) {
    if (specifier === 'electron' || specifier === 'electron/main') return { url: DOUBLE, shortCircuit: true };
    return nextResolve(specifier, context);
  },
});
