import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DIAGNOSTIC_CODES, MAX_DIAGNOSTICS } from '../../../src/core/pipeline/analyze';
import type { AnalyzeOptions } from '../../../src/core/pipeline/analyze';
import { ParamsIndex } from '../../../src/core/pipeline/paramsIndex';
import { analyze, applyEdits, documentedCodes, PARAMS, reported, spans, VALID, withCode, withParams } from './pipelineTestKit';

const stage = (body: string, name = 'a'): string => `stages:\n  ${name}:\n${body}`;

describe('pipeline diagnostics: a valid pipeline', () => {
  it('has none', () => {
    assert.deepEqual(analyze(VALID).diagnostics, []);
  });
});

describe('pipeline diagnostics: YAML', () => {
  it('yaml-syntax: an unclosed quote, on the quoted value; the stage after it still reads', () => {
    const text = stage("    cmd: 'unterminated\n") + '  b:\n    cmd: x\n';
    assert.deepEqual(spans(text, 'yaml-syntax'), ["'unterminated"]);
    assert.deepEqual(analyze(text).stages.map((s) => s.name), ['a', 'b']);
  });

  it('yaml-syntax: a tab used as indentation', () => {
    const text = 'stages:\n  a:\n\tcmd: x\n';
    const found = withCode(text, 'yaml-syntax');
    assert.ok(found.length >= 1);
    assert.match(found[0]!.message, /[Tt]ab/);
  });

  it('yaml-syntax: a stage line without its colon, in the editor and in one-off checks alike', () => {
    const text = stage('    cmd: x\n') + '  half\n  b:\n    cmd: y\n';
    assert.deepEqual(spans(text, 'yaml-syntax'), ['half']);
  });

  it('yaml-warning: an unknown tag', () => {
    assert.deepEqual(spans('name: !custom x\n' + stage('    cmd: x\n'), 'yaml-warning'), ['!custom']);
  });

  it('yaml-multi-document: on the second document marker, once', () => {
    const text = stage('    cmd: x\n') + '---\nother: 1\n---\nmore: 2\n';
    const found = withCode(text, 'yaml-multi-document');
    assert.equal(found.length, 1);
    assert.equal(text.slice(found[0]!.range.start, found[0]!.range.end), '---');
    assert.equal(found[0]!.range.start, text.indexOf('---'));
  });

  it('yaml-too-deep: nesting past the limit, reported once', () => {
    const text = stage('    cmd: x\n') + `x-deep: ${'['.repeat(150)}${']'.repeat(150)}\n`;
    const found = withCode(text, 'yaml-too-deep');
    assert.equal(found.length, 1);
    assert.equal(text.slice(found[0]!.range.start, found[0]!.range.end), '[');
  });

  it('yaml-alias-limit: an alias bomb is cut off and reported at the alias written in the file', () => {
    const levels = ['x-a: &a [1,1,1,1,1,1,1,1,1,1]'];
    for (const [i, name] of ['b', 'c', 'd', 'e', 'f', 'g'].entries()) {
      const prev = String.fromCharCode(97 + i);
      levels.push(`x-${name}: &${name} [${Array(10).fill(`*${prev}`).join(',')}]`);
    }
    const text = `${levels.join('\n')}\n${stage('    cmd: x\n')}`;
    const found = withCode(text, 'yaml-alias-limit');
    assert.equal(found.length, 1);
    assert.match(text.slice(found[0]!.range.start, found[0]!.range.end), /^\*[a-g]$/);
  });

  it('yaml-complex-key: a list used as a key', () => {
    assert.deepEqual(spans(stage('    cmd: x\n    ? [p, q]\n    : 1\n'), 'yaml-complex-key'), ['[p, q]']);
  });

  it('reads anchors, aliases and merge keys', () => {
    const text = 'x-common: &common\n  deps: [src/common.py]\n  cmd: python3 run.py\nstages:\n  a:\n    <<: *common\n    outs: [o]\n';
    const analysis = analyze(text);
    assert.deepEqual(analysis.diagnostics, []);
    assert.deepEqual(analysis.model.stages[0]!.deps, ['src/common.py']);
    assert.equal(analysis.model.stages[0]!.cmd, 'python3 run.py');
  });

  it('empty-pipeline: an empty file, and one with only comments', () => {
    for (const text of ['', '# nothing yet\n', '   \n\n']) {
      const found = withCode(text, 'empty-pipeline');
      assert.equal(found.length, 1, JSON.stringify(text));
      assert.deepEqual(found[0]!.range, { start: 0, end: 0 });
    }
  });
});

describe('pipeline diagnostics: schema', () => {
  it('wrong-type: a string where a list belongs, fixed by wrapping it', () => {
    const text = stage('    cmd: x\n    deps: src/a.py\n');
    const [d] = withCode(text, 'wrong-type');
    assert.equal(text.slice(d!.range.start, d!.range.end), 'src/a.py');
    assert.match(d!.message, /'deps' in stage 'a' must be a list of strings, not a string/);
    assert.equal(applyEdits(text, d!.fixes![0]!.edits), stage('    cmd: x\n    deps: [src/a.py]\n'));
  });

  it('wrong-type: a number where a string belongs, fixed by quoting it', () => {
    const text = stage('    cmd: x\n    env: {SEED: 0}\n');
    const [d] = withCode(text, 'wrong-type');
    assert.equal(text.slice(d!.range.start, d!.range.end), '0');
    assert.equal(applyEdits(text, d!.fixes![0]!.edits), stage('    cmd: x\n    env: {SEED: "0"}\n'));
  });

  it('wrong-type: an empty value points at its key', () => {
    assert.deepEqual(spans(stage('    cmd:\n'), 'wrong-type'), ['cmd']);
  });

  it('wrong-type: a root that is not a mapping, on its first line only', () => {
    assert.deepEqual(spans('- a\n- b\n', 'wrong-type'), ['- a']);
  });

  it('unknown-key: with "did you mean" and a fix that renames the key', () => {
    const text = stage('    cmdd: x\n');
    const [d] = withCode(text, 'unknown-key');
    assert.equal(text.slice(d!.range.start, d!.range.end), 'cmdd');
    assert.match(d!.message, /Unknown key 'cmdd' in stage 'a'\. Did you mean 'cmd'\?/);
    assert.equal(d!.fixes![0]!.preferred, true);
    assert.equal(applyEdits(text, d!.fixes![0]!.edits), stage('    cmd: x\n'));
  });

  it('unknown-key: at the top level, listing what is allowed when nothing is close', () => {
    const [d] = withCode(`${stage('    cmd: x\n')}zzzzzzzz: 1\n`, 'unknown-key');
    assert.match(d!.message, /at the top level\. Expected one of: name, params, metrics, stages/);
    assert.equal(d!.fixes, undefined);
  });

  it('x- keys are free for anchors', () => {
    assert.deepEqual(analyze(`x-anything: {a: 1}\n${stage('    cmd: x\n')}`).diagnostics, []);
  });

  it('missing-required: on the name of the stage that lacks cmd', () => {
    const text = stage('    deps: [a]\n');
    assert.deepEqual(spans(text, 'missing-required'), ['a']);
    assert.match(withCode(text, 'missing-required')[0]!.message, /Stage 'a' is missing 'cmd'/);
  });

  it('missing-required: the pipeline without stages, on its first key', () => {
    assert.deepEqual(spans('name: x\n', 'missing-required'), ['name']);
  });

  it('bad-enum: with suggestions as fixes', () => {
    const text = `metrics:\n  goal: maximise\n${stage('    cmd: x\n')}`;
    const [d] = withCode(text, 'bad-enum');
    assert.equal(text.slice(d!.range.start, d!.range.end), 'maximise');
    assert.match(d!.message, /Did you mean 'maximize'\?/);
    assert.equal(applyEdits(text, d!.fixes![0]!.edits), text.replace('maximise', 'maximize'));
  });

  it('bad-enum: offers every allowed value when none is close', () => {
    const [d] = withCode(`${stage('    cmd: x\n')}monitor: {reference: r, live: l, method: zzz}\n`, 'bad-enum');
    assert.deepEqual(d!.fixes!.map((f) => f.edits[0]!.newText), ['psi', 'ks', 'wasserstein']);
  });

  it('bad-format: a value that does not match its pattern', () => {
    assert.deepEqual(spans(`${stage('    cmd: x\n')}model: {name: "my model!", path: m}\n`, 'bad-format'), ['"my model!"']);
  });

  it('bad-name: an invalid stage name and the reserved name params', () => {
    const text = 'stages:\n  "bad name":\n    cmd: x\n  params:\n    cmd: y\n';
    assert.deepEqual(spans(text, 'bad-name'), ['"bad name"', 'params']);
  });

  it('out-of-range: a canary weight above 99', () => {
    assert.deepEqual(spans(`${stage('    cmd: x\n')}deploy: {strategy: canary, weight: 150}\n`, 'out-of-range'), ['150']);
  });

  it('empty-value: an empty command string and an empty argv', () => {
    assert.deepEqual(spans(stage("    cmd: ''\n"), 'empty-value'), ["''"]);
    assert.deepEqual(spans(stage('    cmd: []\n'), 'empty-value'), ['[]']);
  });

  it('duplicate-key: on the second key, with the first as related information', () => {
    const text = stage('    cmd: x\n    cmd: y\n');
    const [d] = withCode(text, 'duplicate-key');
    assert.equal(d!.range.start, text.lastIndexOf('cmd'));
    assert.equal(d!.related![0]!.range.start, text.indexOf('cmd'));
  });

  it('duplicate-key: two stages with one name', () => {
    const text = 'stages:\n  a:\n    cmd: x\n  a:\n    cmd: y\n';
    assert.equal(withCode(text, 'duplicate-key')[0]!.range.start, text.lastIndexOf('a:'));
  });

  it('duplicate-item: a dep listed twice', () => {
    const text = stage('    cmd: x\n    deps: [src/a.py, src/a.py]\n');
    const [d] = withCode(text, 'duplicate-item');
    assert.equal(d!.range.start, text.lastIndexOf('src/a.py'));
    assert.equal(d!.severity, 'warning');
  });
});

describe('pipeline diagnostics: stages and the graph', () => {
  it('unknown-stage: in needs, with a fix', () => {
    const text = 'stages:\n  prepare:\n    cmd: x\n  train:\n    cmd: y\n    needs: [prepar]\n';
    const [d] = withCode(text, 'unknown-stage');
    assert.equal(text.slice(d!.range.start, d!.range.end), 'prepar');
    assert.equal(applyEdits(text, d!.fixes![0]!.edits), text.replace('[prepar]', '[prepare]'));
  });

  it('unknown-stage-ref: ${x.outs} naming no stage; the fix renames only the stage', () => {
    const text = 'stages:\n  prepare:\n    cmd: x\n  train:\n    cmd: python3 t.py ${prepar.outs}\n';
    const [d] = withCode(text, 'unknown-stage-ref');
    assert.equal(text.slice(d!.range.start, d!.range.end), '${prepar.outs}');
    assert.equal(applyEdits(text, d!.fixes![0]!.edits), text.replace('${prepar.outs}', '${prepare.outs}'));
  });

  it('bad-interpolation: a dotted reference that is neither params nor outs, and an unclosed one', () => {
    assert.deepEqual(spans(stage('    cmd: echo ${foo.bar} $HOME ${HOME}\n'), 'bad-interpolation'), ['${foo.bar}']);
    assert.deepEqual(spans(stage('    cmd: echo ${params.x\n'), 'bad-interpolation'), ['${params.x']);
  });

  it('cycle: through needs, named in the message, on each edge', () => {
    const text = 'stages:\n  a:\n    cmd: x\n    needs: [b]\n  b:\n    cmd: y\n    needs: [a]\n';
    const found = withCode(text, 'cycle');
    assert.equal(found.length, 2);
    assert.match(found[0]!.message, /a → b → a/);
    assert.deepEqual(found.map((d) => text.slice(d.range.start, d.range.end)), ['b', 'a']);
  });

  it('cycle: through outputs and deps', () => {
    const text = 'stages:\n  a:\n    cmd: x\n    deps: [out/b]\n    outs: [out/a]\n  b:\n    cmd: y\n    deps: [out/a]\n    outs: [out/b]\n';
    const found = withCode(text, 'cycle');
    assert.equal(found.length, 2);
    assert.match(found[0]!.message, /Dependency cycle: a → b → a/);
    assert.deepEqual(found.map((d) => text.slice(d.range.start, d.range.end)), ['out/b', 'out/a']);
  });

  it('cycle: a stage reading its own output', () => {
    const text = stage('    cmd: x\n    deps: [data]\n    outs: [data/x]\n');
    const [d] = withCode(text, 'cycle');
    assert.equal(text.slice(d!.range.start, d!.range.end), 'data');
    assert.match(d!.message, /depends on itself/);
  });

  it('duplicate-out and overlapping-out: on the later stage, related to the first writer', () => {
    const text = 'stages:\n  a: {cmd: x, outs: [o]}\n  b: {cmd: y, outs: [./o/]}\n  c: {cmd: z, outs: [o/x]}\n';
    const [dup] = withCode(text, 'duplicate-out');
    assert.equal(text.slice(dup!.range.start, dup!.range.end), './o/');
    assert.equal(dup!.related![0]!.range.start, text.indexOf('[o]') + 1);
    assert.deepEqual(spans(text, 'overlapping-out'), ['o/x']);
  });

  it('dep-produced-later: reading what a later stage writes', () => {
    const text = 'stages:\n  train:\n    cmd: x\n    deps: [data/prepared]\n  prepare:\n    cmd: y\n    outs: [data/prepared]\n';
    const [d] = withCode(text, 'dep-produced-later');
    assert.equal(d!.severity, 'warning');
    assert.equal(d!.range.start, text.indexOf('data/prepared'));
  });

  it('dep-missing: only when pathExists says so and no stage writes it', () => {
    const text = 'stages:\n  a: {cmd: x, deps: [src/a.py, data/raw.csv, out/x/y.csv], outs: [out/x]}\n';
    const options: AnalyzeOptions = { ...withParams(), pathExists: (p) => p === 'src/a.py' };
    assert.deepEqual(spans(text, 'dep-missing', options), ['data/raw.csv']);
    assert.deepEqual(spans(text, 'dep-missing', withParams()), []);
  });

  it('file-missing: the serving script', () => {
    const text = `${stage('    cmd: x\n')}model: {name: m, path: models/m.json}\ndocker: {serve: src/serve.py}\n`;
    assert.deepEqual(spans(text, 'file-missing', { ...withParams(), pathExists: () => false }), ['models/m.json', 'src/serve.py']);
  });

  it('file-missing: the model module and input example', () => {
    const text = `${stage('    cmd: x\n')}model: {name: m, path: m.json, module: src/model.py, example: input.json}\n`;
    assert.deepEqual(spans(text, 'file-missing', { ...withParams(), pathExists: (p) => p === 'm.json' }), ['src/model.py', 'input.json']);
  });

  it('docker needs no serve script, and the new keys are read into the model', () => {
    const text = `${stage('    cmd: x\n')}model: {name: m, path: m.json, module: src/model.py, example: input.json}\ndocker: {port: 9000, maxBodyBytes: 1024}\n`;
    const analysis = analyze(text, withParams());
    assert.deepEqual(analysis.diagnostics.map((d) => d.code), []);
    assert.deepEqual(analysis.model.model, { name: 'm', path: 'm.json', module: 'src/model.py', example: 'input.json' });
    assert.deepEqual(analysis.model.docker, { port: 9000, maxBodyBytes: 1024 });
  });

  it('out-of-range: maxBodyBytes below 1', () => {
    assert.deepEqual(spans(`${stage('    cmd: x\n')}docker: {maxBodyBytes: 0}\n`, 'out-of-range'), ['0']);
  });

  it('path-outside: a path that leaves the pipeline folder', () => {
    assert.deepEqual(spans(stage('    cmd: x\n    deps: [../shared/data.csv, /etc/passwd, ok.csv]\n'), 'path-outside'), ['../shared/data.csv', '/etc/passwd']);
  });
});

describe('pipeline diagnostics: params', () => {
  it('param-missing: a stage params key, with a fix that adds it under its section', () => {
    const text = stage('    cmd: x\n    params: [train.momentum]\n');
    const [d] = withCode(text, 'param-missing');
    assert.equal(text.slice(d!.range.start, d!.range.end), 'train.momentum');
    const fixed = applyEdits(PARAMS, d!.fixes![0]!.edits, 'params');
    assert.equal(fixed, 'prepare:\n  seed: 1\ntrain:\n  lr: 0.1\n  epochs: 10\n  momentum: null\n');
    assert.deepEqual(new ParamsIndex(fixed).lookup('train.momentum'), { found: true });
  });

  it('param-missing: ${params.x} in a command, a new section added at the end', () => {
    const text = stage('    cmd: python3 x.py --depth ${params.model.depth}\n');
    const [d] = withCode(text, 'param-missing');
    assert.equal(text.slice(d!.range.start, d!.range.end), '${params.model.depth}');
    assert.equal(applyEdits(PARAMS, d!.fixes![0]!.edits, 'params'), `${PARAMS}model:\n  depth: null\n`);
  });

  it('param-missing: inside a flow section, and under an empty section', () => {
    const flow = { params: { text: 'train: {lr: 0.1}\n', path: 'params.yaml' } };
    const [d1] = withCode(stage('    cmd: x\n    params: [train.l2]\n'), 'param-missing', flow);
    assert.equal(applyEdits('train: {lr: 0.1}\n', d1!.fixes![0]!.edits, 'params'), 'train: {lr: 0.1, l2: null}\n');
    const empty = { params: { text: 'train:\nother: 1\n', path: 'params.yaml' } };
    const [d2] = withCode(stage('    cmd: x\n    params: [train.l2]\n'), 'param-missing', empty);
    assert.equal(applyEdits('train:\nother: 1\n', d2!.fixes![0]!.edits, 'params'), 'train:\n  l2: null\nother: 1\n');
  });

  it('param-missing: a key under a value has no fix and says why', () => {
    const [d] = withCode(stage('    cmd: x\n    params: [train.lr.x]\n'), 'param-missing');
    assert.match(d!.message, /'train\.lr' in params\.yaml is a value, not a section/);
    assert.equal(d!.fixes, undefined);
  });

  it('params-file-missing: said once, with a fix that creates the file', () => {
    const text = 'stages:\n  a:\n    cmd: x ${params.a.b}\n    params: [train.lr, prepare]\n';
    const found = withCode(text, 'params-file-missing', {});
    assert.equal(found.length, 1);
    assert.equal(text.slice(found[0]!.range.start, found[0]!.range.end), '${params.a.b}');
    const edit = found[0]!.fixes![0]!.edits[0]!;
    assert.equal(edit.target, 'params');
    assert.equal(edit.newText, 'train:\n  lr: null\nprepare: null\na:\n  b: null\n');
    assert.deepEqual(withCode(text, 'param-missing', {}), []);
  });

  it('params-file-missing: on the params: value when the pipeline names the file', () => {
    assert.deepEqual(spans(`params: conf/p.yaml\n${stage('    cmd: x\n    params: [a]\n')}`, 'params-file-missing', {}), ['conf/p.yaml']);
  });

  it('params-file-invalid: a params file that is not YAML', () => {
    const found = withCode(stage('    cmd: x\n    params: [a]\n'), 'params-file-invalid', withParams('a: [1, 2\nb: "x\n'));
    assert.equal(found.length, 1);
    assert.match(found[0]!.message, /params\.yaml cannot be read \(line \d+/);
  });
});

describe('pipeline diagnostics: sweeps', () => {
  const read = stage('    cmd: x\n    params: [train]\n');
  it('sweep-needs-one: neither, or both', () => {
    assert.deepEqual(spans(`${read}sweep:\n  parallel: 2\n`, 'sweep-needs-one'), ['sweep']);
    assert.deepEqual(spans(`${read}sweep:\n  matrix: {train.lr: [1]}\n  search: {samples: 2, params: {train.lr: {choice: [1]}}}\n`, 'sweep-needs-one'), ['search']);
  });

  it('sweep-param-missing: with a fix that adds the key with the first swept value', () => {
    const text = `${read}sweep:\n  matrix:\n    train.l2: [0.01, 0.1]\n`;
    const [d] = withCode(text, 'sweep-param-missing');
    assert.equal(text.slice(d!.range.start, d!.range.end), 'train.l2');
    assert.match(applyEdits(PARAMS, d!.fixes![0]!.edits, 'params'), /\n {2}l2: 0\.01\n$/);
  });

  it('sweep-param-unused: a swept key no stage reads', () => {
    const text = `${stage('    cmd: x\n    params: [prepare]\n')}sweep:\n  matrix:\n    train.lr: [1, 2]\n`;
    assert.deepEqual(spans(text, 'sweep-param-unused'), ['train.lr']);
  });

  it('sweep-bad-range: min above max, log_uniform from 0, int_uniform with fractions', () => {
    const text = `${read}sweep:\n  search:\n    samples: 3\n    params:\n      train.lr: {distribution: log_uniform, min: 0, max: 1}\n      train.epochs: {distribution: int_uniform, min: 10.5, max: 5}\n`;
    assert.deepEqual(spans(text, 'sweep-bad-range'), ['0', '10.5', '5']);
  });
});

describe('pipeline diagnostics: gates and deployment', () => {
  const base = `${stage('    cmd: x\n')}model: {name: m, path: m.json}\ndocker: {serve: s.py}\n`;
  it('bad-gate: a mistyped operator, fixed; a non-number; no comparison', () => {
    const text = `${base}gates:\n  - accuracy => 0.9\n  - loss < abc\n  - "f1 >= 0.8"\n  - justtext\n`;
    const found = withCode(text, 'bad-gate');
    assert.deepEqual(found.map((d) => text.slice(d.range.start, d.range.end)), ['=>', 'abc', 'justtext']);
    assert.equal(applyEdits(text, found[0]!.fixes![0]!.edits), text.replace('=>', '>='));
  });

  it('deploy-needs-docker and deploy-needs-model: on the deploy key', () => {
    const text = `${stage('    cmd: x\n')}deploy: {target: local}\n`;
    assert.deepEqual(spans(text, 'deploy-needs-docker'), ['deploy']);
    assert.deepEqual(spans(text, 'deploy-needs-model'), ['deploy']);
  });

  it('canary-needs-weight: on the strategy, with a fix for block and flow style', () => {
    const block = `${base}deploy:\n  strategy: canary\n  port: 80\n`;
    const [d] = withCode(block, 'canary-needs-weight');
    assert.equal(block.slice(d!.range.start, d!.range.end), 'canary');
    const fixed = applyEdits(block, d!.fixes![0]!.edits);
    assert.equal(fixed, `${base}deploy:\n  strategy: canary\n  port: 80\n  weight: 10\n`);
    assert.deepEqual(analyze(fixed).diagnostics, []);
    const flow = `${base}deploy: {strategy: canary}\n`;
    const [f] = withCode(flow, 'canary-needs-weight');
    assert.equal(applyEdits(flow, f!.fixes![0]!.edits), `${base}deploy: {strategy: canary, weight: 10}\n`);
  });

  it('weight-ignored: a weight without canary', () => {
    assert.deepEqual(spans(`${base}deploy: {strategy: recreate, weight: 5}\n`, 'weight-ignored'), ['weight']);
  });
});

describe('pipeline diagnostics: the checker itself', () => {
  it('too-many-problems: caps the list', () => {
    const stages = Array.from({ length: MAX_DIAGNOSTICS + 50 }, (_, i) => `  s${i}:\n    deps: [x]\n`).join('');
    const diagnostics = analyze(`stages:\n${stages}`).diagnostics;
    assert.equal(diagnostics.length, MAX_DIAGNOSTICS + 1);
    assert.equal(diagnostics[MAX_DIAGNOSTICS]!.code, 'too-many-problems');
    assert.match(diagnostics[MAX_DIAGNOSTICS]!.message, /^50 more problems/);
  });

  it('internal-error: a failure inside the checker becomes a diagnostic, not an exception', () => {
    const broken = { params: { text: 42 as unknown as string, path: 'params.yaml' } };
    const analysis = analyze(stage('    cmd: x\n    params: [a]\n'), broken);
    assert.equal(analysis.diagnostics[0]!.code, 'internal-error');
    assert.deepEqual(analysis.stages, []);
  });

  it('sorts by position', () => {
    const d = analyze('stages:\n  b:\n    needs: [zz]\n  a:\n    cmdd: 1\n').diagnostics;
    const starts = d.map((x) => x.range.start);
    assert.deepEqual(starts, [...starts].sort((x, y) => x - y));
  });
});

// Last in the file: node:test runs a file's tests in order, so every test above has reported.
describe('pipeline diagnostics: the codes these tests saw', () => {
  it('every code reported by these tests is documented, with the severity it is reported at', () => {
    const documented = documentedCodes();
    assert.ok(reported.size > 0, 'no test in this file reported a diagnostic');
    for (const [code, severities] of reported) {
      assert.ok(documented.has(code), `reported code ${code} is not in the Diagnostics table of docs/pipeline.md`);
      assert.ok(DIAGNOSTIC_CODES.includes(code), `reported code ${code} is not in DIAGNOSTIC_CODES`);
      assert.ok(severities.size === 1 && severities.has(documented.get(code)!), `${code} reported as ${[...severities].join(', ')}, documented as ${documented.get(code)}`);
    }
  });

  it('every documented code is reported by a test here', () => {
    const untested = [...documentedCodes().keys()].filter((code) => !reported.has(code));
    assert.ok(untested.length === 0, `documented codes no test in this file reports: ${untested.join(', ')}`);
  });
});
