import type * as Engine from '../engine';

let loaded: typeof Engine | undefined;

/**
 * The engine bundle (dist/engine.js: pipeline checker, run store, runner, git), required the
 * first time a feature needs it rather than at activation. Errors thrown by it are matched by
 * `name` and `code`, never `instanceof`: its classes are not the glue bundle's copies.
 */
export function engine(): typeof Engine {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a deliberate lazy load of the sibling bundle
  loaded ??= require('./engine.js') as typeof Engine;
  return loaded;
}
