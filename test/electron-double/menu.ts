/**
 * Menus as data: Menu.buildFromTemplate turns main's template into MenuItems (type 'submenu' where a
 * submenu is given, as Electron does), and a menu can be read back as the labels a user would see
 * ("&&" shows as "&", a single "&" marks a mnemonic and is not shown).
 */
import { onlyElectronMembers } from './event.ts';
import type { MenuItemData } from './messages.ts';

type ItemType = Electron.MenuItem['type'];
type Click = NonNullable<Electron.MenuItemConstructorOptions['click']>;

export class MenuItemDouble
  implements
    Pick<Electron.MenuItem, 'label' | 'enabled' | 'visible' | 'type' | 'id' | 'checked' | 'sublabel' | 'toolTip'>
{
  label: string;
  enabled: boolean;
  visible: boolean;
  checked: boolean;
  sublabel: string;
  toolTip: string;
  type: ItemType;
  id: string;
  submenu: MenuDouble | undefined;
  click: Electron.MenuItem['click'];

  constructor(options: Electron.MenuItemConstructorOptions) {
    this.submenu =
      options.submenu === undefined
        ? undefined
        : options.submenu instanceof MenuDouble
          ? options.submenu
          : MenuDouble.buildFromTemplate(options.submenu as Electron.MenuItemConstructorOptions[]);
    this.type = options.type ?? (this.submenu ? 'submenu' : 'normal');
    this.label = options.label ?? '';
    this.enabled = options.enabled ?? true;
    this.visible = options.visible ?? true;
    this.checked = options.checked ?? false;
    this.sublabel = options.sublabel ?? '';
    this.toolTip = options.toolTip ?? '';
    this.id = options.id ?? '';
    const onClick: Click | undefined = options.click;
    // Electron calls the template's click with (menuItem, focusedWindow, event).
    this.click = (event: Electron.KeyboardEvent = {}) =>
      onClick?.(this as unknown as Electron.MenuItem, undefined, event);
  }
}

export class MenuDouble {
  items: MenuItemDouble[] = [];

  static buildFromTemplate(template: Array<Electron.MenuItemConstructorOptions | MenuItemDouble>): MenuDouble {
    const menu = new MenuDouble();
    menu.items = template.map((entry) => (entry instanceof MenuItemDouble ? entry : new MenuItemDouble(entry)));
    return menu;
  }
}

onlyElectronMembers<MenuItemDouble, Electron.MenuItem>('ok');
onlyElectronMembers<MenuDouble, Electron.Menu>('ok');

/** The text a menu shows for an Electron label. */
export function displayedLabel(label: string): string {
  return label.replace(/&(&|.?)/gs, (_match, next: string) => next);
}

export function menuData(menu: MenuDouble): MenuItemData[] {
  return menu.items.map((item) => ({
    type: item.type,
    label: displayedLabel(item.label),
    enabled: item.enabled,
    visible: item.visible,
    submenu: item.submenu ? menuData(item.submenu) : null,
  }));
}

/** Finds the item a user reaches by following `path` (displayed labels), checking what they could not click. */
export function findItem(menu: MenuDouble, snapshot: MenuItemData[], path: string[]): MenuItemDouble {
  let items = menu.items;
  let shown = snapshot;
  let found: MenuItemDouble | undefined;
  path.forEach((label, depth) => {
    const index = shown.findIndex((entry) => entry.visible && entry.type !== 'separator' && entry.label === label);
    const where = path.slice(0, depth + 1).join(' > ');
    if (index < 0) {
      throw new Error(`no menu item '${where}'; the menu shows: ${shown.map((e) => e.label || '---').join(' | ')}`);
    }
    const entry = shown[index] as MenuItemData;
    if (!entry.enabled) throw new Error(`the menu item '${where}' is disabled`);
    found = items[index];
    if (depth < path.length - 1) {
      if (!entry.submenu || !found?.submenu) throw new Error(`the menu item '${where}' has no submenu`);
      items = found.submenu.items;
      shown = entry.submenu;
    }
  });
  if (!found) throw new Error('an empty menu path');
  return found;
}
