import * as fs from 'node:fs';
import * as path from 'node:path';
import { SHIPPED_SERVER } from '../../core/docker/dockerfilePlan';
import { DockerizeError } from './dockerizeError';

/**
 * python/mlops_serve.py as shipped: next to the bundle's folder (dist/../python, for dist/cli.js
 * and dist/docker.js in the .vsix) or, for code compiled elsewhere (out/src/node/docker), the
 * nearest python/ folder above it.
 */
export function findShippedServer(from: string = __dirname): string {
  let dir = from;
  for (let i = 0; i < 6; i++) {
    const candidate = path.join(dir, '..', 'python', SHIPPED_SERVER);
    if (fs.existsSync(candidate)) return path.resolve(candidate);
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  throw new DockerizeError('no-server', `The model server ${SHIPPED_SERVER} is missing from the installation (looked in python/ next to ${from}); reinstall the extension.`);
}
