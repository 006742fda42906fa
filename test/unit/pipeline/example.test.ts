import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { analyzePipeline } from '../../../src/core/pipeline/analyze';
import { repoRoot } from './pipelineTestKit';

const exampleDir = path.join(repoRoot, 'examples', 'iris');
const pipeline = fs.readFileSync(path.join(exampleDir, 'mlops.yaml'), 'utf8');
const params = fs.readFileSync(path.join(exampleDir, 'params.yaml'), 'utf8');

describe('examples/iris', () => {
  it('validates with no diagnostics when its files exist', () => {
    const analysis = analyzePipeline(pipeline, { params: { text: params, path: 'params.yaml' }, pathExists: () => true });
    assert.deepEqual(analysis.diagnostics, []);
  });

  it('reads the scripts and data that are in the repository', () => {
    const written = new Set(['src/serve.py']); // the serving script is part of the deploy work
    const analysis = analyzePipeline(pipeline, {
      params: { text: params, path: 'params.yaml' },
      pathExists: (p) => written.has(p) || fs.existsSync(path.join(exampleDir, p)),
    });
    assert.deepEqual(analysis.diagnostics.map((d) => `${d.code}: ${d.message}`), []);
  });

  it('is prepare → train → evaluate with the agreed files and params', () => {
    const analysis = analyzePipeline(pipeline, { params: { text: params, path: 'params.yaml' } });
    const { model } = analysis;
    assert.deepEqual(analysis.stages.map((s) => [s.name, s.upstream]), [['prepare', []], ['train', ['prepare']], ['evaluate', ['prepare', 'train']]]);
    const [prepare, train, evaluate] = model.stages;
    assert.deepEqual(prepare!.outs, ['data/prepared']);
    assert.ok(prepare!.deps.includes('src/prepare.py') && prepare!.deps.includes('data/iris.csv'));
    assert.deepEqual(prepare!.params, ['prepare.test_ratio', 'prepare.seed']);
    assert.deepEqual(train!.outs, ['models/model.json']);
    assert.equal(train!.logs, 'metrics/train.jsonl');
    assert.ok(train!.deps.includes('src/train.py'));
    assert.equal(evaluate!.metrics, 'metrics/eval.json');
    assert.ok(evaluate!.deps.includes('src/evaluate.py'));
    for (const key of ['train.epochs', 'train.lr', 'train.l2']) assert.ok(JSON.stringify(train!.cmd).includes(`\${params.${key}}`), key);
    assert.equal(model.name, 'iris');
    // Accuracy, maximised; the metric may be namespaced (`test/accuracy`) as the example evolves.
    assert.match(model.metrics?.primary ?? '', /^(\w+\/)?accuracy$/, `primary metric ${model.metrics?.primary}`);
    assert.equal(model.metrics?.goal, 'maximize');
    assert.ok(model.sweep?.matrix && model.gates.length > 0 && model.model && model.docker && model.deploy && model.monitor);
  });
});
