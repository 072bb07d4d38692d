/**
 * The one place teams-ai is loaded. It imports the library's Application and TeamsAdapter modules
 * directly rather than its index (which loads the AI planners and model clients this bot never uses),
 * and defers the modules behind its OAuth/SSO sign-in support (and botbuilder-dialogs under them)
 * until something actually touches them; this bot never configures sign-in. Measured on the 2-core
 * machine: about 0.6 s off every cold start (see README, Performance).
 */
import Module from 'node:module';
import { lazy } from './lazyModules';

type Loader = (request: string, parent: { filename?: string } | undefined, isMain: boolean) => unknown;
const moduleWithLoad = Module as unknown as { _load: Loader };

/** Requests, made from inside teams-ai, that are answered with a lazily loading stand-in. */
const DEFERRED = new Set(['botbuilder-dialogs', './Authentication', './authentication/Authentication']);

const original = moduleWithLoad._load;
moduleWithLoad._load = function load(request, parent, isMain) {
  if (DEFERRED.has(request) && parent?.filename?.includes(`${'@microsoft'}/teams-ai/lib/`)) {
    return lazy(() => original.call(this, request, parent, isMain) as object);
  }
  return original.call(this, request, parent, isMain);
};

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Application } = require('@microsoft/teams-ai/lib/Application') as typeof import('@microsoft/teams-ai');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { TeamsAdapter } = require('@microsoft/teams-ai/lib/TeamsAdapter') as typeof import('@microsoft/teams-ai');

moduleWithLoad._load = original;

export { Application, TeamsAdapter };
export type Application = import('@microsoft/teams-ai').Application;
export type TeamsAdapter = import('@microsoft/teams-ai').TeamsAdapter;
