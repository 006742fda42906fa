import * as assert from 'node:assert/strict';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { removeContainersByLabel, runContainer } from '../../src/node/docker/containers';
import { openEngine } from '../../src/node/docker/engineClient';
import type { DeploymentsNode, DeploymentsTree } from '../../src/extension/deploy/deploymentsTree';
import type { MlopsApi } from '../../src/extension/extension';

const testLabel = { 'mlops.test': 'deployments-integration' } as const;
const baseImage = process.env.MLOPS_BASE_IMAGE ?? 'local/mlops-base:bookworm';

async function api(): Promise<MlopsApi> {
  const ext = vscode.extensions.getExtension<MlopsApi>('mlops-workbench.mlops-workbench');
  assert.ok(ext);
  return ext.activate();
}

async function setHost(value: string | undefined): Promise<void> {
  await vscode.workspace.getConfiguration().update('mlops.docker.host', value, vscode.ConfigurationTarget.Workspace);
}

/** A tree item's label as the user reads it. */
const labelOf = (item: vscode.TreeItem): string => (typeof item.label === 'string' ? item.label : item.label?.label ?? '');

interface Shown { node: DeploymentsNode; item: vscode.TreeItem; children: Shown[] }

async function shown(tree: DeploymentsTree, node?: DeploymentsNode): Promise<Shown[]> {
  return Promise.all((await tree.getChildren(node)).map(async (n) => ({ node: n, item: tree.getTreeItem(n), children: n.kind === 'version' || n.kind === 'action' ? [] : await shown(tree, n) })));
}

const describeShown = (items: Shown[]): string => items.map((s) => `${labelOf(s.item)} [${s.item.description ?? ''}]`).join('; ') || 'nothing';

/**
 * Waits until the tree, as the user sees it, satisfies `find` (re-checked on every redraw of the
 * view: the view's own refresh loop drives it). Fails with what the tree showed last.
 */
async function waitForTree<T>(tree: DeploymentsTree, what: string, find: (items: Shown[]) => T | undefined, deadlineMs = 90_000): Promise<T> {
  const deadline = Date.now() + deadlineMs;
  let last: Shown[] = [];
  for (;;) {
    last = await shown(tree);
    const found = find(last);
    if (found !== undefined) return found;
    if (Date.now() > deadline) assert.fail(`expected the Deployments tree to show ${what}; it showed: ${describeShown(last)}`);
    await new Promise<void>((resolve) => {
      const sub = tree.onDidChangeTreeData(() => { sub.dispose(); clearTimeout(timer); resolve(); });
      const timer = setTimeout(() => { sub.dispose(); resolve(); }, 2_000);
    });
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

describe('Deployments view against a real Docker engine', function () {
  this.timeout(180_000);
  const engine = openEngine({ env: {} });

  before(async () => {
    await vscode.commands.executeCommand('mlops.deployments.focus');
  });

  after(async () => {
    await setHost(undefined);
    await removeContainersByLabel(engine, testLabel);
  });

  it('says the engine is not reachable, with Configure… and Show Logs, when mlops.docker.host names a missing socket', async () => {
    const { deployments } = await api();
    assert.ok(deployments, 'the extension exposes no Deployments area');
    const missing = path.join(os.tmpdir(), `mlops-no-engine-${process.pid}.sock`);
    await setHost(`unix://${missing}`);
    const error = await waitForTree(deployments.tree, 'an "engine not reachable" item', (items) => items.find((s) => labelOf(s.item).startsWith('Docker engine not reachable: ')));
    assert.match(labelOf(error.item), new RegExp(missing.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')), `the item does not name the socket: ${labelOf(error.item)}`);
    assert.equal(error.item.contextValue, 'engine.unreachable');
    assert.deepEqual(error.children.map((c) => [c.item.label, c.item.command?.command]), [
      ['Configure…', 'mlops.docker.configure'],
      ['Show Logs', 'mlops.docker.showLogs'],
    ]);
  });

  it('shows a deployment rebuilt from labelled containers: health, strategy, each version\'s role, traffic share and port', async () => {
    const { deployments } = await api();
    assert.ok(deployments);
    await setHost(undefined);
    const name = `itg-${process.pid}`;
    const [routerPort, bluePort, greenPort] = [await freePort(), await freePort(), await freePort()];
    const common = { ...testLabel, 'mlops.managed': 'true', 'mlops.deployment': name, 'mlops.model': 'iris-classifier' };
    const healthy = { test: ['CMD', 'true'], intervalMs: 1_000, timeoutMs: 1_000, startPeriodMs: 0, retries: 1 };
    const sleeper = { image: baseImage, cmd: ['sleep', '600'], restartPolicy: 'no' as const, healthcheck: healthy };
    await runContainer(engine, { ...sleeper, name: `mlops-${name}-router`, labels: { ...common, 'mlops.role': 'router', 'mlops.port': String(routerPort) } });
    await runContainer(engine, { ...sleeper, name: `mlops-${name}-blue`, labels: { ...common, 'mlops.role': 'primary', 'mlops.colour': 'blue', 'mlops.version': 'run-aaaa1111', 'mlops.run': 'aaaa1111', 'mlops.port': String(bluePort), 'mlops.strategy': 'blue-green' } });
    await runContainer(engine, { ...sleeper, name: `mlops-${name}-green`, labels: { ...common, 'mlops.role': 'canary', 'mlops.colour': 'green', 'mlops.version': 'run-bbbb2222', 'mlops.run': 'bbbb2222', 'mlops.port': String(greenPort), 'mlops.strategy': 'canary', 'mlops.weight': '25' } });

    const deployment = await waitForTree(deployments.tree, `${name} healthy with both versions healthy`, (items) => items.find((s) =>
      s.item.label === name && s.item.contextValue === 'deployment.healthy' && s.children.length === 2 && s.children.every((c) => /healthy/.test(String(c.item.contextValue)))));
    assert.equal(deployment.item.description, `canary · healthy · 127.0.0.1:${routerPort}`);
    assert.deepEqual(deployment.children.map((c) => [c.item.label, c.item.contextValue, String(c.item.description).replace(/ · up .*$/, '')]), [
      ['run-aaaa1111 (blue)', 'version.primary.healthy', `primary · healthy · 75% traffic · port ${bluePort}`],
      ['run-bbbb2222 (green)', 'version.canary.healthy', `canary · healthy · 25% traffic · port ${greenPort}`],
    ]);
    for (const c of deployment.children) assert.match(String(c.item.description), / · up \d+ (s|min)$/, `no uptime in "${String(c.item.description)}"`);
  });
});
