import { describe, expect, test } from 'vitest';
import { mayHoldQuit } from '../../main/quit-policy.ts';

describe('mayHoldQuit', () => {
  test('a quit from the tray is held once for the clean-up, then let go', () => {
    expect(mayHoldQuit({ started: true, cleanedUp: false, systemEnding: false })).toBe(true);
    expect(mayHoldQuit({ started: true, cleanedUp: true, systemEnding: false })).toBe(false);
  });

  test('a logout, restart or shutdown is never held (macOS would cancel it)', () => {
    expect(mayHoldQuit({ started: true, cleanedUp: false, systemEnding: true })).toBe(false);
  });

  test('before the app is ready there is nothing to clean up', () => {
    expect(mayHoldQuit({ started: false, cleanedUp: false, systemEnding: false })).toBe(false);
  });
});
