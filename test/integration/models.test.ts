import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { MlopsApi } from '../../src/extension/extension';
import type { ExperimentsNode } from '../../src/extension/experiments/experimentsTree';
import type { ModelsNode } from '../../src/extension/models/modelsTree';
import type { RunOutcome } from '../../src/node/runner/runOutcome';

async function api(): Promise<MlopsApi> {
  const ext = vscode.extensions.getExtension<MlopsApi>('mlops-workbench.mlops-workbench');
  assert.ok(ext);
  return ext.activate();
}

/** The Experiments tree's node for a run, as a right-click hands it to a command. */
async function runNode(runId: string): Promise<ExperimentsNode> {
  const { experiments } = await api();
  await experiments!.stores.reload();
  const walk = async (node?: ExperimentsNode): Promise<ExperimentsNode | undefined> => {
    for (const child of await experiments!.tree.getChildren(node)) {
      if (child.kind === 'run' && child.stored.run.id === runId) return child;
      const found = await walk(child);
      if (found) return found;
    }
    return undefined;
  };
  const found = await walk();
  assert.ok(found, `run ${runId} is not in the Experiments tree`);
  return found;
}

/** The Models tree as a user reads it: "model/label  description" per version, and the nodes. */
async function modelRows(): Promise<{ text: string; node: ModelsNode }[]> {
  const { models } = await api();
  assert.ok(models, 'the extension exposes no Models tree');
  models.tree.refresh();
  const rows = [];
  for (const model of await models.tree.getChildren()) {
    for (const version of await models.tree.getChildren(model)) {
      const item = models.tree.getTreeItem(version);
      const label = typeof item.label === 'string' ? item.label : item.label?.label ?? '';
      rows.push({ text: `${model.model.name}/${label}  ${typeof item.description === 'string' ? item.description : ''}`.trim(), node: version });
    }
  }
  return rows;
}

describe('The Models view', function () {
  this.timeout(180_000);
  let workspace: string;
  let pipelineFile: vscode.Uri;

  before(async () => {
    workspace = vscode.workspace.workspaceFolders![0]!.uri.fsPath;
    pipelineFile = vscode.Uri.file(path.join(workspace, 'mlops.yaml'));
    await vscode.commands.executeCommand('mlops.models.focus');
  });

  it('shows a registered run\'s model as version 1, and the alias Set Alias points at it', async () => {
    const outcome = await vscode.commands.executeCommand<RunOutcome>('mlops.runs.runPipelineForce', pipelineFile);
    assert.equal(outcome?.status, 'finished', `the run ended ${outcome?.status}`);
    assert.equal(await vscode.commands.executeCommand('mlops.runs.registerModel', await runNode(outcome.runId)), 'done');
    const registered = (await modelRows()).find((r) => r.text.startsWith('iris-classifier/v1'));
    assert.ok(registered, `expected iris-classifier/v1 in the Models view, saw: ${(await modelRows()).map((r) => r.text).join(' | ')}`);

    assert.equal(await vscode.commands.executeCommand('mlops.models.setAlias', registered.node, 'champion'), 'done');
    const rows = (await modelRows()).map((r) => r.text);
    assert.ok(rows.includes('iris-classifier/v1  champion'), `expected "iris-classifier/v1  champion", saw: ${rows.join(' | ')}`);
  });

  it('refuses the protected alias for a version whose run failed its gates, and records an override with its reason', async () => {
    // One epoch leaves test/accuracy under the pipeline's 0.9 gate.
    const outcome = await vscode.commands.executeCommand<RunOutcome>('mlops.runs.runPipeline', pipelineFile, { 'train.epochs': 1 });
    assert.equal(outcome?.status, 'finished', `the run ended ${outcome?.status}`);
    assert.equal(await vscode.commands.executeCommand('mlops.runs.registerModel', await runNode(outcome.runId), undefined, 'registered to try it'), 'done');
    const failing = (await modelRows()).find((r) => r.node.kind === 'version' && r.node.version.runId === outcome.runId);
    assert.ok(failing && failing.node.kind === 'version', `the one-epoch run's version is not in the Models view`);
    const node = failing.node;
    const version = node.version.version;
    assert.equal(node.version.gatesPassed, false, 'the one-epoch run passed its gates, so nothing here can be refused');

    assert.equal(await vscode.commands.executeCommand('mlops.models.setAlias', node, 'production'), 'refused');
    const aliasesFile = path.join(workspace, '.mlops', 'registry', 'iris-classifier', 'aliases.json');
    const aliases = JSON.parse(fs.readFileSync(aliasesFile, 'utf8')) as Record<string, number>;
    assert.equal(aliases.production, undefined, `production points at version ${aliases.production} after a refusal`);

    assert.equal(await vscode.commands.executeCommand('mlops.models.setAlias', node, 'production', 'hotfix demo for the review'), 'done');
    const audit = fs.readFileSync(path.join(workspace, '.mlops', 'registry', 'audit.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { action: string; to: string | null; reason: string | null });
    const override = audit.find((e) => e.action === 'gate-override' && e.to === `production=${version}`);
    assert.ok(override, `no gate-override entry for production=${version} in audit.jsonl (actions: ${audit.map((e) => e.action).join(', ')})`);
    assert.match(override.reason ?? '', /hotfix demo for the review/);
    const rows = (await modelRows()).map((r) => r.text);
    assert.ok(rows.includes(`iris-classifier/v${version}  production`), `expected v${version} with "production", saw: ${rows.join(' | ')}`);
  });
  it('Compare Runs takes model@alias and model:version and opens on their source runs; an unknown alias is one sentence', async () => {
    const rows = await modelRows();
    const v1 = rows.find((r) => r.text.startsWith('iris-classifier/v1'))?.node;
    const production = rows.find((r) => r.text.endsWith(' production'))?.node;
    assert.ok(v1?.kind === 'version' && production?.kind === 'version', `expected v1 and a version labelled production, saw: ${rows.map((r) => r.text).join(' | ')}`);
    const panel = await vscode.commands.executeCommand<{ shownRunIds: readonly string[]; panel: vscode.WebviewPanel } | undefined>('mlops.runs.compare', ['iris-classifier:1', 'iris-classifier@production']);
    assert.ok(panel, 'Compare Runs opened no panel for iris-classifier:1 and iris-classifier@production');
    assert.deepEqual([...panel.shownRunIds].sort(), [v1.version.runId, production.version.runId].sort());
    panel.panel.dispose();
    const unknown = await vscode.commands.executeCommand('mlops.runs.compare', ['iris-classifier@nosuch', 'iris-classifier:1']);
    assert.equal(unknown, undefined, 'Compare Runs opened a panel for an alias that does not exist');
  });

  it('Show Audit Trail shows the model\'s trail newest first under a verify line', async () => {
    const { models } = await api();
    models!.tree.refresh();
    const model = (await models!.tree.getChildren()).find((n) => n.kind === 'model' && n.model.name === 'iris-classifier');
    assert.ok(model, 'iris-classifier is not in the Models view');
    const text = await vscode.commands.executeCommand<string>('mlops.models.showAuditTrail', model);
    const lines = (text ?? '').split('\n');
    assert.equal(lines[0], 'Audit trail of iris-classifier (newest first)');
    assert.match(lines[1] ?? '', /^Verified: the audit trail is intact \(\d+ entries/);
    const seqs = lines.filter((l) => /^#\d+ /.test(l)).map((l) => Number(/^#(\d+)/.exec(l)![1]));
    assert.ok(seqs.length >= 3 && seqs.every((n, i) => i === 0 || n < seqs[i - 1]!), `expected the entries newest first, saw seqs ${seqs.join(', ')}`);
    assert.match(lines.find((l) => /^#\d+ /.test(l)) ?? '', /alias-(set|move) .*production=\d+ .*reason: hotfix demo for the review/);
  });
});
