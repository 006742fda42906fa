import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { analyzePipeline } from '../../../src/core/pipeline/analyze';
import { starterFiles } from '../../../src/core/pipeline/starterPipeline';
import { runInWorkspace } from '../../../src/node/runner/workspaceRuns';
import { RunStore } from '../../../src/node/runs/runStore';

const diagnosticsOf = (pipeline: string, params: string | undefined) =>
  analyzePipeline(pipeline, { ...(params === undefined ? {} : { params: { text: params, path: 'params.yaml' } }), pathExists: () => false })
    .diagnostics.map((d) => `${d.code}: ${d.message}`);

describe('the starter pipeline of "Create mlops.yaml"', () => {
  it('checks clean with its params.yaml, in a folder with nothing else', () => {
    const files = starterFiles(false);
    assert.ok(files.params, 'no params.yaml is written beside a pipeline that reads one');
    assert.deepEqual(diagnosticsOf(files.pipeline, files.params), []);
  });

  it('reads nothing from a params.yaml the folder already has, and still checks clean', () => {
    const files = starterFiles(true);
    assert.equal(files.params, undefined);
    assert.deepEqual(diagnosticsOf(files.pipeline, 'someone_elses:\n  key: 1\n'), []);
    assert.deepEqual(diagnosticsOf(files.pipeline, undefined), []);
  });

  it('runs as written and records its primary metric', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-starter-'));
    const files = starterFiles(false);
    fs.writeFileSync(path.join(dir, 'mlops.yaml'), files.pipeline);
    fs.writeFileSync(path.join(dir, 'params.yaml'), files.params!);
    const outcome = await runInWorkspace({ pipelineFile: path.join(dir, 'mlops.yaml') });
    assert.equal(outcome.status, 'finished', JSON.stringify(outcome.failure));
    const store = await RunStore.forWorkspace(dir);
    const run = await store.getRun(outcome.runId);
    store.close();
    assert.equal(run?.metrics.accuracy, 0.9, `metrics recorded: ${JSON.stringify(run?.metrics)}`);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
