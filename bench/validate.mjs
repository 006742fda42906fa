// bench/validate: how fast mlops.yaml is checked, next to yaml-language-server checking the same
// file against the same schema (schemas/pipeline.schema.json).
// Targets (issue #11), on a generated pipeline of 2,000 stages (~24k lines) with its params file:
//   full validation (analyzePipeline) at least 20x faster than yaml-language-server's doValidation
//   re-validation after a one-character edit (PipelineAnalyzer, given the change as the editor
//   gives it) <= 5 ms median
// and, once each, the fuzz test's hostile inputs (test/unit/pipeline/hostileInputs.ts: junk,
// alias bombs, deep nesting, 10 MB): each <= 2 s, <= 20 s above 1 MB (no hang, no blow-up).
// The last line is `validate: <ours> ms vs yaml-language-server <theirs> ms = <ratio>×`.
// Usage: node bench/validate.mjs [--stages N] [--runs N] [--rounds N] [--yls-runs N] [--json]
import * as esbuild from 'esbuild';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { generatePipeline } from './validate/generate.mjs';
import { createYamlLanguageServer } from './validate/yamlLanguageServer.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] ? Number(process.argv[i + 1]) : fallback;
};
const stageCount = arg('--stages', 2000);
const runs = arg('--runs', 40);
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

// The document as the editor holds it: VS Code keeps lines and hands the extension their join
// (a flat string) with the change that was made; the analyzer gets both, as
// src/extension/pipeline/pipelineAnalyses.ts passes them.
const docLines = pipeline.split('\n');
const offsetOfLine = (n) => docLines.slice(0, n).reduce((sum, line) => sum + line.length + 1, 0);
/** Replaces `removed` characters at column `column` of line `line` by `inserted`; returns the change. */
const edit = (line, column, removed, inserted) => {
  const text = docLines[line];
  docLines[line] = text.slice(0, column) + inserted + text.slice(column + removed);
  return { rangeOffset: offsetOfLine(line) + column, rangeLength: removed, text: inserted };
};
const middle = `  stage_${String(Math.floor(stageCount / 2)).padStart(4, '0')}:`;
const stageLine = docLines.indexOf(middle);
const descriptionLine = stageLine + 1;
const descriptionColumn = docLines[descriptionLine].indexOf('Step') + 'Step'.length;
const cmdLine = stageLine + 2;
const cmdColumn = docLines[cmdLine].indexOf('cmd') + 'cmd'.length;

const analyzer = new PipelineAnalyzer();
analyzer.analyze(docLines.join('\n'), options);
// One character typed into a stage in the middle, replaced by another on the next run, so each
// run sees a changed text.
const typeOne = (i) => {
  const change = edit(descriptionLine, descriptionColumn, i === 0 ? 0 : 1, i % 2 === 0 ? 'x' : 'y');
  return { text: docLines.join('\n'), change };
};
for (let i = 0; i < 10; i++) {
  const { text, change } = typeOne(i);
  analyzer.analyze(text, options, [change]);
}
let typed = 10;
// A typo that makes the edited stage invalid ('cmd:' → 'cmdd:') and its fix, to time the error path.
const typo = (i) => {
  const change = i % 2 === 0 ? edit(cmdLine, cmdColumn, 0, 'd') : edit(cmdLine, cmdColumn, 1, '');
  return { text: docLines.join('\n'), change };
};

// yaml-language-server, validating the same text against the same schema.
const schema = JSON.parse(readFileSync(join(root, 'schemas', 'pipeline.schema.json'), 'utf8'));
const yls = createYamlLanguageServer(schema);
const ylsFirst = await yls.validate(pipeline);

// Rounds, so that a machine busy with other work moves both sides: each round times our full
// validation, the one-character edit and the error edit, then yaml-language-server. Ours and
// theirs are not interleaved run by run: its garbage (hundreds of megabytes) would be collected
// during ours, which in the editor never shares a process with it. So after theirs, the heap is
// collected once and ours runs a few untimed times to grow the young generation back, as the
// first rounds do. Nor is the heap collected before each run: V8 then shrinks the young
// generation and every run pays for growing it again, which a long-lived editor process never does.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc');
const settle = () => {
  collectGarbage();
  for (let i = 0; i < 5; i++) analyzePipeline(pipeline, options);
};
const rounds = arg('--rounds', 5);
const perRound = Math.max(5, Math.floor(runs / rounds));
const ylsPerRound = arg('--yls-runs', 3);
const full = [];
const incremental = [];
const typoRuns = [];
const ylsRuns = [];
const roundRatios = [];
for (let r = 0; r < rounds; r++) {
  settle();
  const fullRound = [];
  for (let i = 0; i < perRound; i++) fullRound.push(time(() => analyzePipeline(pipeline, options)).ms);
  for (let i = 0; i < perRound * 2; i++) {
    const { text, change } = typeOne(typed++);
    const { ms, result } = time(() => analyzer.analyze(text, options, [change]));
    if (result.diagnostics.length > 0) throw new Error(`unexpected diagnostics after an edit: ${result.diagnostics[0].message}`);
    incremental.push(ms);
  }
  for (let i = 0; i < perRound * 2; i++) {
    const { text, change } = typo(i);
    const { ms, result } = time(() => analyzer.analyze(text, options, [change]));
    if ((result.diagnostics.length > 0) !== (i % 2 === 0)) throw new Error(`the typo edit ${i % 2 === 0 ? 'should' : 'should not'} be reported`);
    typoRuns.push(ms);
  }
  const ylsRound = [];
  for (let i = 0; i < ylsPerRound; i++) {
    const t = performance.now();
    await yls.validate(pipeline);
    ylsRound.push(performance.now() - t);
  }
  full.push(...fullRound);
  ylsRuns.push(...ylsRound);
  roundRatios.push(median(ylsRound) / median(fullRound));
}
// The edited document, checked incrementally, must get exactly a fresh check's answer.
{
  const text = docLines.join('\n');
  const fresh = JSON.stringify(analyzePipeline(text, options).diagnostics);
  if (JSON.stringify(analyzer.analyze(text, options).diagnostics) !== fresh) throw new Error('the incremental analysis differs from a fresh one');
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
  roundRatios,
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

const line = `validate: ${figures.fullMs.toFixed(1)} ms vs yaml-language-server ${figures.yamlLanguageServerMs.toFixed(0)} ms = ${figures.ratio.toFixed(1)}×`;
if (asJson) {
  process.stdout.write(`${JSON.stringify(figures, null, 2)}\n`);
} else {
  const ms = (x) => `${x.toFixed(1)} ms`.padStart(10);
  const verdict = (value, limit) => (value <= limit ? 'ok' : `OVER ${limit} ms`);
  console.log(`Pipeline validation, ${stageCount} stages, ${lines} lines (${figures.kilobytes} KB), medians (node ${process.version}; ${rounds} rounds of ${perRound} full / ${perRound * 2} edit / ${ylsPerRound} yaml-language-server runs)`);
  console.log(`  full validation (analyzePipeline)            ${ms(figures.fullMs)}`);
  console.log(`  re-validation after a 1-char edit            ${ms(figures.incrementalMs)}   target <= 5 ms: ${verdict(figures.incrementalMs, 5)}`);
  console.log(`  re-validation after an edit adding an error  ${ms(figures.incrementalWithErrorMs)}`);
  console.log(`  yaml-language-server doValidation            ${ms(figures.yamlLanguageServerMs)}   (same file and schema; ${ylsFirst} diagnostics)`);
  console.log(`  ratio yaml-language-server / full             ${figures.ratio.toFixed(1).padStart(7)}x   target >= 20x: ${figures.ratio >= 20 ? 'ok' : 'UNDER'}`);
  console.log(`  ratio in each round                          ${roundRatios.map((r) => `${r.toFixed(1)}x`).join(', ')}`);
  console.log('Hostile inputs (test/unit/pipeline/hostileInputs.ts), one full validation each');
  for (const h of figures.hostile) {
    console.log(`  ${`${h.name} (${h.megabytes.toFixed(2)} MB)`.padEnd(45)}${ms(h.ms)}   target <= ${h.targetMs} ms: ${verdict(h.ms, h.targetMs)}`);
  }
  console.log(line);
}
