/// <reference lib="dom" />
/**
 * Runs in every frame before the page's scripts: the web APIs that ask for a permission ask main's
 * session handlers first (through a Playwright binding, which says which frame asked), as Electron's
 * permission manager does. A denial answers the page the way Chromium does when a permission is
 * denied; a grant lets the real API go on in Chromium (page-host.ts grants the permission there
 * first). Covered: notifications, geolocation, camera and microphone (getUserMedia), the clipboard,
 * and navigator.permissions.query (main's check handler). Serialised with Function.prototype.toString:
 * it must not close over anything.
 */

export interface PermissionShimOptions {
  /** The Playwright binding: (permission, { mediaTypes?, check? }) => granted. */
  binding: string;
}

export function installPermissionShim(options: PermissionShimOptions): void {
  type Ask = (permission: string, extra: { mediaTypes?: string[]; check?: boolean }) => Promise<boolean>;
  const ask = (window as unknown as Record<string, Ask>)[options.binding] as Ask;
  const notAllowed = (message: string) => new DOMException(message, 'NotAllowedError');

  if (typeof Notification === 'function') {
    const request = Notification.requestPermission.bind(Notification);
    Notification.requestPermission = (callback?: NotificationPermissionCallback) => {
      const answer = ask('notifications', {}).then((granted) => (granted ? request() : 'denied'));
      if (callback) void answer.then(callback);
      return answer;
    };
  }

  const geolocation = navigator.geolocation as Geolocation | undefined;
  if (geolocation) {
    // What Chromium hands the error callback when geolocation is denied.
    const deniedPosition = () =>
      Object.create(GeolocationPositionError.prototype, {
        code: { value: 1 },
        message: { value: 'User denied Geolocation' },
      }) as GeolocationPositionError;
    const getCurrentPosition = geolocation.getCurrentPosition.bind(geolocation);
    geolocation.getCurrentPosition = (success, error, positionOptions) => {
      void ask('geolocation', {}).then((granted) => {
        if (granted) getCurrentPosition(success, error, positionOptions);
        else error?.(deniedPosition());
      });
    };
    const watchPosition = geolocation.watchPosition.bind(geolocation);
    const clearWatch = geolocation.clearWatch.bind(geolocation);
    const watches = new Map<number, number | null>();
    let nextWatch = 1;
    geolocation.watchPosition = (success, error, positionOptions) => {
      const id = nextWatch++;
      watches.set(id, null);
      void ask('geolocation', {}).then((granted) => {
        if (!watches.has(id)) return;
        if (granted) watches.set(id, watchPosition(success, error, positionOptions));
        else error?.(deniedPosition());
      });
      return id;
    };
    geolocation.clearWatch = (id) => {
      const real = watches.get(id);
      watches.delete(id);
      if (real !== null && real !== undefined) clearWatch(real);
    };
  }

  const media = navigator.mediaDevices as MediaDevices | undefined;
  if (media) {
    const getUserMedia = media.getUserMedia.bind(media);
    media.getUserMedia = async (constraints?: MediaStreamConstraints) => {
      const mediaTypes = [...(constraints?.video ? ['video'] : []), ...(constraints?.audio ? ['audio'] : [])];
      if (!(await ask('media', { mediaTypes }))) throw notAllowed('Permission denied');
      return getUserMedia(constraints);
    };
  }

  const clipboard = navigator.clipboard as Clipboard | undefined;
  if (clipboard) {
    const guard = <A extends unknown[], R>(permission: string, message: string, fn: (...args: A) => Promise<R>) => {
      const original = fn.bind(clipboard);
      return async (...args: A): Promise<R> => {
        if (!(await ask(permission, {}))) throw notAllowed(message);
        return original(...args);
      };
    };
    clipboard.writeText = guard('clipboard-sanitized-write', 'Write permission denied.', clipboard.writeText);
    clipboard.write = guard('clipboard-sanitized-write', 'Write permission denied.', clipboard.write);
    clipboard.readText = guard('clipboard-read', 'Read permission denied.', clipboard.readText);
    clipboard.read = guard('clipboard-read', 'Read permission denied.', clipboard.read);
  }

  const permissions = navigator.permissions as Permissions | undefined;
  if (permissions) {
    // The Permissions API names, as Electron's check handler names them.
    const CHECKED: Record<string, [string, string[]?]> = {
      notifications: ['notifications'],
      geolocation: ['geolocation'],
      camera: ['media', ['video']],
      microphone: ['media', ['audio']],
      'clipboard-write': ['clipboard-sanitized-write'],
      'clipboard-read': ['clipboard-read'],
    };
    const query = permissions.query.bind(permissions);
    permissions.query = async (descriptor: PermissionDescriptor) => {
      const status = await query(descriptor);
      const checked = CHECKED[descriptor.name];
      if (!checked) return status;
      const [permission, mediaTypes] = checked;
      const granted = await ask(permission, { check: true, ...(mediaTypes ? { mediaTypes } : {}) });
      Object.defineProperty(status, 'state', { value: granted ? 'granted' : 'denied' });
      return status;
    };
  }
}

export const permissionShimScript = (options: PermissionShimOptions): string =>
  `(${installPermissionShim.toString()})(${JSON.stringify(options)});`;
