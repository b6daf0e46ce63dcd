/**
 * The host configuration of this process, read once from the environment. The launcher built and
 * validated it (config.ts, with zod); here it is only parsed, so the double adds little to start-up.
 */
import type { DoubleConfig } from './config.ts';
import { CONFIG_ENV } from './config-env.ts';

function readConfig(): DoubleConfig {
  const raw = process.env[CONFIG_ENV];
  if (!raw) {
    throw new Error(
      `electron double: ${CONFIG_ENV} is not set. Start the app with launchApp() from test/electron-double/client.ts.`,
    );
  }
  return JSON.parse(raw) as DoubleConfig;
}

export const config = readConfig();
