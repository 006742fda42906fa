import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { RunStore } from '../../../src/node/runs/runStore';
import { runInWorkspace } from '../../../src/node/runner/workspaceRuns';

const root = path.resolve(__dirname, '..', '..', '..', '..');
const pythonHelperDir = path.join(root, 'python');

function project(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-runner-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

describe('runInWorkspace (real store, real processes)', () => {
  it('gives stages the run environment and records what they log through mlops_log', async () => {
    const dir = project({
      'mlops.yaml': 'name: env\nstages:\n  log:\n    cmd: [python3, log.py]\n    deps: [log.py]\n    outs: [env.json]\n',
      'log.py': [
        'import json, os',
        'from mlops_log import log_param, log_metric',
        'log_param("optimizer", "adam")',
        'for step in range(1, 4):',
        '    log_metric("loss", 1.0 / step, step=step)',
        'json.dump({k: os.environ[k] for k in ("MLOPS_RUN_ID", "MLOPS_RUN_DIR", "MLOPS_METRICS_FILE", "MLOPS_STAGE")}, open("env.json", "w"))',
      ].join('\n'),
    });
    const outcome = await runInWorkspace({ pipelineFile: path.join(dir, 'mlops.yaml'), pythonHelperDir });
    assert.equal(outcome.status, 'finished', JSON.stringify(outcome.failure));
    const env = JSON.parse(fs.readFileSync(path.join(dir, 'env.json'), 'utf8')) as Record<string, string>;
    assert.equal(env.MLOPS_RUN_ID, outcome.runId);
    assert.equal(env.MLOPS_STAGE, 'log');
    assert.ok(env.MLOPS_RUN_DIR?.startsWith(path.join(dir, '.mlops')));

    const store = await RunStore.forWorkspace(dir);
    const run = await store.getRun(outcome.runId);
    assert.equal(run?.params.optimizer, 'adam');
    const [history] = await store.loadHistories([outcome.runId]);
    assert.deepEqual([...(history?.series.loss?.values ?? [])], [1, 0.5, 1 / 3]);
    store.close();
  });

  it('re-runs a stage when a dep\'s content changes, and only then', async () => {
    const dir = project({
      'mlops.yaml': 'stages:\n  copy:\n    cmd: cp data.txt out.txt\n    deps: [data.txt]\n    outs: [out.txt]\n',
      'data.txt': 'one\n',
    });
    const run = () => runInWorkspace({ pipelineFile: path.join(dir, 'mlops.yaml') });
    assert.equal((await run()).stages[0]?.status, 'ran');
    assert.equal((await run()).stages[0]?.status, 'skipped');
    fs.writeFileSync(path.join(dir, 'data.txt'), 'two\n');
    assert.equal((await run()).stages[0]?.status, 'ran');
    assert.equal(fs.readFileSync(path.join(dir, 'out.txt'), 'utf8'), 'two\n');
    fs.rmSync(path.join(dir, 'out.txt'));
    assert.equal((await run()).stages[0]?.status, 'ran', 'a missing output forces a re-run');
  });

  it('refuses a pipeline with errors, saying where', async () => {
    const dir = project({ 'mlops.yaml': 'stages:\n  a:\n    cmd: "true"\n    needs: [ghost]\n' });
    await assert.rejects(runInWorkspace({ pipelineFile: path.join(dir, 'mlops.yaml') }), (e: unknown) =>
      e instanceof Error && (e as { code?: string }).code === 'invalid-pipeline' && /line 4/.test(e.message));
  });

  it('cancels a running stage and records the run as cancelled', async () => {
    const dir = project({ 'mlops.yaml': 'stages:\n  slow:\n    cmd: sleep 30\n  after:\n    cmd: "true"\n    needs: [slow]\n' });
    const controller = new AbortController();
    const running = runInWorkspace({ pipelineFile: path.join(dir, 'mlops.yaml'), signal: controller.signal, events: { onStageStarted: () => setTimeout(() => controller.abort(), 200) } });
    const outcome = await running;
    assert.equal(outcome.status, 'cancelled');
    assert.deepEqual(outcome.stages.map((s) => `${s.name}:${s.status}`), ['slow:cancelled', 'after:not-run']);
    const store = await RunStore.forWorkspace(dir);
    assert.equal((await store.getRun(outcome.runId))?.status, 'cancelled');
    store.close();
  });
});
