/**
 * Tray, as a Linux desktop (StatusNotifierItem) shows one: the menu a user can open is the one last
 * given to setContextMenu, as it was at that moment (changing a MenuItem afterwards shows nothing until
 * setContextMenu is called again); 'click' is only delivered where the knob says the tray reports
 * activations; getBounds() is empty unless the knob gives the tray a place (as macOS and Windows do).
 */
import { EventEmitter } from 'node:events';
import { provide, report } from './control.ts';
import { onlyElectronMembers } from './event.ts';
import { config } from './host-config.ts';
import { requireReady } from './lifecycle.ts';
import { findItem, type MenuDouble, menuData } from './menu.ts';
import { type MenuItemData, now, type TrayState } from './messages.ts';
import { NativeImageDouble, nativeImage } from './native-image.ts';

const trays: TrayDouble[] = [];

type TrayMembers = 'setToolTip' | 'getBounds' | 'destroy' | 'isDestroyed';

export class TrayDouble extends EventEmitter implements Pick<Electron.Tray, TrayMembers> {
  readonly #image: NativeImageDouble;
  #tooltip = '';
  #menu: MenuDouble | null = null;
  #shown: MenuItemData[] | null = null;
  readonly #menuChanges: Array<{ at: number; labels: string[] }> = [];
  #destroyed = false;
  readonly #createdAt = now();

  constructor(image: NativeImageDouble | string, _guid?: string) {
    requireReady('Cannot create Tray before app is ready', 'Tray', 'tray');
    super();
    this.#image = typeof image === 'string' ? nativeImage.createFromPath(image) : image;
    trays.push(this);
    report({ type: 'tray-created', at: this.#createdAt });
  }

  #alive(): void {
    if (this.#destroyed) throw new Error('Tray is destroyed');
  }

  setToolTip(toolTip: string): void {
    this.#alive();
    this.#tooltip = toolTip;
  }
  setContextMenu(menu: MenuDouble | null): void {
    this.#alive();
    this.#menu = menu;
    this.#shown = menu ? menuData(menu) : null;
    this.#menuChanges.push({ at: now(), labels: (this.#shown ?? []).map((item) => item.label) });
  }
  getBounds(): Electron.Rectangle {
    this.#alive();
    return config.tray.bounds ? { ...config.tray.bounds } : { x: 0, y: 0, width: 0, height: 0 };
  }
  destroy(): void {
    if (this.#destroyed) return;
    this.#destroyed = true;
    report({ type: 'tray-destroyed', at: now() });
  }
  isDestroyed(): boolean {
    return this.#destroyed;
  }

  #state(): TrayState {
    const size = this.#image.getSize();
    return {
      menu: this.#shown,
      menuChanges: this.#menuChanges.slice(),
      tooltip: this.#tooltip,
      icon: {
        path: NativeImageDouble.pathOf(this.#image),
        empty: this.#image.isEmpty(),
        ...size,
        template: this.#image.isTemplateImage(),
      },
      destroyed: this.#destroyed,
      createdAt: this.#createdAt,
    };
  }

  static {
    const live = (): TrayDouble => {
      const alive = trays.filter((t) => !t.#destroyed);
      if (alive.length !== 1) throw new Error(`expected one tray icon, found ${alive.length}`);
      return alive[0] as TrayDouble;
    };
    provide({
      'tray.list': () => trays.map((t) => t.#state()),
      'tray.clickItem': ({ path }) => {
        const tray = live();
        if (!tray.#menu || !tray.#shown)
          throw new Error('the tray has no context menu (setContextMenu was never called)');
        const item = findItem(tray.#menu, tray.#shown, path);
        (item.click as (event: Electron.KeyboardEvent) => void)({});
        return null;
      },
      'tray.click': () => {
        const tray = live();
        if (!config.tray.reportsClicks) {
          throw new Error(
            'this tray does not report clicks: on Linux a StatusNotifierItem tray opens its context menu instead ' +
              '(set the knob tray.reportsClicks to model a desktop that does)',
          );
        }
        tray.emit('click', {}, tray.getBounds(), { x: 0, y: 0 });
        return null;
      },
    });
  }
}
onlyElectronMembers<TrayDouble, Electron.Tray>('ok');
