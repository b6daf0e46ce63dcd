/**
 * What the window's page may ask of the machine: main's session handlers decide (through the double,
 * a page's permission request reaches them as it does in Electron). Camera, notifications and
 * geolocation are denied, by the check and by the request; writing the clipboard (the "Copy"
 * button) is allowed.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import type { DesktopApp } from '../../electron-double/client.ts';
import { waitForTrayItem, waitForVisibleWindow } from './desk.ts';
import { desktopAvailable, useDesk } from './suite.ts';

describe.skipIf(!desktopAvailable)('desktop: permissions', () => {
  const desk = useDesk();
  let app: DesktopApp;

  beforeAll(async () => {
    app = desk.launch({ profileDir: desk.profile() });
    await waitForVisibleWindow(app);
    await waitForTrayItem(app, 'Set up Tunetray');
  });

  test('camera, notifications and geolocation are denied when the page asks', async () => {
    const answers = await app.page.evaluate(async () => {
      const position = await new Promise<string>((resolve) =>
        navigator.geolocation.getCurrentPosition(
          () => resolve('a position'),
          (error) => resolve(`error ${error.code}`),
        ),
      );
      const camera = await navigator.mediaDevices.getUserMedia({ video: true }).then(
        () => 'a stream',
        (error: DOMException) => error.name,
      );
      return { notifications: await Notification.requestPermission(), geolocation: position, camera };
    }, null);
    // error 1 is PERMISSION_DENIED; NotAllowedError is getUserMedia's denial.
    expect(answers).toEqual({ notifications: 'denied', geolocation: 'error 1', camera: 'NotAllowedError' });
  });

  test('the permission checks say the same', async () => {
    const states = await app.page.evaluate(async () => {
      const names = ['notifications', 'geolocation', 'camera', 'clipboard-write'] as const;
      const answers: Record<string, string> = {};
      for (const name of names)
        answers[name] = (await navigator.permissions.query({ name: name as PermissionName })).state;
      return answers;
    }, null);
    expect(states).toEqual({
      notifications: 'denied',
      geolocation: 'denied',
      camera: 'denied',
      'clipboard-write': 'granted',
    });
  });

  test('the Copy button writes the redirect URI to the clipboard', async () => {
    await app.page.click({ role: 'button', name: 'Copy redirect URI' });
    await app.waitFor(async () => {
      // Refused, the button selects the text instead (so Ctrl+C still works): say so at once.
      const selected = await app.page.evaluate(() => window.getSelection()?.toString() ?? '', null);
      if (selected) throw new Error(`the clipboard write was refused; the button selected '${selected}' instead`);
      return (await app.page.text()).includes('Copied');
    }, 'the button to say Copied');
  });
});
