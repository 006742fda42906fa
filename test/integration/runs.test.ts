import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { MlopsApi } from '../../src/extension/extension';
import type { ExperimentsNode } from '../../src/extension/experiments/experimentsTree';
import type { RunOutcome } from '../../src/node/runner/runOutcome';

const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8' }).trim();

async function api(): Promise<MlopsApi> {
  const ext = vscode.extensions.getExtension<MlopsApi>('mlops-workbench.mlops-workbench');
  assert.ok(ext);
  return ext.activate();
}

/**
 * The processes running `script` with their working folder in `folder` (a stage's processes run
 * in the pipeline folder), read from /proc so the check sees a process tree the runner lost.
 */
function processesRunning(script: string, folder: string): number[] {
  const wanted = fs.realpathSync(folder);
  const pids: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (cmdline.includes(script) && fs.readlinkSync(`/proc/${entry}/cwd`) === wanted) pids.push(Number(entry));
    } catch {
      // The process ended while we looked, or it is not ours to read.
    }
  }
  return pids;
}

/** Every run recorded in the workspace's stores, as the Experiments view reads them. */
async function recordedRuns() {
  const { experiments } = await api();
  await experiments!.stores.reload();
  return experiments!.stores.all();
}

/** What the Experiments tree shows, as a user reads it: label, description, context value. */
async function treeRows(node?: ExperimentsNode, depth = 0): Promise<{ depth: number; label: string; description: string; context: string; node: ExperimentsNode }[]> {
  const { experiments } = await api();
  assert.ok(experiments);
  const rows = [];
  for (const child of await experiments.tree.getChildren(node)) {
    const item = experiments.tree.getTreeItem(child);
    const label = typeof item.label === 'string' ? item.label : item.label?.label ?? '';
    rows.push({ depth, label, description: typeof item.description === 'string' ? item.description : '', context: item.contextValue ?? '', node: child });
    rows.push(...await treeRows(child, depth + 1));
  }
  return rows;
}

describe('Running the example pipeline from the command palette', function () {
  this.timeout(180_000);
  let workspace: string;
  let pipelineFile: vscode.Uri;
  let head: string;

  before(() => {
    workspace = vscode.workspace.workspaceFolders![0]!.uri.fsPath;
    pipelineFile = vscode.Uri.file(path.join(workspace, 'mlops.yaml'));
    // A real repository, so the run has a commit to record.
    if (!fs.existsSync(path.join(workspace, '.git'))) {
      git(workspace, 'init', '-q');
      git(workspace, '-c', 'user.email=t@example.com', '-c', 'user.name=Test', 'add', '-A');
      git(workspace, '-c', 'user.email=t@example.com', '-c', 'user.name=Test', 'commit', '-qm', 'example');
    }
    head = git(workspace, 'rev-parse', 'HEAD');
  });

  it('produces a finished run with its params, metric history, commit and artifacts in the store', async () => {
    // Forced, so every stage runs whatever earlier tests left behind.
    const outcome = await vscode.commands.executeCommand<RunOutcome>('mlops.runs.runPipelineForce', pipelineFile);
    assert.equal(outcome?.status, 'finished', JSON.stringify(outcome));
    assert.deepEqual(outcome.stages.map((s) => `${s.name}:${s.status}`), ['prepare:ran', 'train:ran', 'evaluate:ran']);

    const { experiments } = await api();
    await experiments!.stores.reload();
    const stored = experiments!.stores.find(outcome.runId);
    assert.ok(stored, 'the run is not in the store');
    const { run } = stored;
    assert.equal(run.status, 'finished');
    assert.equal(run.experiment, 'iris');
    assert.equal(run.params['train.epochs'], 150);
    assert.ok(typeof run.metrics['test/accuracy'] === 'number' && run.metrics['test/accuracy'] > 0.5, `test/accuracy ${run.metrics['test/accuracy']}`);
    assert.equal(run.git?.commit, head);
    assert.deepEqual(run.artifacts.map((a) => a.path).sort(), ['data/prepared', 'models/model.json']);
    assert.ok(run.artifacts.every((a) => /^[0-9a-f]{64}$/.test(a.hash ?? '')), JSON.stringify(run.artifacts));
    const [history] = await stored.reader.loadHistories([run.id]);
    assert.equal(history?.series['train/loss']?.values.length, 150, 'one train/loss point per epoch');
    assert.deepEqual([...(history?.series['train/loss']?.steps.slice(0, 3) ?? [])], [1, 2, 3]);
  });

  it('Run Pipeline twice with nothing changed records one run, then says it is up to date and records nothing', async () => {
    // A missing output makes the first Run Pipeline run, whatever ran before.
    fs.rmSync(path.join(workspace, 'models', 'model.json'), { force: true });
    const before = (await recordedRuns()).length;
    const first = await vscode.commands.executeCommand<RunOutcome>('mlops.runs.runPipeline', pipelineFile);
    assert.equal(first?.status, 'finished', `first Run Pipeline: ${first?.status}, expected finished`);
    assert.equal((await recordedRuns()).length, before + 1, 'the first Run Pipeline recorded no run');

    const terminals = vscode.window.terminals.length;
    const second = await vscode.commands.executeCommand<RunOutcome>('mlops.runs.runPipeline', pipelineFile);
    assert.equal(second?.status, 'up-to-date', `second Run Pipeline with nothing changed: ${second?.status}, expected up-to-date`);
    assert.deepEqual(second.stages.map((s) => `${s.name}:${s.status}`), ['prepare:skipped', 'train:skipped', 'evaluate:skipped']);
    assert.equal((await recordedRuns()).length, before + 1, 'the second Run Pipeline recorded a run although nothing changed');
    assert.equal(vscode.window.terminals.length, terminals, 'a run with nothing to do opened a terminal');

    const stage = await vscode.commands.executeCommand<RunOutcome>('mlops.runs.runStage', pipelineFile, 'train');
    assert.equal(stage?.status, 'up-to-date', `Run Stage train with nothing changed: ${stage?.status}, expected up-to-date`);
    assert.equal((await recordedRuns()).length, before + 1, 'Run Stage recorded a run although nothing changed');
  });

  it('re-runs only the stages that read a changed param', async () => {
    // From the params file's values: afterwards only a changed param can make a stage run.
    const baseline = await vscode.commands.executeCommand<RunOutcome>('mlops.runs.runPipeline', pipelineFile);
    assert.ok(baseline?.status === 'finished' || baseline?.status === 'up-to-date', `baseline run: ${baseline?.status}`);
    const outcome = await vscode.commands.executeCommand<RunOutcome>('mlops.runs.runPipeline', pipelineFile, { 'train.epochs': 20 });
    assert.deepEqual(outcome?.stages.map((s) => `${s.name}:${s.status}`), ['prepare:skipped', 'train:ran', 'evaluate:ran']);
  });

  it('stops at a failing stage, skips its dependants and reports the stage, exit code and last stderr line', async () => {
    const outcome = await vscode.commands.executeCommand<RunOutcome>('mlops.runs.runPipeline', pipelineFile, { 'train.epochs': 'many' });
    assert.equal(outcome?.status, 'failed');
    assert.equal(outcome.failure?.name, 'train');
    assert.equal(outcome.failure?.exitCode, 2);
    assert.match(outcome.failure?.lastStderr?.at(-1) ?? '', /invalid int value: 'many'/);
    assert.equal(outcome.stages.find((s) => s.name === 'evaluate')?.status, 'not-run');
  });

  it('cancels a run in progress with "MLOps: Cancel Run", records it as cancelled and ends its process tree', async () => {
    const running = vscode.commands.executeCommand<RunOutcome>('mlops.runs.runPipeline', pipelineFile, { 'train.epochs': 1_000_000 });
    // Training is under way when its run has recorded a metric point: train.py logs one per epoch.
    const deadline = Date.now() + 120_000;
    let training: string | undefined;
    while (training === undefined) {
      const live = (await recordedRuns()).filter((s) => s.run.status === 'running' && s.run.params['train.epochs'] === 1_000_000);
      for (const stored of live) {
        const [history] = await stored.reader.loadHistories([stored.run.id]);
        if (Object.values(history?.series ?? {}).some((series) => series.values.length > 0)) training = stored.run.id;
      }
      if (training === undefined && Date.now() > deadline) {
        vscode.commands.executeCommand('mlops.runs.cancel').then(undefined, () => undefined);
        assert.fail(`the train stage logged no metric within 120 s (${live.length} running run(s) with train.epochs=1000000)`);
      }
      if (training === undefined) await new Promise((r) => setTimeout(r, 100));
    }
    const trainProcesses = processesRunning('src/train.py', workspace);
    assert.ok(trainProcesses.length > 0, 'no train.py process runs in the workspace although the run logs metrics');

    assert.equal(await vscode.commands.executeCommand<number>('mlops.runs.cancel'), 1);
    const outcome = await running;
    assert.equal(outcome?.status, 'cancelled');
    assert.equal(outcome.runId, training);
    assert.equal(outcome.stages.find((s) => s.name === 'train')?.status, 'cancelled');
    assert.equal((await recordedRuns()).find((s) => s.run.id === outcome.runId)?.run.status, 'cancelled');
    assert.deepEqual(processesRunning('src/train.py', workspace), [], `train.py processes ${trainProcesses.join(', ')} outlived the cancelled run`);
  });

  it('runs the sweep as one parent with a child run per combination', async () => {
    const outcome = await vscode.commands.executeCommand<RunOutcome>('mlops.runs.runSweep', pipelineFile);
    assert.equal(outcome?.status, 'finished', JSON.stringify(outcome?.failure));
    assert.equal(outcome.children?.length, 6);
    assert.ok(outcome.children.every((c) => c.status === 'finished'));

    const { experiments } = await api();
    await experiments!.stores.reload();
    const rows = await treeRows();
    const parent = rows.find((r) => r.node.kind === 'run' && r.node.stored.run.id === outcome.runId);
    assert.ok(parent, 'the sweep parent is not in the tree');
    assert.equal(parent.label, 'sweep ×6');
    assert.equal(parent.description, 'lr, l2');
    const children = rows.filter((r) => r.node.kind === 'run' && r.node.stored.run.parentId === outcome.runId);
    assert.equal(children.length, 6);
    assert.ok(children.every((c) => c.depth === parent.depth + 1), 'children are not nested under the parent');
    assert.deepEqual(children.map((c) => c.label).sort(), ['lr=0.1 l2=0', 'lr=0.1 l2=0.001', 'lr=0.3 l2=0', 'lr=0.3 l2=0.001', 'lr=0.5 l2=0', 'lr=0.5 l2=0.001']);
  });

  it('shows the runs in the Experiments tree, newest first, with the primary metric and their actions', async () => {
    // The runs this test reads: one finished, one failed.
    assert.equal((await vscode.commands.executeCommand<RunOutcome>('mlops.runs.runPipelineForce', pipelineFile))?.status, 'finished');
    assert.equal((await vscode.commands.executeCommand<RunOutcome>('mlops.runs.runPipeline', pipelineFile, { 'train.epochs': 'many' }))?.status, 'failed');
    const { experiments } = await api();
    await experiments!.stores.reload();
    const rows = await treeRows();
    assert.equal(rows[0]?.label, 'iris');
    const runs = rows.filter((r) => r.depth === 1);
    const created = runs.map((r) => (r.node.kind === 'run' ? r.node.stored.run.createdAt : 0));
    assert.deepEqual(created, [...created].sort((a, b) => b - a), 'not newest first');
    const finished = runs.find((r) => r.node.kind === 'run' && r.node.stored.run.status === 'finished' && r.node.stored.run.parentId === undefined && !r.label.startsWith('sweep'));
    // The primary metric by the last part of its name, and its value: nothing else, so the row fits.
    const primary = /^\s*primary:\s*(\S+)/m.exec(fs.readFileSync(path.join(workspace, 'mlops.yaml'), 'utf8'))?.[1] ?? '';
    assert.match(finished?.description ?? '', new RegExp(`^${primary.split('/').pop()} 0\\.\\d+$`));
    assert.match(finished?.context ?? '', /^mlopsRun;own;done;/);
    const failed = runs.find((r) => r.node.kind === 'run' && r.node.stored.run.status === 'failed');
    assert.ok(failed, 'the failed run is not listed');
  });

  it('offers every pipeline, stage and the sweep under Tasks: Run Task', async () => {
    const tasks = await vscode.tasks.fetchTasks({ type: 'mlops' });
    const names = tasks.map((t) => t.name).sort();
    assert.deepEqual(names, ['run pipeline', 'run pipeline (force)', 'run stage evaluate', 'run stage prepare', 'run stage train', 'run sweep']);
  });
});
