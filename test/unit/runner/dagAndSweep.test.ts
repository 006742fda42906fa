import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { topologicalOrder, withUpstream } from '../../../src/core/runner/dag';
import type { RunnableStage } from '../../../src/core/runner/runnableStage';
import { RunnerError } from '../../../src/core/runner/runnerErrors';
import { expandSweep, overridesLabel, parseOverride } from '../../../src/core/runner/sweep';

const stage = (name: string, deps: string[], outs: string[], needs: string[] = []): RunnableStage =>
  ({ name, cmd: 'true', deps, outs, params: [], needs, env: {}, workdir: '.' });

describe('DAG order', () => {
  const stages = [
    stage('evaluate', ['models/model.json', 'data/prepared/test.csv'], ['metrics/eval.json']),
    stage('train', ['data/prepared'], ['models/model.json']),
    stage('prepare', ['data/iris.csv'], ['data/prepared']),
    stage('report', [], [], ['evaluate']),
  ];

  it('orders stages by outs → deps (including files inside an output folder) and needs', () => {
    assert.deepEqual(topologicalOrder(stages), ['prepare', 'train', 'evaluate', 'report']);
  });

  it('selects a stage with its upstream only', () => {
    assert.deepEqual(withUpstream(stages, 'train'), ['prepare', 'train']);
  });

  it('names the cycle', () => {
    const cyclic = [stage('a', ['b.out'], ['a.out']), stage('b', ['a.out'], ['b.out'])];
    assert.throws(() => topologicalOrder(cyclic), (e: unknown) => e instanceof RunnerError && e.code === 'cycle' && /a → b → a|b → a → b/.test(e.message));
  });
});

describe('sweeps', () => {
  it('expands a matrix into every combination', () => {
    assert.deepEqual(expandSweep({ matrix: { 'train.lr': [0.1, 0.2], 'train.epochs': [10, 20] } }), [
      { 'train.lr': 0.1, 'train.epochs': 10 }, { 'train.lr': 0.1, 'train.epochs': 20 },
      { 'train.lr': 0.2, 'train.epochs': 10 }, { 'train.lr': 0.2, 'train.epochs': 20 },
    ]);
  });

  it('draws a reproducible random search within each space', () => {
    const spec = { search: { samples: 20, seed: 7, params: { lr: { distribution: 'log_uniform' as const, min: 0.001, max: 0.5 }, hidden: { choice: [8, 16] }, epochs: { distribution: 'int_uniform' as const, min: 5, max: 9 } } } };
    const a = expandSweep(spec);
    assert.deepEqual(a, expandSweep(spec));
    assert.equal(a.length, 20);
    for (const combo of a) {
      assert.ok((combo.lr as number) >= 0.001 && (combo.lr as number) <= 0.5);
      assert.ok([8, 16].includes(combo.hidden as number));
      assert.ok(Number.isInteger(combo.epochs) && (combo.epochs as number) >= 5 && (combo.epochs as number) <= 9);
    }
    assert.notDeepEqual(a, expandSweep({ search: { ...spec.search, seed: 8 } }));
  });

  it('labels child runs and parses -P overrides', () => {
    assert.equal(overridesLabel({ 'train.lr': 0.1, 'train.opt': 'adam' }), 'lr=0.1 opt=adam');
    assert.deepEqual(parseOverride('train.lr=0.05'), ['train.lr', 0.05]);
    assert.deepEqual(parseOverride('flag=true'), ['flag', true]);
    assert.deepEqual(parseOverride("name='a b'"), ['name', 'a b']);
    assert.throws(() => parseOverride('=3'), (e: unknown) => e instanceof RunnerError && e.code === 'bad-override');
  });
});
