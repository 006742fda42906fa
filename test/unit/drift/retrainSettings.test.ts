import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzePipeline } from '../../../src/core/pipeline/analyze';
import { getValue, toPlain } from '../../../src/core/pipeline/yamlNodes';
import { readRetrainSettings } from '../../../src/extension/monitor/retrainSettings';

const retrainOf = (yaml: string) => readRetrainSettings(toPlain(getValue(getValue(analyzePipeline(yaml).root, 'monitor'), 'retrain')));
const pipeline = (retrain: string) => `stages:\n  s: {cmd: echo}\nmonitor:\n  reference: ref.csv\n  live: live.jsonl\n${retrain}`;

describe('monitor.retrain', () => {
  it('gives the params overrides and force as written', () => {
    assert.deepEqual(retrainOf(pipeline('  retrain:\n    params:\n      train.epochs: 300\n      train.optimizer: adam\n    force: true\n')),
      { params: { 'train.epochs': 300, 'train.optimizer': 'adam' }, force: true });
  });

  it('defaults to no overrides and no force when absent', () => {
    assert.deepEqual(retrainOf(pipeline('')), { params: {}, force: false });
  });

  it('leaves out values that cannot be an override (lists, maps) and a force that is not a boolean', () => {
    assert.deepEqual(retrainOf(pipeline('  retrain:\n    params: {a: [1, 2], b: {c: 1}, d: 0.5}\n    force: "yes"\n')), { params: { d: 0.5 }, force: false });
  });

  it('is accepted by the pipeline schema with hover descriptions, and an unknown key is not', () => {
    const ok = analyzePipeline(pipeline('  retrain:\n    params: {train.epochs: 300}\n    force: true\n'));
    assert.deepEqual(ok.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message), []);
    const bad = analyzePipeline(pipeline('  retrain:\n    epochs: 300\n'));
    assert.ok(bad.diagnostics.some((d) => d.severity === 'error' && /epochs/.test(d.message)), `expected an error naming "epochs", saw: ${bad.diagnostics.map((d) => d.message).join(' | ')}`);
  });
});
