import type { BotRouter } from '../bot/router';
import type { Deps } from '../deps';
import * as help from './help';

/**
 * Mounts every feature on the router, in order. The fallback for free text is mounted last, by
 * itself, so no feature can be shadowed by it.
 */
export function registerFeatures(router: BotRouter, deps: Deps): void {
  help.register(router, deps);
  help.registerFallback(router, deps);
}
