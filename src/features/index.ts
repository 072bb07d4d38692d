import type { BotRouter } from '../bot/router';
import type { Deps } from '../deps';
import { registerSessionCommands } from '../guided/commands';
import * as builder from './builder';
import { capabilitiesOf, type FeatureName } from './capabilities';
import * as dataRights from './dataRights';
import { mountFallback } from './fallback';
import * as glossary from './glossary';
import * as guides from './guides';
import * as help from './help';
import * as mapping from './mapping';
import * as reflect from './reflect';
import * as scale from './scale';
import * as supervision from './supervision';
import * as training from './training';

/**
 * Mounts every feature on the router, in order: commands and intents first, then the catch-all
 * for free text, mounted last and alone so it can never shadow a feature.
 */
export function registerFeatures(router: BotRouter, deps: Deps): Maintenance {
  const caps = capabilitiesOf(FEATURES);
  const helpCards = help.register(router, deps);
  const maps = mapping.register(router, deps, caps);
  const supervisions = supervision.register(router, deps, maps.flagOf);
  registerSessionCommands(router, deps, [maps.provider, supervisions.provider]);
  const reflection = reflect.register(router, deps, maps.pins);
  dataRights.register(router, deps, [maps.provider, supervisions.provider], [reflect.REFLECT_PREFIX]);
  // The glossary is mounted later; the training words ask it, at message time, whether a term is named.
  let terms: glossary.GlossaryFeature | undefined;
  training.register(router, deps, (said) => terms?.namesTerm(said) ?? false);
  builder.register(router, deps, caps, scale.statementScaler(deps.content));
  scale.register(router, deps);
  guides.register(router, deps, caps);
  terms = glossary.register(router, deps, caps);

  mountFallback(router, helpCards, terms);

  // Every command is known now: the help card lists the ones that route, once, not at every turn.
  helpCards.listAvailable(router);

  return {
    sweep: async (now) =>
      (await maps.sessions.sweep(now)) +
      (await supervisions.sessions.sweep(now)) +
      (await reflection.sweep(now)) +
      (await terms.sweep(now)),
    prepare: () => terms.prepare(),
  };
}

/** Every feature registerFeatures mounts (the capabilities cards may offer buttons into). */
const FEATURES: readonly FeatureName[] = [
  'help',
  'mapping',
  'supervision',
  'sessions',
  'reflect',
  'privacy',
  'training',
  'builder',
  'scale',
  'guides',
  'glossary',
];

/** Background upkeep the features need: deleting data past its retention period. */
export interface Maintenance {
  /** Deletes expired data; resolves to the number of records removed. */
  sweep(now: number): Promise<number>;
  /** Work no first answer needs (the glossary's search index), for start-up to do once the server listens. */
  prepare?(): void;
}
