import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { MlopsApi } from '../../src/extension/extension';
import type { RunOutcome } from '../../src/node/runner/runOutcome';

async function api(): Promise<MlopsApi> {
  const ext = vscode.extensions.getExtension<MlopsApi>('mlops-workbench.mlops-workbench');
  assert.ok(ext);
  return ext.activate();
}

describe('Filtering the Experiments tree', function () {
  this.timeout(180_000);

  it('shows "N of M runs" on a group while a filter hides some of its runs, and "M runs" again when cleared', async () => {
    const pipelineFile = vscode.Uri.file(path.join(vscode.workspace.workspaceFolders![0]!.uri.fsPath, 'mlops.yaml'));
    const ids: string[] = [];
    for (let i = 0; i < 2; i++) {
      const outcome = await vscode.commands.executeCommand<RunOutcome>('mlops.runs.runPipelineForce', pipelineFile);
      assert.equal(outcome?.status, 'finished', JSON.stringify(outcome?.failure));
      ids.push(outcome.runId);
    }
    const { experiments } = await api();
    assert.ok(experiments);
    await experiments.stores.reload();
    const all = await experiments.stores.all();
    const experiment = all.find((r) => r.run.id === ids[0])!.run.experiment;
    // Top-level runs of the experiment: sweep children are counted under their parent.
    const total = all.filter((r) => r.run.experiment === experiment && r.run.parentId === undefined).length;
    assert.ok(total >= 2, `expected at least the two runs just recorded, found ${total}`);

    const groupDescription = async () => {
      const group = (await experiments.tree.getChildren()).find((n) => n.kind === 'experiment' && n.name === experiment);
      assert.ok(group, `no group for ${experiment}`);
      return experiments.tree.getTreeItem(group).description;
    };
    try {
      experiments.tree.setFilter({ text: ids[0] });
      assert.equal(await groupDescription(), `1 of ${total.toLocaleString('en-US')} runs`);
    } finally {
      experiments.tree.setFilter({});
    }
    assert.equal(await groupDescription(), `${total.toLocaleString('en-US')} runs`);
  });
});
