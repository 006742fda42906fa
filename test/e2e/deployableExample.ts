// The example prepared for an e2e test that deploys it on the real Docker engine: its own model
// name and router port, so tests never share containers, images or ports, and removal of
// everything it created afterwards.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { repoRoot } from '../harness/paths';
import { openWorkbenchWithVsix, type WorkbenchSession } from './workbenchSession';

/** The base image for builds and the router: the local one the setup script imports (no network). */
export const baseImage = process.env.MLOPS_BASE_IMAGE ?? 'local/mlops-base:bookworm';

export function docker(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  return spawnSync('docker', args, { encoding: 'utf8' });
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Opens a copy of examples/iris whose `model.name` is `model` and whose deploy port is
 * `routerPort`; `settings` are written to its .vscode/settings.json before the workbench opens
 * it, so they apply from the start.
 */
export async function openDeployableExample(o: { model: string; routerPort: number; settings?: Record<string, unknown> }): Promise<WorkbenchSession> {
  const prepared = fs.mkdtempSync(path.join(os.tmpdir(), `mlops-e2e-${o.model}-`));
  fs.cpSync(path.join(repoRoot, 'examples', 'iris'), prepared, { recursive: true });
  const pipelineFile = path.join(prepared, 'mlops.yaml');
  const pipeline = fs.readFileSync(pipelineFile, 'utf8')
    .replace(/^(\s+name:\s*)iris-classifier\b/m, `$1${o.model}`)
    .replace(/^(deploy:\n(?:.*\n)*?\s+port:\s*)\d+/m, `$1${o.routerPort}`);
  assert.ok(pipeline.includes(`name: ${o.model}`) && pipeline.includes(`port: ${o.routerPort}`), 'could not give the example its own model name and port');
  fs.writeFileSync(pipelineFile, pipeline);
  if (o.settings) {
    fs.mkdirSync(path.join(prepared, '.vscode'), { recursive: true });
    fs.writeFileSync(path.join(prepared, '.vscode', 'settings.json'), JSON.stringify(o.settings, null, 2));
  }
  try {
    return await openWorkbenchWithVsix({ example: path.relative(path.join(repoRoot, 'examples'), prepared) });
  } finally {
    fs.rmSync(prepared, { recursive: true, force: true });
  }
}

/** Removes every container and image labelled with the model's deployment, then the session. */
export async function removeDeployment(model: string, session: WorkbenchSession | undefined): Promise<void> {
  const containers = docker('ps', '-aq', '--filter', `label=mlops.deployment=${model}`).stdout.split('\n').filter(Boolean);
  if (containers.length > 0) docker('rm', '-f', ...containers);
  const images = docker('images', '-q', '--filter', `label=mlops.model=${model}`).stdout.split('\n').filter(Boolean);
  if (images.length > 0) docker('rmi', '-f', ...new Set(images));
  await session?.close();
}
