// bench/validate: how fast mlops.yaml is checked, next to yaml-language-server checking the same
// file against the same schema (schemas/pipeline.schema.json).
// Targets, on a generated pipeline of 2,000 stages (~24k lines) with its params file:
//   full validation (analyzePipeline)                         <= 50 ms median
//   re-validation after a one-character edit (PipelineAnalyzer) <= 10 ms median
//   at least 15x faster than yaml-language-server's doValidation
// and, once each, the fuzz test's hostile inputs (test/unit/pipeline/hostileInputs.ts: junk,
// alias bombs, deep nesting, 10 MB): each <= 2 s, <= 20 s above 1 MB (no hang, no blow-up).
// Usage: node bench/validate.mjs [--stages N] [--runs N] [--json]
import * as esbuild from 'esbuild';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { generatePipeline } from './validate/generate.mjs';
import { createYamlLanguageServer } from './validate/yamlLanguageServer.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] ? Number(process.argv[i + 1]) : fallback;
};
const stageCount = arg('--stages', 2000);
const runs = arg('--runs', 25);
const asJson = process.argv.includes('--json');

// The checker as the extension ships it: bundled by esbuild.
const bundle = join(root, 'out', 'bench', 'pipelineCore.cjs');
await esbuild.build({ entryPoints: [join(root, 'src', 'core', 'pipeline', 'analyze.ts')], outfile: bundle, bundle: true, platform: 'node', format: 'cjs', logLevel: 'warning' });
const { analyzePipeline, PipelineAnalyzer } = createRequire(import.meta.url)(bundle);
const hostileBundle = join(root, 'out', 'bench', 'hostileInputs.cjs');
await esbuild.build({
  stdin: { contents: "export { hostileInputs } from './test/unit/pipeline/hostileInputs';\nexport { seededRandom } from './src/core/runner/sweep';", resolveDir: root, loader: 'ts' },
  outfile: hostileBundle, bundle: true, platform: 'node', format: 'cjs', logLevel: 'warning',
});
const { hostileInputs, seededRandom } = createRequire(import.meta.url)(hostileBundle);

const { pipeline, params, lines } = generatePipeline(stageCount);
const options = { params: { text: params, path: 'params.yaml' }, pathExists: () => true };

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const time = (fn) => {
  const t = performance.now();
  const result = fn();
  return { ms: performance.now() - t, result };
};

// Full validation: a fresh check of the whole text, as the CLI and the first open do.
const first = analyzePipeline(pipeline, options);
if (first.diagnostics.length > 0) {
  throw new Error(`the generated pipeline should be clean, got: ${first.diagnostics.slice(0, 3).map((d) => `${d.code} ${d.message}`).join('; ')}`);
}
for (let i = 0; i < 5; i++) analyzePipeline(pipeline, options);

// Runs are not interleaved with yaml-language-server's: its garbage would be collected during
// ours. Nor is the heap collected before each run: V8 then shrinks the young generation and
// every run pays for growing it again, which a long-lived editor process never does.
const full = [];
for (let i = 0; i < runs; i++) full.push(time(() => analyzePipeline(pipeline, options)).ms);

// Re-validation: one analyzer per document, one character typed into a stage in the middle,
// alternating with a second character so each run really sees a changed text.
const analyzer = new PipelineAnalyzer();
analyzer.analyze(pipeline, options);
const at = pipeline.indexOf(`stage_${String(Math.floor(stageCount / 2)).padStart(4, '0')}:`);
const editAt = pipeline.indexOf('description: Step', at) + 'description: Step'.length;
const edited = (i) => `${pipeline.slice(0, editAt)}${i % 2 === 0 ? 'x' : 'y'}${pipeline.slice(editAt)}`;
for (let i = 0; i < 5; i++) analyzer.analyze(edited(i), options);
const incremental = [];
for (let i = 0; i < runs * 2; i++) {
  const text = edited(i);
  const { ms, result } = time(() => analyzer.analyze(text, options));
  if (result.diagnostics.length > 0) throw new Error(`unexpected diagnostics after an edit: ${result.diagnostics[0].message}`);
  incremental.push(ms);
}
// A typo that makes the edited stage invalid, to time the error path too.
const typo = `${pipeline.slice(0, at)}${pipeline.slice(at).replace('    cmd:', '    cmdd:')}`;
const typoRuns = [];
for (let i = 0; i < runs; i++) {
  analyzer.analyze(i % 2 === 0 ? pipeline : typo, options);
  const next = i % 2 === 0 ? typo : pipeline;
  typoRuns.push(time(() => analyzer.analyze(next, options)).ms);
}

// yaml-language-server, validating the same text against the same schema.
const schema = JSON.parse(readFileSync(join(root, 'schemas', 'pipeline.schema.json'), 'utf8'));
const yls = createYamlLanguageServer(schema);
const ylsRuns = [];
const ylsCount = Math.max(3, Math.min(9, Math.floor(runs / 3)));
const ylsFirst = await yls.validate(pipeline);
for (let i = 0; i < ylsCount; i++) {
  const t = performance.now();
  await yls.validate(pipeline);
  ylsRuns.push(performance.now() - t);
}

const figures = {
  stages: stageCount,
  lines,
  kilobytes: Math.round(pipeline.length / 1024),
  fullMs: median(full),
  incrementalMs: median(incremental),
  incrementalWithErrorMs: median(typoRuns),
  yamlLanguageServerMs: median(ylsRuns),
  yamlLanguageServerDiagnostics: ylsFirst,
};
figures.ratio = figures.yamlLanguageServerMs / figures.fullMs;

// The hostile inputs, once each (the fuzz test's seed, 4): a hang or a blow-up shows here.
const hostileOptions = { params: { text: 'prepare:\n  test_ratio: 0.2\ntrain:\n  lr: 0.1\n', path: 'params.yaml' }, pathExists: (p) => p.startsWith('src/') };
figures.hostile = hostileInputs(seededRandom(4)).map(([name, text]) => ({
  name,
  megabytes: text.length / 1e6,
  ms: time(() => analyzePipeline(text, hostileOptions)).ms,
  targetMs: text.length > 1_000_000 ? 20_000 : 2_000,
}));

if (asJson) {
  process.stdout.write(`${JSON.stringify(figures, null, 2)}\n`);
} else {
  const ms = (x) => `${x.toFixed(1)} ms`.padStart(10);
  const verdict = (value, limit) => (value <= limit ? 'ok' : `OVER ${limit} ms`);
  console.log(`Pipeline validation, ${stageCount} stages, ${lines} lines (${figures.kilobytes} KB), medians (node ${process.version}, ${full.length} full / ${incremental.length} incremental / ${ylsRuns.length} yaml-language-server runs)`);
  console.log(`  full validation (analyzePipeline)            ${ms(figures.fullMs)}   target <= 50 ms: ${verdict(figures.fullMs, 50)}`);
  console.log(`  re-validation after a 1-char edit            ${ms(figures.incrementalMs)}   target <= 10 ms: ${verdict(figures.incrementalMs, 10)}`);
  console.log(`  re-validation after an edit adding an error  ${ms(figures.incrementalWithErrorMs)}`);
  console.log(`  yaml-language-server doValidation            ${ms(figures.yamlLanguageServerMs)}   (same file and schema; ${ylsFirst} diagnostics)`);
  console.log(`  ratio yaml-language-server / full             ${figures.ratio.toFixed(1).padStart(7)}x   target >= 15x: ${figures.ratio >= 15 ? 'ok' : 'UNDER'}`);
  console.log('Hostile inputs (test/unit/pipeline/hostileInputs.ts), one full validation each');
  for (const h of figures.hostile) {
    console.log(`  ${`${h.name} (${h.megabytes.toFixed(2)} MB)`.padEnd(45)}${ms(h.ms)}   target <= ${h.targetMs} ms: ${verdict(h.ms, h.targetMs)}`);
  }
}
