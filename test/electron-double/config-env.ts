/** The environment variable that carries the host configuration to the app's process. */
export const CONFIG_ENV = 'ELECTRON_DOUBLE_CONFIG';
