// The Docker adapter (dockerode, ssh2, tar) lives in its own bundle, dist/docker.js, required the
// first time a docker command runs: `mlops runs` never loads it, and native parts stay out.
import * as path from 'node:path';
import type * as DockerApi from '../docker';

let loaded: typeof DockerApi | undefined;

export function dockerApi(): typeof DockerApi {
  // Next to dist/cli.js in the package; one folder up when run from tsc's output (out/src/cli).
  const candidates = [path.join(__dirname, 'docker.js'), path.join(__dirname, '..', 'docker.js')];
  for (const file of candidates) {
    if (loaded) break;
    try {
      // A computed path, so the bundler leaves this require alone.
      loaded = (require as (id: string) => unknown)(file) as typeof DockerApi;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND' || file === candidates[candidates.length - 1]) throw error;
    }
  }
  return loaded!;
}

/** Errors cross bundles: matched by name and code, never by instanceof. */
export function errorNamed(error: unknown, name: string): error is Error & { code?: string } {
  return error instanceof Error && error.name === name;
}
