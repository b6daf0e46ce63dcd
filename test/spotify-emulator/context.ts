/** Everything a route handler may touch, passed explicitly instead of living in module globals. */
import type { ConsentStore } from './accounts/sessions.ts';
import type { World } from './state.ts';
import type { TokenStore } from './tokens.ts';

export interface EmulatorContext {
  world: World;
  tokens: TokenStore;
  consent: ConsentStore;
}
