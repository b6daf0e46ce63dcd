import { useEffect, useState } from 'react';
import type { Settings } from '../../../app/model.ts';
import { call } from '../bridge.ts';

/** Settings read once at start; callers replace them with what setClientId / updatePreferences return. */
export function useSettings(): [Settings | null, (next: Settings) => void] {
  const [settings, setSettings] = useState<Settings | null>(null);
  useEffect(() => {
    let active = true;
    void call((api) => api.getSettings()).then((result) => {
      if (active && result.ok) setSettings(result.value);
    });
    return () => {
      active = false;
    };
  }, []);
  return [settings, setSettings];
}
