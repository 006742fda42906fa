// Random and mutated pipelines, thousands of them: the checker must answer every one with
// diagnostics (never an exception), with ranges inside the text; the fast parser
// must agree with the `yaml` package whenever it answers; and the incremental analyzer must agree
// with a fresh analysis. Deterministic (seeded), so a failure reproduces. How long the hostile
// inputs take is a benchmark's question (bench/validate.mjs prints it); tests never assert on time.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isDeepStrictEqual } from 'node:util';
import { analyzePipeline, completionsAt, DIAGNOSTIC_CODES, hoverAt, PipelineAnalyzer } from '../../../src/core/pipeline/analyze';
import type { AnalyzeOptions, PipelineAnalysis } from '../../../src/core/pipeline/analyze';
import { fastParse } from '../../../src/core/pipeline/fastYaml';
import { toPlain } from '../../../src/core/pipeline/yamlNodes';
import { hostileInputs } from './hostileInputs';
import { int, mutate, random, randomPipeline, SEED_PIPELINE, yamlValue } from './pipelineTestKit';

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
  fastAgreed: number;
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
    const stats: Stats = { cases: 0, fastAgreed: 0 };
    for (let i = 0; i < 1500; i++) {
      const text = randomPipeline(rng);
      const analysis = analyzePipeline(text, i % 2 === 0 ? PARAMS_OPTIONS : {});
      stats.cases++;
      checkInvariants(text, analysis);
      differential(text, stats);
    }
    assert.ok(stats.fastAgreed > 200, `only ${stats.fastAgreed} cases exercised the fast parser`);
    console.log(`# random: ${stats.cases} cases, fast parser agreed on ${stats.fastAgreed}`);
  });

  it('answers mutated pipelines, and the incremental analyzer agrees with a fresh analysis', () => {
    const rng = random(SEED + 2);
    const stats: Stats = { cases: 0, fastAgreed: 0 };
    for (let chain = 0; chain < 40; chain++) {
      const analyzer = new PipelineAnalyzer();
      let text = SEED_PIPELINE;
      for (let step = 0; step < 60; step++) {
        text = mutate(rng, text);
        const incremental = analyzer.analyze(text, PARAMS_OPTIONS);
        stats.cases++;
        checkInvariants(text, incremental);
        const fresh = analyzePipeline(text, PARAMS_OPTIONS);
        if (!isDeepStrictEqual(incremental.diagnostics, fresh.diagnostics)) assert.deepEqual(incremental.diagnostics, fresh.diagnostics, `incremental and fresh differ for ${JSON.stringify(text)}`);
        assert.deepEqual(incremental.stages, fresh.stages);
        differential(text, stats);
      }
    }
    console.log(`# mutated: ${stats.cases} cases, fast parser agreed on ${stats.fastAgreed}`);
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
    for (const [name, text] of hostileInputs(random(SEED + 4))) {
      const analysis = analyzePipeline(text, PARAMS_OPTIONS);
      checkInvariants(text, analysis);
      console.log(`# ${name} (${(text.length / 1e6).toFixed(2)} MB): ${analysis.diagnostics.length} diagnostics`);
    }
  });
});
