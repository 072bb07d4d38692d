/** The features the bot can have. */
export type FeatureName =
  | 'help'
  | 'mapping'
  | 'supervision'
  | 'sessions'
  | 'reflect'
  | 'privacy'
  | 'training'
  | 'builder'
  | 'scale'
  | 'guides'
  | 'glossary';

/**
 * Which features this bot has, known once at start-up: a card offers a button into another feature
 * (a term card's "Build a danger statement", the builder's "Scale it") only when that feature exists,
 * without asking the router while a card is drawn.
 */
export interface Capabilities {
  has(feature: FeatureName): boolean;
}

export function capabilitiesOf(features: readonly FeatureName[]): Capabilities {
  const mounted = new Set(features);
  return { has: (feature) => mounted.has(feature) };
}
