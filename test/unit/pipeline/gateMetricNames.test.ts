import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { analyzePipeline } from '../../../src/core/pipeline/analyze';
import { parseGate } from '../../../src/core/pipeline/gates';
import { repoRoot } from './pipelineTestKit';

// The iris example names its metrics train/… and test/… (TensorBoard-style paths), so gates and
// the primary metric must take a '/' in a metric name.
describe('metric names with a slash', () => {
  it('parse in a gate expression', () => {
    assert.deepEqual(parseGate('test/accuracy >= 0.9'), { ok: true, metric: 'test/accuracy', op: '>=', value: 0.9 });
    assert.deepEqual(parseGate('eval/val.loss<0.5'), { ok: true, metric: 'eval/val.loss', op: '<', value: 0.5 });
  });

  it('are the iris example’s gates and primary metric, with no diagnostics', () => {
    const dir = path.join(repoRoot, 'examples', 'iris');
    const analysis = analyzePipeline(fs.readFileSync(path.join(dir, 'mlops.yaml'), 'utf8'), {
      params: { text: fs.readFileSync(path.join(dir, 'params.yaml'), 'utf8'), path: 'params.yaml' }, pathExists: () => true,
    });
    assert.deepEqual(analysis.diagnostics.map((d) => d.message), []);
    const { model } = analysis;
    assert.deepEqual(model.gates.map((g) => `${g.metric} ${g.op} ${g.value}`), ['test/accuracy >= 0.9', 'test/f1_macro >= 0.85']);
    assert.equal(model.metrics?.primary, 'test/accuracy');
  });
});
