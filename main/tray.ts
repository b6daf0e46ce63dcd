/**
 * The Tray: created once after 'ready' and kept referenced (a collected Tray disappears).
 * Its menu and tooltip come from trayMenu()/trayTooltip() on every state change, and are set
 * again only when they differ from what the tray shows: a sync's progress changes the state many
 * times a second without changing the menu, and building a native menu is not free.
 */
import { Menu, type MenuItemConstructorOptions, nativeImage, Tray } from 'electron';
import type { PlaylistSummary, SessionState } from '../app/model.ts';
import { sameTrayItems, type TrayAction, type TrayItem, trayMenu, trayTooltip } from './tray-menu.ts';
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
  let shown: { menu: TrayItem[]; tooltip: string } | null = null;
  return {
    update(state, playlists) {
      const menu = trayMenu(state, playlists);
      const tooltip = trayTooltip(state);
      if (shown?.tooltip !== tooltip) tray.setToolTip(tooltip);
      if (!shown || !sameTrayItems(shown.menu, menu)) {
        tray.setContextMenu(Menu.buildFromTemplate(toElectron(menu, options.onAction)));
      }
      shown = { menu, tooltip };
    },
    bounds() {
      const b = tray.getBounds();
      return b.width > 0 ? b : null;
    },
    destroy: () => tray.destroy(),
  };
}
