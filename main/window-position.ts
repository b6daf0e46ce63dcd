/**
 * Where the companion window goes: next to the tray icon when the platform reports its
 * bounds (macOS, Windows), centred on the work area otherwise (most Linux trays). Pure.
 */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export function windowPosition(
  size: { width: number; height: number },
  workArea: Rect,
  trayBounds: Rect | null,
): { x: number; y: number } {
  const clamp = (value: number, min: number, max: number) => Math.min(Math.max(value, min), Math.max(min, max));
  const maxX = workArea.x + workArea.width - size.width;
  const maxY = workArea.y + workArea.height - size.height;
  if (!trayBounds || trayBounds.width === 0) {
    return {
      x: Math.round(workArea.x + (workArea.width - size.width) / 2),
      y: Math.round(workArea.y + (workArea.height - size.height) / 2),
    };
  }
  const x = clamp(Math.round(trayBounds.x + trayBounds.width / 2 - size.width / 2), workArea.x, maxX);
  // Tray at the top of the screen (macOS menu bar): below it. At the bottom (Windows taskbar): above it.
  const trayIsAtTop = trayBounds.y < workArea.y + workArea.height / 2;
  const y = trayIsAtTop ? trayBounds.y + trayBounds.height + 4 : trayBounds.y - size.height - 4;
  return { x, y: clamp(y, workArea.y, maxY) };
}
