import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { MlopsApi } from '../../src/extension/extension';

const extensionId = 'mlops-workbench.mlops-workbench';
const workbenchViewVerbs = new Set(['focus', 'open', 'removeView', 'resetViewLocation', 'toggleVisibility']);

interface Manifest {
  contributes: { commands: { command: string }[]; views: Record<string, { id: string; name: string }[]> };
}

function manifest(): Manifest {
  const ext = vscode.extensions.getExtension(extensionId);
  assert.ok(ext, `${extensionId} is not loaded`);
  return JSON.parse(fs.readFileSync(path.join(ext.extensionPath, 'package.json'), 'utf8')) as Manifest;
}

describe('Extension in a real VS Code', () => {
  it('runs inside VS Code with a workspace folder open', () => {
    assert.match(vscode.version, /^1\.\d+\.\d+/);
    assert.ok((vscode.workspace.workspaceFolders ?? []).length > 0, 'no workspace folder open');
  });

  it('activates and returns its API', async () => {
    const ext = vscode.extensions.getExtension<MlopsApi>(extensionId);
    assert.ok(ext);
    const api = await ext.activate();
    assert.equal(ext.isActive, true);
    assert.equal(typeof api.activationMs, 'number');
  });

  it('activates on a registration bundle under 16 KB: no area, engine or Docker code loads until something needs it', async () => {
    const ext = vscode.extensions.getExtension<MlopsApi>(extensionId);
    assert.ok(ext);
    await ext.activate();
    // Nothing has asked for a feature yet: no view shown, no pipeline open, no command run.
    const dist = path.join(ext.extensionPath, 'dist');
    const loaded = Object.keys(require.cache).filter((f) => path.dirname(f) === dist);
    const bytes = loaded.reduce((sum, f) => sum + fs.statSync(f).size, 0);
    const names = loaded.map((f) => path.basename(f)).sort().join(', ');
    assert.ok(bytes <= 16 * 1024, `expected activation to load at most 16 KB of dist/, it loaded ${(bytes / 1024).toFixed(1)} KB (${names})`);
    assert.deepEqual(loaded.map((f) => path.basename(f)), ['extension.js'], `expected only dist/extension.js loaded, saw: ${names}`);
  });

  it('runs the real command the first time a command is used before anything else loaded the areas', async () => {
    // Cancel Run's real handler answers 0 (no run in progress) after saying so.
    assert.equal(await vscode.commands.executeCommand('mlops.runs.cancel'), 0);
    const dist = path.join(vscode.extensions.getExtension(extensionId)!.extensionPath, 'dist');
    assert.ok(require.cache[path.join(dist, 'areas.js')], 'expected dist/areas.js to be loaded once a command ran');
  });

  it('registers every command package.json declares, and declares every mlops command it registers', async () => {
    // Reading the API loads the areas, so what is compared is their real registrations, not the
    // stand-ins activation registers from package.json.
    assert.ok((await vscode.extensions.getExtension<MlopsApi>(extensionId)!.activate()).experiments, 'the Experiments area did not start');
    const declared = manifest().contributes.commands.map((c) => c.command).sort();
    const viewIds = Object.values(manifest().contributes.views).flat().map((v) => v.id);
    // The workbench adds `<view>.focus`, `<view>.open`, ... for each view; those are not ours.
    const isWorkbenchViewCommand = (id: string) => viewIds.some((v) => id.startsWith(`${v}.`)) && workbenchViewVerbs.has(id.slice(id.lastIndexOf('.') + 1));
    const registered = (await vscode.commands.getCommands(true)).filter((c) => c.startsWith('mlops.') && !isWorkbenchViewCommand(c)).sort();
    assert.deepEqual(registered, declared);
  });

  it('contributes the MLOps container with Experiments, Models and Deployments views that VS Code created', async () => {
    const views = manifest().contributes.views.mlops?.map((v) => `${v.id}:${v.name}`);
    assert.deepEqual(views, ['mlops.experiments:Experiments', 'mlops.models:Models', 'mlops.deployments:Deployments']);
    const commands = await vscode.commands.getCommands(true);
    for (const id of ['mlops.experiments', 'mlops.models', 'mlops.deployments']) {
      // The workbench registers `<view>.focus` only for a view it actually created.
      assert.ok(commands.includes(`${id}.focus`), `view ${id} was not created`);
      await vscode.commands.executeCommand(`${id}.focus`);
    }
  });
});
