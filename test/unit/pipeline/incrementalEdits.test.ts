// The editor's path: one PipelineAnalyzer per document, handed each edit as VS Code reports it
// (offset, length removed, text inserted). Whatever it reuses between edits, its answer must be a
// fresh analysis's answer, to the character. Thousands of seeded random edits (typing, deleting,
// pasting, several changes at once, params file edits) check that no cache is ever stale.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isDeepStrictEqual } from 'node:util';
import { analyzePipeline, PipelineAnalyzer } from '../../../src/core/pipeline/analyze';
import type { AnalyzeOptions, TextChange } from '../../../src/core/pipeline/analyze';
import { int, random, SEED_PIPELINE } from './pipelineTestKit';
import type { Rng } from './pipelineTestKit';

/** PIPELINE_FUZZ_SEED=n explores other cases; the default keeps runs reproducible. */
const SEED = Number(process.env['PIPELINE_FUZZ_SEED'] ?? 0) * 100;

/** A pipeline of `count` chained stages after the seed pipeline's, as the bench generates them. */
function chainedPipeline(count: number): { text: string; params: string } {
  const name = (i: number): string => `step_${i}`;
  const lines = SEED_PIPELINE.split('\n');
  const at = lines.indexOf('sweep:');
  const stages: string[] = [];
  const params: string[] = ['prepare:', '  test_ratio: 0.2', 'train:', '  lr: 0.1'];
  for (let i = 0; i < count; i++) {
    const s = name(i);
    stages.push(
      `  ${s}:`,
      `    description: Step ${i}`,
      i === 0
        ? `    cmd: python3 src/${s}.py --lr \${params.${s}.lr}`
        : `    cmd: [python3, src/${s}.py, --lr, "\${params.${s}.lr}", --in, "\${${name(i - 1)}.outs}"]`,
      '    deps:',
      `      - src/${s}.py`,
      i === 0 ? '      - data/prepared' : `      - data/${name(i - 1)}/out.csv`,
      `    params: [${s}.lr]`,
      '    outs:',
      `      - data/${s}/out.csv`,
      i % 3 === 0 ? `    metrics: metrics/${s}.json` : `    needs: [${i === 0 ? 'prepare' : name(i - 1)}]`,
    );
    params.push(`${s}:`, `  lr: 0.${i + 1}`);
  }
  lines.splice(at, 0, ...stages);
  return { text: lines.join('\n'), params: `${params.join('\n')}\n` };
}

const TOKENS = [
  'x', 'a', '1', ' ', '  ', '\n', '\n    ', '\n  ', ':', ': ', '- ', '#', '"', "'", '[', ']', '{', '}', ',', '.', '/',
  '${', '}', '${params.', '${step_1.outs}', 'step_2', 'needs: [step_3]', 'deps: [data/step_4/out.csv]', 'cmd', '\t', '&a ', '*a', '|', '---\n', '\r\n',
];

function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[int(rng, items.length)]!;
}

/** A random edit of `text` as the editor reports it. */
function randomChange(rng: Rng, text: string): TextChange {
  const at = int(rng, text.length + 1);
  const r = rng();
  if (r < 0.08) {
    // Rename a stage, often to another stage's name (a duplicate), or back.
    const names = [...text.matchAll(/^ {2}([\w-]+):/gm)];
    if (names.length > 1) {
      const target = pick(rng, names);
      return { rangeOffset: target.index + 2, rangeLength: target[1]!.length, text: pick(rng, names)[1]! };
    }
  }
  if (r < 0.45) return { rangeOffset: at, rangeLength: 0, text: pick(rng, TOKENS) };
  if (r < 0.75) return { rangeOffset: at, rangeLength: Math.min(text.length - at, 1 + int(rng, 8)), text: '' };
  if (r < 0.9) return { rangeOffset: at, rangeLength: Math.min(text.length - at, int(rng, 3)), text: pick(rng, TOKENS) };
  // Paste a piece of the text somewhere else (a stage, a line, part of a line).
  const from = int(rng, text.length);
  const piece = text.slice(from, from + 1 + int(rng, 400));
  return { rangeOffset: at, rangeLength: Math.min(text.length - at, int(rng, 40)), text: piece };
}

function apply(text: string, change: TextChange): string {
  return text.slice(0, change.rangeOffset) + change.text + text.slice(change.rangeOffset + change.rangeLength);
}

function firstDifference(a: unknown, b: unknown): string {
  const x = JSON.stringify(a);
  const y = JSON.stringify(b);
  let i = 0;
  while (i < x.length && x[i] === y[i]) i++;
  return `incremental …${x.slice(Math.max(0, i - 80), i + 120)}… vs fresh …${y.slice(Math.max(0, i - 80), i + 120)}…`;
}

/** The analyzer's answer equals a fresh analysis's: diagnostics (ranges, fixes), stages and model. */
function assertSameAsFresh(analyzer: PipelineAnalyzer, text: string, options: AnalyzeOptions, changes: readonly TextChange[] | undefined, where: string): void {
  const incremental = analyzer.analyze(text, options, changes);
  const fresh = analyzePipeline(text, options);
  if (!isDeepStrictEqual(incremental.diagnostics, fresh.diagnostics)) assert.fail(`${where}: diagnostics differ: ${firstDifference(incremental.diagnostics, fresh.diagnostics)}`);
  if (!isDeepStrictEqual(incremental.stages, fresh.stages)) assert.fail(`${where}: stages differ: ${firstDifference(incremental.stages, fresh.stages)}`);
  if (!isDeepStrictEqual(incremental.model, fresh.model)) assert.fail(`${where}: model differs: ${firstDifference(incremental.model, fresh.model)}`);
}

describe('PipelineAnalyzer given the editor changes', () => {
  it('answers exactly as a fresh analysis after every one of many random edits', () => {
    const rng = random(SEED + 11);
    const base = chainedPipeline(12);
    let cases = 0;
    for (let chain = 0; chain < 20; chain++) {
      const analyzer = new PipelineAnalyzer();
      let text = base.text;
      let options: AnalyzeOptions = { params: { text: base.params, path: 'params.yaml' }, pathExists: (p) => p.startsWith('src/') };
      analyzer.analyze(text, options);
      for (let step = 0; step < 40; step++) {
        const r = rng();
        let changes: TextChange[] | undefined;
        if (r < 0.75) {
          changes = [randomChange(rng, text)];
        } else if (r < 0.9) {
          // Several changes in one event, each applying to the text the previous one left.
          changes = [];
          for (let k = 0, n = 2 + int(rng, 3); k < n; k++) {
            const change = randomChange(rng, text);
            changes.push(change);
            text = apply(text, change);
          }
        } else if (r < 0.95) {
          // The params file edited: the pipeline text is the same.
          const params = options.params!.text;
          const at = int(rng, params.length + 1);
          options = { ...options, params: { text: params.slice(0, at) + pick(rng, TOKENS) + params.slice(at), path: 'params.yaml' } };
          changes = [];
        }
        if (changes?.length === 1) text = apply(text, changes[0]!);
        if (!changes) text = apply(text, randomChange(rng, text)); // an edit the analyzer is not told about
        assertSameAsFresh(analyzer, text, options, changes, `seed ${SEED + 11}, chain ${chain}, step ${step}`);
        cases++;
      }
    }
    console.log(`# random edits: ${cases} cases`);
  });

  it('answers exactly as a fresh analysis while a word is typed and deleted character by character', () => {
    const rng = random(SEED + 12);
    const base = chainedPipeline(20);
    const options: AnalyzeOptions = { params: { text: base.params, path: 'params.yaml' }, pathExists: () => true };
    const words = ['needs: [step_9]', '${step_19.outs}', 'step_77', 'deps: [data/step_3/out.csv]', 'outs: [data/step_1/out.csv]', 'x:\n      y: 1', 'params.step_2.lr'];
    let cases = 0;
    for (let round = 0; round < 24; round++) {
      const analyzer = new PipelineAnalyzer();
      let text = base.text;
      analyzer.analyze(text, options);
      const word = pick(rng, words);
      const lineStarts = [0, ...[...text.matchAll(/\n/g)].map((m) => m.index + 1)];
      let at = pick(rng, lineStarts) + int(rng, 12);
      at = Math.min(at, text.length);
      for (const ch of word) {
        const change = { rangeOffset: at, rangeLength: 0, text: ch };
        text = apply(text, change);
        at++;
        assertSameAsFresh(analyzer, text, options, [change], `round ${round}, typing ${JSON.stringify(word)}`);
        cases++;
      }
      for (let k = 0; k < word.length; k++) {
        const change = { rangeOffset: --at, rangeLength: 1, text: '' };
        text = apply(text, change);
        assertSameAsFresh(analyzer, text, options, [change], `round ${round}, deleting ${JSON.stringify(word)}`);
        cases++;
      }
      assert.equal(text, base.text);
    }
    console.log(`# typed characters: ${cases} cases`);
  });

  it('ignores changes that do not lead to the text it is given, and answers from the text', () => {
    const base = chainedPipeline(3);
    const options: AnalyzeOptions = { params: { text: base.params, path: 'params.yaml' } };
    const analyzer = new PipelineAnalyzer();
    analyzer.analyze(base.text, options);
    const at = base.text.indexOf('needs: [step_1]');
    const text = `${base.text.slice(0, at)}needs: [step_9]${base.text.slice(at + 'needs: [step_1]'.length)}`;
    // Wrong: claims one character was inserted at the start, which does not make this text.
    const wrong: TextChange[] = [{ rangeOffset: 0, rangeLength: 0, text: 'x' }];
    const analysis = analyzer.analyze(text, options, wrong);
    assert.deepEqual(analysis.diagnostics.map((d) => d.code), ['unknown-stage'], `expected the unknown stage 'step_9' to be reported, saw ${JSON.stringify(analysis.diagnostics.map((d) => d.code))}`);
  });
});
