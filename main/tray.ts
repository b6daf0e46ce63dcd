/**
 * The Tray: created once after 'ready' and kept referenced (a collected Tray disappears).
 * Its menu and tooltip are rebuilt from trayMenu()/trayTooltip() on every state change.
 */
import { Menu, type MenuItemConstructorOptions, nativeImage, Tray } from 'electron';
import type { PlaylistSummary, SessionState } from '../app/model.ts';
import { type TrayAction, type TrayItem, trayMenu, trayTooltip } from './tray-menu.ts';
import type { Rect } from './window-position.ts';

export interface TunetrayTray {
  readonly update: (state: SessionState, playlists: readonly PlaylistSummary[]) => void;
  readonly bounds: () => Rect | null;
  readonly destroy: () => void;
}

function toElectron(items: TrayItem[], onAction: (action: TrayAction) => void): MenuItemConstructorOptions[] {
  return items.map((entry): MenuItemConstructorOptions => {
    if (entry.type === 'separator') return { type: 'separator' };
    const { action, submenu } = entry;
    return {
      label: entry.label,
      enabled: entry.enabled,
      ...(submenu ? { submenu: toElectron(submenu, onAction) } : {}),
      ...(action ? { click: () => onAction(action) } : {}),
    };
  });
}

export function createTray(options: {
  iconPath: string;
  onAction: (action: TrayAction) => void;
  onClick: () => void;
}): TunetrayTray {
  const image = nativeImage.createFromPath(options.iconPath);
  // macOS draws template images in the menu bar's colour (light or dark).
  if (process.platform === 'darwin') image.setTemplateImage(true);
  const tray = new Tray(image);
  // Left click toggles the window where the platform reports clicks (not most Linux trays).
  tray.on('click', options.onClick);
  return {
    update(state, playlists) {
      tray.setToolTip(trayTooltip(state));
      tray.setContextMenu(Menu.buildFromTemplate(toElectron(trayMenu(state, playlists), options.onAction)));
    },
    bounds() {
      const b = tray.getBounds();
      return b.width > 0 ? b : null;
    },
    destroy: () => tray.destroy(),
  };
}
