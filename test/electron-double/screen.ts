/** `screen`: one display, with the bounds and work area the test chose (after 'ready' only). */
import { EventEmitter } from 'node:events';
import type { Rect } from './config.ts';
import { onlyElectronMembers } from './event.ts';
import { config } from './host-config.ts';
import { isReady, ruleBroken } from './lifecycle.ts';

const { bounds, workArea, scaleFactor } = config.screen;

const display: Electron.Display = {
  id: 1,
  label: 'Electron double display',
  bounds,
  workArea,
  size: { width: bounds.width, height: bounds.height },
  workAreaSize: { width: workArea.width, height: workArea.height },
  scaleFactor,
  rotation: 0,
  internal: false,
  monochrome: false,
  accelerometerSupport: 'unknown',
  touchSupport: 'unknown',
  colorDepth: 24,
  colorSpace: '{primaries:BT709, transfer:SRGB, matrix:RGB, range:FULL}',
  depthPerComponent: 8,
  displayFrequency: 60,
  maximumCursorSize: { width: 64, height: 64 },
  nativeOrigin: { x: bounds.x, y: bounds.y },
  detected: true,
};

/** For the double's own use (window placement defaults) at any time. */
export const primaryWorkArea = (): Rect => ({ ...workArea });

function requireScreenReady(): void {
  if (!isReady()) {
    throw ruleBroken(
      "The 'screen' module can't be used before the app 'ready' event",
      "screen cannot be used until the app's 'ready' event",
      'screen',
    );
  }
}

export class ScreenDouble
  extends EventEmitter
  implements
    Pick<Electron.Screen, 'getPrimaryDisplay' | 'getAllDisplays' | 'getDisplayMatching' | 'getDisplayNearestPoint'>
{
  getPrimaryDisplay(): Electron.Display {
    requireScreenReady();
    return structuredClone(display);
  }
  getAllDisplays(): Electron.Display[] {
    requireScreenReady();
    return [structuredClone(display)];
  }
  getDisplayMatching(_rect: Electron.Rectangle): Electron.Display {
    requireScreenReady();
    return structuredClone(display);
  }
  getDisplayNearestPoint(_point: Electron.Point): Electron.Display {
    requireScreenReady();
    return structuredClone(display);
  }
}
onlyElectronMembers<ScreenDouble, Electron.Screen>('ok');

export const screen = new ScreenDouble();
