// Random and mutated pipelines, thousands of them: the checker must answer every one with
// diagnostics (never an exception), with ranges inside the text, in bounded time; the fast parser
// must agree with the `yaml` package whenever it answers; and the incremental analyzer must agree
// with a fresh analysis. Deterministic (seeded), so a failure reproduces.
import * as assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { describe, it } from 'node:test';
import { isDeepStrictEqual } from 'node:util';
import { analyzePipeline, completionsAt, DIAGNOSTIC_CODES, hoverAt, PipelineAnalyzer } from '../../../src/core/pipeline/analyze';
import type { AnalyzeOptions, PipelineAnalysis } from '../../../src/core/pipeline/analyze';
import { fastParse } from '../../../src/core/pipeline/fastYaml';
import { toPlain } from '../../../src/core/pipeline/yamlNodes';
import { int, mutate, random, randomPipeline, SEED_PIPELINE, yamlValue } from './pipelineTestKit';

/** A hang detector only: generous, so a slow machine never fails it. */
const HANG_MS = 2000;
/** The same for the 10 MB inputs, which take about a second on a busy two-core machine. */
const HANG_MS_HUGE = 20_000;
const CODES = new Set(DIAGNOSTIC_CODES);
/** PIPELINE_FUZZ_SEED=n explores other cases; the default keeps runs reproducible. */
const SEED = Number(process.env['PIPELINE_FUZZ_SEED'] ?? 0) * 100;

function checkInvariants(text: string, analysis: PipelineAnalysis): void {
  const inBounds = (r: { start: number; end: number }): boolean => Number.isInteger(r.start) && Number.isInteger(r.end) && r.start >= 0 && r.start <= r.end && r.end <= text.length;
  // Messages are built only on failure: the texts here can be megabytes long.
  const sample = (): string => JSON.stringify(text.length > 2000 ? `${text.slice(0, 2000)}...` : text);
  for (const d of analysis.diagnostics) {
    if (!inBounds(d.range)) assert.fail(`range ${JSON.stringify(d.range)} of ${d.code} outside [0, ${text.length}] in ${sample()}`);
    assert.ok(CODES.has(d.code), `undocumented code ${d.code}`);
    assert.ok(d.message.length > 0);
    if (d.code === 'internal-error') assert.fail(`internal error: ${d.message} in ${sample()}`);
    for (const r of d.related ?? []) assert.ok(inBounds(r.range), `related range of ${d.code}`);
    for (const f of d.fixes ?? []) for (const e of f.edits) if (e.target === 'pipeline') assert.ok(inBounds(e.range), `fix range of ${d.code}`);
  }
  for (const s of analysis.stages) assert.ok(inBounds(s.range) && inBounds(s.nameRange));
}

interface Stats {
  cases: number;
  slowestMs: number;
  fastAgreed: number;
}

function timed<T>(stats: Stats, fn: () => T, bound = HANG_MS): T {
  const t = performance.now();
  const result = fn();
  const ms = performance.now() - t;
  stats.slowestMs = Math.max(stats.slowestMs, ms);
  assert.ok(ms < bound, `one case took ${ms.toFixed(0)} ms`);
  stats.cases++;
  return result;
}

/** The fast parser, when it answers, reads what `yaml` reads. */
function differential(text: string, stats: Stats): void {
  const fast = fastParse(text, 0, text.length);
  if (fast === undefined) return;
  const expected = yamlValue(text);
  if (!expected) assert.fail(`fast parser accepted what yaml rejects: ${JSON.stringify(text)}`);
  if (!isDeepStrictEqual(toPlain(fast), expected.value)) assert.deepEqual(toPlain(fast), expected.value, JSON.stringify(text));
  stats.fastAgreed++;
}

const PARAMS_OPTIONS: AnalyzeOptions = {
  params: { text: 'prepare:\n  test_ratio: 0.2\ntrain:\n  lr: 0.1\n', path: 'params.yaml' },
  pathExists: (p) => p.startsWith('src/'),
};

describe('fuzz: the pipeline checker', () => {
  it('answers random pipelines with in-range diagnostics, agreeing with yaml', () => {
    const rng = random(SEED + 1);
    const stats: Stats = { cases: 0, slowestMs: 0, fastAgreed: 0 };
    for (let i = 0; i < 1500; i++) {
      const text = randomPipeline(rng);
      const analysis = timed(stats, () => analyzePipeline(text, i % 2 === 0 ? PARAMS_OPTIONS : {}));
      checkInvariants(text, analysis);
      differential(text, stats);
    }
    assert.ok(stats.fastAgreed > 200, `only ${stats.fastAgreed} cases exercised the fast parser`);
    console.log(`# random: ${stats.cases} cases, slowest ${stats.slowestMs.toFixed(1)} ms, fast parser agreed on ${stats.fastAgreed}`);
  });

  it('answers mutated pipelines, and the incremental analyzer agrees with a fresh analysis', () => {
    const rng = random(SEED + 2);
    const stats: Stats = { cases: 0, slowestMs: 0, fastAgreed: 0 };
    for (let chain = 0; chain < 40; chain++) {
      const analyzer = new PipelineAnalyzer();
      let text = SEED_PIPELINE;
      for (let step = 0; step < 60; step++) {
        text = mutate(rng, text);
        const incremental = timed(stats, () => analyzer.analyze(text, PARAMS_OPTIONS));
        checkInvariants(text, incremental);
        const fresh = analyzePipeline(text, PARAMS_OPTIONS);
        if (!isDeepStrictEqual(incremental.diagnostics, fresh.diagnostics)) assert.deepEqual(incremental.diagnostics, fresh.diagnostics, `incremental and fresh differ for ${JSON.stringify(text)}`);
        assert.deepEqual(incremental.stages, fresh.stages);
        differential(text, stats);
      }
    }
    console.log(`# mutated: ${stats.cases} cases, slowest ${stats.slowestMs.toFixed(1)} ms, fast parser agreed on ${stats.fastAgreed}`);
  });

  it('answers completion and hover anywhere in mutated text', () => {
    const rng = random(SEED + 3);
    let text = SEED_PIPELINE;
    for (let i = 0; i < 300; i++) {
      text = mutate(rng, text);
      const offset = int(rng, text.length + 1);
      for (const c of completionsAt(text, offset, { params: { text: 'a: 1\n' } })) {
        if (c.range) assert.ok(c.range.start >= 0 && c.range.start <= c.range.end && c.range.end <= text.length);
      }
      const h = hoverAt(text, offset);
      if (h) assert.ok(h.range.start >= 0 && h.range.start < h.range.end && h.range.end <= text.length);
    }
  });

  it('answers hostile inputs: junk, huge, deep, long lines, alias bombs', () => {
    const rng = random(SEED + 4);
    const stats: Stats = { cases: 0, slowestMs: 0, fastAgreed: 0 };
    const junk = (n: number): string => Array.from({ length: n }, () => String.fromCharCode(int(rng, 0x3000))).join('');
    const bomb = ['x-a: &a [x,x,x,x,x,x,x,x,x]', ...'bcdefghi'.split('').map((c, i) => `x-${c}: &${c} [${Array(9).fill(`*${String.fromCharCode(97 + i)}`).join(',')}]`), 'stages: {s: {cmd: *i}}'].join('\n');
    const stage = (i: number): string => `  s${i}:\n    cmd: python3 s${i}.py --x \${params.x}\n    deps: [src/s${i}.py]\n    outs: [out/s${i}]\n`;
    const inputs: [string, string][] = [
      ['binary junk', junk(20_000)],
      ['1 MB of junk on one line', 'a: '.repeat(1) + 'x'.repeat(1_000_000)],
      ['deep flow nesting', `stages: ${'['.repeat(50_000)}`],
      ['deep block nesting', Array.from({ length: 3000 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n')],
      ['alias bomb', bomb],
      ['unterminated quote', `stages:\n  a:\n    cmd: "${'x '.repeat(50_000)}`],
      ['many documents', 'a: 1\n---\n'.repeat(2000)],
      ['many unterminated quotes', Array.from({ length: 3000 }, (_, i) => `k${i}: "open\n`).join('')],
      ['20,000 block-scalar commands', `stages:\n${Array.from({ length: 20_000 }, (_, i) => `  s${i}:\n    cmd: |\n      python3 run.py\n      --flag ${i}\n`).join('')}`],
      ['10 MB pipeline', `stages:\n${Array.from({ length: 90_000 }, (_, i) => stage(i)).join('')}`],
    ];
    for (const [name, text] of inputs) {
      const t = performance.now();
      const analysis = timed(stats, () => analyzePipeline(text, PARAMS_OPTIONS), text.length > 1_000_000 ? HANG_MS_HUGE : HANG_MS);
      checkInvariants(text, analysis);
      console.log(`# ${name} (${(text.length / 1e6).toFixed(2)} MB): ${analysis.diagnostics.length} diagnostics in ${(performance.now() - t).toFixed(0)} ms`);
    }
  });
});
