/** nativeImage.createFromPath: reads a PNG's size; a missing or unreadable file gives an empty image, as in Electron. */
import { readFileSync } from 'node:fs';
import { onlyElectronMembers } from './event.ts';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export class NativeImageDouble
  implements Pick<Electron.NativeImage, 'isEmpty' | 'getSize' | 'setTemplateImage' | 'isTemplateImage'>
{
  readonly #path: string | null;
  readonly #size: Electron.Size;
  #template = false;

  constructor(path: string | null, size: Electron.Size) {
    this.#path = path;
    this.#size = size;
  }
  isEmpty(): boolean {
    return this.#size.width === 0 || this.#size.height === 0;
  }
  getSize(_scaleFactor?: number): Electron.Size {
    return { ...this.#size };
  }
  setTemplateImage(option: boolean): void {
    this.#template = option;
  }
  isTemplateImage(): boolean {
    return this.#template;
  }
  static pathOf(image: NativeImageDouble): string | null {
    return image.#path;
  }
}
onlyElectronMembers<NativeImageDouble, Electron.NativeImage>('ok');

function pngSize(path: string): Electron.Size {
  try {
    const head = readFileSync(path).subarray(0, 24);
    if (!head.subarray(0, 8).equals(PNG_SIGNATURE)) return { width: 0, height: 0 };
    return { width: head.readUInt32BE(16), height: head.readUInt32BE(20) };
  } catch {
    return { width: 0, height: 0 };
  }
}

export const nativeImage = {
  createFromPath(...[path]: Parameters<typeof Electron.NativeImage.createFromPath>): NativeImageDouble {
    return new NativeImageDouble(path, pngSize(path));
  },
};
onlyElectronMembers<typeof nativeImage, typeof Electron.NativeImage>('ok');
