import type * as DockerBundle from '../../docker';

let loaded: typeof DockerBundle | undefined;

/**
 * The Docker bundle (dist/docker.js: dockerode, its modem, ssh2, the tar writer, the builder and
 * the deployer), required by the first Docker feature used rather than at activation. Its errors
 * are matched by `name` and `code`, never `instanceof`: its classes are not the glue bundle's copies.
 */
export function dockerBundle(): typeof DockerBundle {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a deliberate lazy load of the sibling bundle
  loaded ??= require('./docker.js') as typeof DockerBundle;
  return loaded;
}
