/** Electron's Event objects: `preventDefault()` and `defaultPrevented`, plus whatever the event carries. */
export function electronEvent<P extends object = object>(params: P = {} as P): Electron.Event<P> {
  let prevented = false;
  const event = {
    ...params,
    preventDefault: () => {
      prevented = true;
    },
    get defaultPrevented() {
      return prevented;
    },
  };
  return event as Electron.Event<P>;
}

/**
 * Compiles only when every public member of the double `D` also exists on Electron's type `R`: the
 * double may model less than Electron, never more. (Signatures are checked by `implements Pick<R, ...>`.)
 */
export function onlyElectronMembers<D, R>(
  _check: [Exclude<keyof D, keyof R>] extends [never] ? 'ok' : Exclude<keyof D, keyof R>,
): void {}
