import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { completionsAt, hoverAt } from '../../../src/core/pipeline/analyze';
import type { PipelineCompletion } from '../../../src/core/pipeline/analyze';

const PARAMS: { params?: { text: string } } = { params: { text: 'prepare:\n  seed: 1\ntrain:\n  lr: 0.1\n' } };

/** Completions at the '|' in `source`. */
function complete(source: string, context = PARAMS): { text: string; items: PipelineCompletion[] } {
  const offset = source.indexOf('|');
  const text = source.slice(0, offset) + source.slice(offset + 1);
  return { text, items: completionsAt(text, offset, context) };
}

function labels(source: string, context = PARAMS): string[] {
  return complete(source, context).items.map((c) => c.label);
}

function hover(source: string): { text: string; markdown: string; span: string } | undefined {
  const offset = source.indexOf('|');
  const text = source.slice(0, offset) + source.slice(offset + 1);
  const h = hoverAt(text, offset);
  return h && { text, markdown: h.markdown, span: text.slice(h.range.start, h.range.end) };
}

const TWO_STAGES = 'stages:\n  prepare:\n    cmd: x\n    outs: [data/prepared]\n  train:\n    cmd: y\n';

describe('completion', () => {
  it('offers the top-level keys in an empty file, inserting "key: "', () => {
    const { items } = complete('|');
    assert.deepEqual(items.map((c) => c.label), ['name', 'params', 'metrics', 'stages', 'sweep', 'gates', 'model', 'docker', 'deploy', 'monitor']);
    const stages = items.find((c) => c.label === 'stages')!;
    assert.equal(stages.kind, 'key');
    assert.equal(stages.insertText, 'stages: ');
    assert.match(stages.documentation!, /The pipeline's stages/);
  });

  it('offers a stage\'s keys, leaving out the ones already set, replacing the typed word', () => {
    const { text, items } = complete('stages:\n  a:\n    cmd: x\n    deps: [x]\n    ou|\n');
    assert.ok(!items.some((c) => c.label === 'cmd' || c.label === 'deps'));
    const outs = items.find((c) => c.label === 'outs')!;
    assert.equal(text.slice(outs.range!.start, outs.range!.end), 'ou');
    assert.equal(outs.detail, 'a list of strings');
  });

  it('offers enum values', () => {
    assert.deepEqual(labels('metrics:\n  goal: |'), ['maximize', 'minimize']);
    assert.deepEqual(labels('deploy:\n  strategy: ca|'), ['recreate', 'blue-green', 'canary', 'shadow']);
    assert.deepEqual(labels('model: {name: m, path: p}\nmodel:\n  flavor: |\n'), ['python-function', 'sklearn', 'onnx', 'pytorch', 'custom']);
  });

  it('offers stage names in needs, block and flow, without the stage itself', () => {
    for (const source of [`${TWO_STAGES}    needs: [|`, `${TWO_STAGES}    needs:\n      - |`]) {
      const { items } = complete(source);
      assert.deepEqual(items.map((c) => [c.label, c.kind]), [['prepare', 'stage']], source);
    }
  });

  it('offers params keys in a stage\'s params and in a sweep matrix', () => {
    assert.deepEqual(labels(`${TWO_STAGES}    params: [|]`), ['prepare', 'prepare.seed', 'train', 'train.lr']);
    const matrix = complete('sweep:\n  matrix:\n    |');
    assert.deepEqual(matrix.items.map((c) => c.insertText), ['prepare: ', 'prepare.seed: ', 'train: ', 'train.lr: ']);
    assert.deepEqual(labels(`${TWO_STAGES}    params: [|]`, {}), []);
  });

  it('offers other stages\' outputs in deps', () => {
    const { items } = complete(`${TWO_STAGES}    deps: [|]`);
    assert.deepEqual(items.map((c) => [c.label, c.detail]), [['data/prepared', "written by stage 'prepare'"]]);
  });

  it('offers ${params.x} and ${stage.outs} inside a command, closing the brace', () => {
    const { items } = complete(`${TWO_STAGES}    env: {}\n  evaluate:\n    cmd: python3 e.py \${|`);
    assert.ok(items.some((c) => c.label === 'params.train.lr' && c.insertText === 'params.train.lr}'));
    assert.ok(items.some((c) => c.label === 'prepare.outs' && c.kind === 'stage'));
    const inArgv = complete(`${TWO_STAGES}    env: {}\n  evaluate:\n    cmd: [python3, "\${pre|}"]`);
    const outs = inArgv.items.find((c) => c.label === 'prepare.outs')!;
    assert.equal(outs.insertText, 'prepare.outs');
    assert.equal(inArgv.text.slice(outs.range!.start, outs.range!.end), 'pre');
  });

  it('offers nothing in comments, for new stage names, or in free-form maps', () => {
    assert.deepEqual(labels('stages:\n  a:\n    cmd: x # |'), []);
    assert.deepEqual(labels('stages:\n  |'), []);
    assert.deepEqual(labels('stages:\n  a:\n    cmd: x\n    env:\n      |'), []);
  });

  it('never throws, whatever the text and offset', () => {
    for (const text of ['', '\0\0', '[[[', 'a:\n\t- |\n  "x', 'stages:\n  a:\n    cmd: ${']) {
      for (let offset = -1; offset <= text.length + 1; offset++) assert.ok(Array.isArray(completionsAt(text, offset, {})));
    }
  });
});

describe('hover', () => {
  it('shows the description, type and an example for a key', () => {
    const h = hover('stages:\n  a:\n    c|md: x\n')!;
    assert.equal(h.span, 'cmd');
    assert.match(h.markdown, /^\*\*cmd\*\* · a string or a list of strings/);
    assert.match(h.markdown, /The command\./);
    assert.match(h.markdown, /```yaml\ncmd: python3 src\/prepare\.py/);
  });

  it('shows allowed values and the default for an enum, also over the value', () => {
    const h = hover('deploy:\n  strategy: can|ary\n')!;
    assert.equal(h.span, 'canary');
    assert.match(h.markdown, /Allowed: `recreate` · `blue-green` · `canary` · `shadow`/);
    assert.match(h.markdown, /Default: `recreate`/);
  });

  it('describes a stage over its name and a list item over the item', () => {
    assert.match(hover('stages:\n  tr|ain:\n    cmd: x\n')!.markdown, /^\*\*stage `train`\*\*/);
    const item = hover('gates:\n  - accur|acy >= 0.9  # min\n')!;
    assert.equal(item.span, 'accuracy >= 0.9');
    assert.match(item.markdown, /<metric> <op> <number>/);
  });

  it('has nothing for unknown keys, blank lines and comments', () => {
    assert.equal(hover('stages:\n  a:\n    fo|o: 1\n'), undefined);
    assert.equal(hover('|\nstages: {}\n'), undefined);
    assert.equal(hover('# a com|ment\n'), undefined);
  });

  it('every key of the schema has a hover with an example', () => {
    const keys = ['name', 'params', 'metrics', 'stages', 'sweep', 'gates', 'model', 'docker', 'deploy', 'monitor'];
    for (const key of keys) {
      const h = hover(`${key[0]!}|${key.slice(1)}: x\n`);
      assert.ok(h, key);
      assert.match(h.markdown, /Example:/, key);
    }
  });
});
