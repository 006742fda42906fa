import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDocument } from 'yaml';
import { analyzePipeline, paramsFileOf, PipelineAnalyzer } from '../../../src/core/pipeline/analyze';
import { fastParse } from '../../../src/core/pipeline/fastYaml';
import { ChunkedYamlParser } from '../../../src/core/pipeline/yamlDocument';
import { toPlain } from '../../../src/core/pipeline/yamlNodes';
import type { YNode } from '../../../src/core/pipeline/yamlNodes';
import { VALID, yamlValue } from './pipelineTestKit';

/** Every scalar's and key's range with its text, for comparing parsers. */
function ranges(node: YNode | null, out: string[] = []): string[] {
  if (!node) return out;
  if (node.kind === 'scalar') {
    if (!node.implicit && node.style !== 'block') out.push(`${node.start}-${node.end}`);
  } else if (node.kind === 'seq') {
    for (const item of node.items) ranges(item, out);
  } else {
    for (const pair of node.pairs) {
      out.push(`k${pair.keyStart}-${pair.keyEnd}`);
      ranges(pair.value, out);
    }
  }
  return out;
}

function yamlRanges(text: string): string[] {
  const out: string[] = [];
  const visit = (node: unknown): void => {
    const n = node as { items?: unknown[]; key?: unknown; value?: unknown; range?: [number, number, number]; type?: string; source?: string } | null;
    if (!n || typeof n !== 'object') return;
    if (Array.isArray(n.items)) {
      for (const item of n.items) {
        const pair = item as { key?: { range?: [number, number, number] }; value?: unknown };
        if (pair && typeof pair === 'object' && 'key' in pair) {
          if (pair.key?.range) out.push(`k${pair.key.range[0]}-${pair.key.range[1]}`);
          visit(pair.value);
        } else {
          visit(item);
        }
      }
      return;
    }
    if (n.range && n.type && !n.type.startsWith('BLOCK') && n.source !== '') out.push(`${n.range[0]}-${n.range[1]}`);
  };
  visit(parseDocument(text, { uniqueKeys: false }).contents);
  return out;
}

/** The fast parser either declines or reads exactly what `yaml` reads, with the same ranges. */
function assertAgreesWithYaml(text: string): 'fast' | 'declined' {
  const fast = fastParse(text, 0, text.length);
  if (fast === undefined) return 'declined';
  const expected = yamlValue(text);
  assert.ok(expected, `the fast parser accepted what yaml rejects: ${JSON.stringify(text)}`);
  assert.deepEqual(toPlain(fast), expected.value, JSON.stringify(text));
  assert.deepEqual(ranges(fast), yamlRanges(text), `ranges differ for ${JSON.stringify(text)}`);
  return 'fast';
}

const AGREES = [
  'a: 1\nb: two\nc: [x, "y", \'z\']\nd: {k: v, "q": 2}\n',
  'a:\n  b:\n    c: d\n  e: f\ng: h\n',
  'list:\n- a\n- b\nnext: 1\n',
  'list:\n  - a\n  -   b  # comment\n  -\n  - - nested\n    - more\n',
  'items:\n  - name: a\n    value: 1\n  - name: b\n',
  'a: |\n  line 1\n  line 2\n\nb: >-\n  folded\n  text\n\n  para\nc: |+\n  keep\n\n',
  'a: "esc \\" \\n \\t \\u00e9 \\x41"\nb: \'it\'\'s\'\n',
  'n: null\nt: true\nf: False\ni: -12\no: 0o17\nx: 0x1F\nfl: 1.5e3\ninf: -.inf\nnan: .NaN\nv: 1.0.0\ns: ~\n',
  'url: http://example.com:8080/x\ntime: 12:30\nk:v: 1\n',
  '# leading comment\n\na: 1 # trailing\n\n# end\n',
  'a:\n  plain on the next line\nb: c\n',
  'a: [ ]\nb: { }\nc: [a,b,]\nd: [[1, 2], {x: [y]}]\n',
  'key with spaces: value with spaces\n"quoted key": 1\n\'single\': 2\n',
  'a: x\r\nb:\r\n  - y\r\n',
  'empty:\nalso:\n',
  '- top\n- level\n- list\n',
  'just a scalar\n',
  'a: -1\nb: -x\n',
  'deep:\n' + Array.from({ length: 30 }, (_, i) => `${'  '.repeat(i + 1)}k${i}:`).join('\n') + ' end\n',
];

const DECLINED = [
  'a: &x 1\nb: *x\n',
  'a: !!str 1\n',
  'a: [1,\n  2]\n',
  'a: "multi\n  line"\n',
  'a: plain\n  continued\n',
  '? complex\n: key\n',
  'a:\n\tb: 1\n',
  'a: |2\n   x\n',
  'a: 1\n---\nb: 2\n',
  '%YAML 1.2\n---\na: 1\n',
  'a: b: c\n',
  'a: "unterminated\n',
  'a: [1, 2\n',
  'a: x\rb: y\n',
  '<<: {a: 1}\n',
  '---\na: 1\n',
  'b: - not a list\n',
];

describe('fast YAML parser', () => {
  it('reads common block YAML exactly as the yaml package does, ranges included', () => {
    for (const text of AGREES) assert.equal(assertAgreesWithYaml(text), 'fast', JSON.stringify(text));
  });

  it('declines what it does not handle, so the yaml package reads it', () => {
    for (const text of DECLINED) assert.equal(assertAgreesWithYaml(text), 'declined', JSON.stringify(text));
  });

  it('declines nesting deeper than its limit instead of recursing without bound', () => {
    const deep = Array.from({ length: 500 }, (_, i) => `${' '.repeat(i)}k:`).join('\n');
    assert.equal(fastParse(deep, 0, deep.length), undefined);
    assert.equal(fastParse('['.repeat(10_000), 0, 10_000), undefined);
  });
});

describe('chunked parsing', () => {
  it('reads a document the same whether its chunks were cached or not', () => {
    const incremental = new ChunkedYamlParser('stages');
    const once = (text: string): unknown => toPlain(new ChunkedYamlParser('stages', false).parse(text).root);
    let text = VALID;
    for (let i = 0; i < 20; i++) {
      const parsed = incremental.parse(text);
      assert.deepEqual(toPlain(parsed.root), once(text));
      assert.deepEqual(ranges(parsed.root), ranges(new ChunkedYamlParser('stages', false).parse(text).root));
      // Grow the text at the front and in the middle, so cached chunks move.
      text = `# edit ${i}\n${text.replace('cmd: python3 src/train.py', `cmd: python3 src/train${i}.py`)}`;
    }
  });

  it('gives identical stage chunks their own nodes', () => {
    const text = 'stages:\n  a:\n    cmd: x\n  a:\n    cmd: x\n';
    const root = new ChunkedYamlParser('stages').parse(text).root;
    const stages = root?.kind === 'map' ? root.pairs[0]!.value : undefined;
    assert.ok(stages?.kind === 'map');
    assert.notEqual(stages.pairs[0], stages.pairs[1]);
    assert.deepEqual(stages.pairs.map((p) => p.keyStart), [10, 26]);
  });

  it('reads the whole document with yaml when it must: aliases across sections, several documents', () => {
    const aliased = new ChunkedYamlParser('stages').parse('x-a: &a {cmd: x}\nstages:\n  s: *a\n');
    assert.equal(aliased.mode, 'document');
    assert.deepEqual(toPlain(aliased.root), { 'x-a': { cmd: 'x' }, stages: { s: { cmd: 'x' } } });
    assert.equal(new ChunkedYamlParser('stages').parse('a: 1\n---\nb: 2\n').mode, 'document');
    assert.equal(new ChunkedYamlParser('stages').parse(VALID).mode, 'chunks');
  });
});

describe('PipelineAnalyzer', () => {
  it('gives the same answer as a fresh analysis after each of a series of edits', () => {
    const analyzer = new PipelineAnalyzer();
    const options = { params: { text: 'prepare:\n  seed: 1\n', path: 'params.yaml' }, pathExists: (p: string) => p !== 'src/train.py' };
    const edits: ((t: string) => string)[] = [
      (t) => t.replace('demo', 'demo2'),
      (t) => t.replace('cmd: python3 src/prepare.py', 'cmdd: python3 src/prepare.py'),
      (t) => `# header\n${t}`,
      (t) => t.replace('cmdd:', 'cmd:'),
      (t) => t.replace('params: [train]', 'params: [train, prepare.seed]'),
      (t) => t.replace('deps: [src/train.py, data/prepared]', 'deps: [src/train.py, data/prepared, models/model.json]'),
      (t) => t.replace('outs: [data/prepared]', 'outs: [data/prepared]\n    needs: [train]'),
      (t) => t.replace('"${prepare.outs}"', '"${prepar.outs}"'),
      (t) => `${t}  extra:\n    cmd: ok\n`,
      (t) => t.replace('  extra:\n', '  extra\n'),
    ];
    let text = VALID;
    for (const edit of edits) {
      text = edit(text);
      const incremental = analyzer.analyze(text, options);
      const fresh = analyzePipeline(text, options);
      assert.deepEqual(incremental.diagnostics, fresh.diagnostics, text);
      assert.deepEqual(incremental.stages, fresh.stages);
      assert.deepEqual(incremental.model, fresh.model);
    }
  });

  it('re-reads the params file when it changes', () => {
    const analyzer = new PipelineAnalyzer();
    const text = 'stages:\n  a:\n    cmd: x\n    params: [lr]\n';
    assert.equal(analyzer.analyze(text, { params: { text: 'lr: 1\n', path: 'params.yaml' } }).diagnostics.length, 0);
    assert.equal(analyzer.analyze(text, { params: { text: 'other: 1\n', path: 'params.yaml' } }).diagnostics[0]?.code, 'param-missing');
    assert.equal(analyzer.analyze(text, { params: { text: 'lr: 2\n', path: 'params.yaml' } }).diagnostics.length, 0);
  });
});

describe('paramsFileOf', () => {
  it('reads the params file name without an analysis, agreeing with it', () => {
    const cases: [string, string][] = [
      ['stages: {}\n', 'params.yaml'],
      ['params: conf/p.yaml\nstages: {}\n', 'conf/p.yaml'],
      ['params: "my params.yaml"  # quoted\n', 'my params.yaml'],
      ["params: 'x.yaml'\r\n", 'x.yaml'],
      ['stages:\n  a:\n    params: [x]\n', 'params.yaml'],
      ['params:\n', 'params.yaml'],
    ];
    for (const [text, expected] of cases) {
      assert.equal(paramsFileOf(text), expected, JSON.stringify(text));
      assert.equal(analyzePipeline(text).paramsFile, expected, JSON.stringify(text));
    }
  });
});
