/**
 * Electron's WindowList: the open windows, and what app.quit() needs to hear from them (all of
 * them closed, or one of them refused to close).
 */
export interface ListedWindow {
  readonly id: number;
  close(): void;
  destroy(): void;
}

export interface WindowListObserver {
  allClosed(): void;
  closeCancelled(): void;
}

const open: ListedWindow[] = [];
let observer: WindowListObserver = { allClosed: () => {}, closeCancelled: () => {} };

export const windows = (): readonly ListedWindow[] => open;

export function observeWindows(next: WindowListObserver): void {
  observer = next;
}

export function windowOpened(window: ListedWindow): void {
  open.push(window);
}

export function windowClosed(window: ListedWindow): void {
  const index = open.indexOf(window);
  if (index >= 0) open.splice(index, 1);
  if (open.length === 0) observer.allClosed();
}

export function windowCloseCancelled(): void {
  observer.closeCancelled();
}
