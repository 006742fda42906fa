import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { after } from 'node:test';
import { openEngine, type DockerEngine } from '../../src/node/docker/engineClient';
import { removeContainersByLabel, removeImagesByLabel } from '../../src/node/docker/containers';

/** Everything the engine tests create carries this label and is removed by it. */
export const testLabels = { 'mlops.test': 'engine' } as const;
export const baseImage = process.env.MLOPS_BASE_IMAGE ?? 'local/mlops-base:bookworm';

/** The machine's engine (default socket), with an environment that cannot redirect it. */
export function localEngine(): DockerEngine {
  return openEngine({ env: {}, homeDir: emptyHome() });
}

let home: string | undefined;
function emptyHome(): string {
  home ??= tempDir('mlops-docker-home-');
  return home;
}

/** A fresh temp folder, removed when the test file ends. */
export function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Removes the test's containers and images in after(), whether the tests passed or not. */
export function removeTestObjectsAfter(engine: DockerEngine, labels: Readonly<Record<string, string>> = testLabels): void {
  after(async () => {
    await removeContainersByLabel(engine, labels);
    await removeImagesByLabel(engine, labels);
  });
}

/** A loopback port nobody listens on right now. */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Polls until the condition holds, failing with `what` after the deadline. */
export async function waitFor(what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** What the docker CLI says, as an independent witness of the engine's state. */
export function dockerCli(...args: string[]): string {
  return execFileSync('docker', args, { encoding: 'utf8', env: { ...process.env, DOCKER_HOST: '', DOCKER_CONTEXT: '' } }).trim();
}
