// Helpers shared by the pipeline tests (not a test file itself).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { analyzePipeline } from '../../../src/core/pipeline/analyze';
import type { AnalyzeOptions, PipelineAnalysis, PipelineDiagnostic, TextEdit } from '../../../src/core/pipeline/analyze';
import { seededRandom } from '../../../src/core/runner/sweep';

/** The repository: above the compiled tests (out/test/unit/pipeline), else the working folder. */
export const repoRoot = ((): string => {
  for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'schemas'))) return dir;
  }
  return process.cwd();
})();

/** A params file for the common case. */
export const PARAMS = 'prepare:\n  seed: 1\ntrain:\n  lr: 0.1\n  epochs: 10\n';

export function withParams(text = PARAMS): AnalyzeOptions {
  return { params: { text, path: 'params.yaml' } };
}

/**
 * Every diagnostic the analyses below reported, as `code` → severities seen, so a test file can
 * check what it actually reported against the docs. node:test runs each file in its own process,
 * so this holds one file's diagnostics.
 */
export const reported = new Map<string, Set<string>>();

export function analyze(text: string, options: AnalyzeOptions = withParams()): PipelineAnalysis {
  const analysis = analyzePipeline(text, options);
  for (const d of analysis.diagnostics) {
    const severities = reported.get(d.code) ?? new Set<string>();
    severities.add(d.severity);
    reported.set(d.code, severities);
  }
  return analysis;
}

/** The Diagnostics table of docs/pipeline.md: each row's code and severity. */
export function documentedCodes(): Map<string, string> {
  const docs = fs.readFileSync(path.join(repoRoot, 'docs', 'pipeline.md'), 'utf8');
  const start = docs.indexOf('\n## Diagnostics\n');
  if (start < 0) throw new Error('docs/pipeline.md has no "## Diagnostics" section');
  const end = docs.indexOf('\n#', start + 1);
  const section = docs.slice(start, end < 0 ? undefined : end);
  const rows = new Map<string, string>();
  for (const match of section.matchAll(/^\| `([a-z-]+)` \| (\w+) \|/gm)) rows.set(match[1]!, match[2]!);
  return rows;
}

/** The diagnostics with `code`. */
export function withCode(text: string, code: string, options?: AnalyzeOptions): PipelineDiagnostic[] {
  return analyze(text, options).diagnostics.filter((d) => d.code === code);
}

/** The text each diagnostic with `code` points at. */
export function spans(text: string, code: string, options?: AnalyzeOptions): string[] {
  return withCode(text, code, options).map((d) => text.slice(d.range.start, d.range.end));
}

/** Applies the edits with `target` (non-overlapping) to `text`. */
export function applyEdits(text: string, edits: readonly TextEdit[], target: TextEdit['target'] = 'pipeline'): string {
  const mine = edits.filter((e) => e.target === target).sort((a, b) => b.range.start - a.range.start);
  let out = text;
  for (const e of mine) out = out.slice(0, e.range.start) + e.newText + out.slice(e.range.end);
  return out;
}

/** A small valid pipeline to mutate. */
export const VALID = `name: demo
stages:
  prepare:
    cmd: python3 src/prepare.py --seed \${params.prepare.seed}
    deps: [src/prepare.py]
    outs: [data/prepared]
  train:
    cmd: [python3, src/train.py, --data, "\${prepare.outs}"]
    deps: [src/train.py, data/prepared]
    params: [train]
    outs: [models/model.json]
    metrics: metrics/train.json
`;

/** What the `yaml` package reads, as plain values (undefined when it reports a problem). */
export function yamlValue(text: string): { value: unknown } | undefined {
  const docs = parseAllDocuments(text, { uniqueKeys: false, prettyErrors: false });
  if (!Array.isArray(docs) || docs.length > 1) return undefined;
  const doc = docs[0];
  if (!doc) return { value: null };
  if (doc.errors.length > 0 || doc.warnings.length > 0) return undefined;
  return { value: doc.toJS({ maxAliasCount: -1 }) as unknown };
}

// ---- generators for the fuzz tests ----

/** The sweep's seeded PRNG, so a fuzz seed reproduces the same cases anywhere. */
export const random = seededRandom;

export type Rng = () => number;
const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)]!;
export const int = (rng: Rng, n: number): number => Math.floor(rng() * n);

const WORDS = ['prepare', 'train', 'evaluate', 'data', 'src/a.py', 'models/m.json', 'data/prepared', 'x', '', 'lr', 'train.lr', 'canary', 'psi', '0.5', '-1', 'true', 'null', '~', '"quoted"', "'single'", '${params.train.lr}', '${prepare.outs}', '${oops', '${a.b.c}', '&anchor', '*alias', '!tag', '|', '>-', '[', ']', '{', '}', ',', ':', '#c', '---', '- ', '\t', 'é', '😀', '\u0000', '\r'];
const STAGE_KEYS = ['cmd', 'deps', 'params', 'outs', 'logs', 'metrics', 'needs', 'env', 'workdir', 'description', 'cmdd', 'dep'];
const TOP_KEYS = ['name', 'params', 'metrics', 'stages', 'sweep', 'gates', 'model', 'docker', 'deploy', 'monitor', 'x-base', 'nmae'];

function scalar(rng: Rng): string {
  return pick(rng, WORDS);
}

function flowList(rng: Rng): string {
  return `[${Array.from({ length: int(rng, 4) }, () => scalar(rng)).join(', ')}]`;
}

function value(rng: Rng, indent: number, depth: number): string {
  const r = rng();
  if (depth > 3 || r < 0.4) return ` ${scalar(rng)}`;
  if (r < 0.6) return ` ${flowList(rng)}`;
  if (r < 0.75) return `\n${Array.from({ length: 1 + int(rng, 3) }, () => `${' '.repeat(indent + 2)}- ${scalar(rng)}`).join('\n')}`;
  if (r < 0.85) return ` |\n${' '.repeat(indent + 2)}${scalar(rng)}\n${' '.repeat(indent + 2)}${scalar(rng)}`;
  return `\n${Array.from({ length: 1 + int(rng, 3) }, () => `${' '.repeat(indent + 2)}${pick(rng, STAGE_KEYS)}:${value(rng, indent + 2, depth + 1)}`).join('\n')}`;
}

/** A pipeline-shaped document: mostly valid structure, random content. */
export function randomPipeline(rng: Rng): string {
  const lines: string[] = [];
  const names = ['prepare', 'train', 'evaluate', 'serve', 'params', 'bad name'];
  for (let i = 0, n = 1 + int(rng, 5); i < n; i++) {
    const key = pick(rng, TOP_KEYS);
    if (key === 'stages') {
      lines.push('stages:');
      for (let s = 0, m = int(rng, 5); s < m; s++) {
        lines.push(`  ${pick(rng, names)}:`);
        for (let k = 0, q = int(rng, 6); k < q; k++) lines.push(`    ${pick(rng, STAGE_KEYS)}:${value(rng, 4, 1)}`);
      }
    } else {
      lines.push(`${key}:${value(rng, 0, 0)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

export const SEED_PIPELINE = `name: iris
params: params.yaml
metrics: {primary: accuracy, goal: maximize}
stages:
  prepare:
    cmd: python3 src/prepare.py --ratio \${params.prepare.test_ratio}
    deps: [src/prepare.py, data/iris.csv]
    params: [prepare.test_ratio]
    outs: [data/prepared]
  train:
    cmd: [python3, src/train.py, --data, "\${prepare.outs}"]
    deps: [src/train.py, data/prepared]
    params: [train]
    outs: [models/model.json]
    logs: metrics/train.jsonl
    needs: [prepare]
    env: {PYTHONHASHSEED: "0"}
  evaluate:
    cmd: |
      python3 src/evaluate.py
    deps: [models/model.json]
    metrics: metrics/eval.json
sweep:
  matrix:
    train.lr: [0.05, 0.1]
gates:
  - accuracy >= 0.9
model: {name: iris, path: models/model.json}
docker: {serve: src/serve.py}
deploy: {strategy: canary, weight: 10}
monitor: {reference: data/prepared/train.csv, live: logs/requests.jsonl}
`;

const INSERTS = ['\n', ' ', '  ', '\t', ':', ': ', '- ', '#', '"', "'", '[', ']', '{', '}', ',', '&a ', '*a', '!!str ', '|', '>', '---\n', '...\n', '%YAML 1.2\n', '? ', '<<: *a\n', '${', '}', '\\', '\u0000', '\ufeff', '\r', 'é', '\ud83d'];

/** One random edit: insert, delete, duplicate a line, or re-indent a line. */
export function mutate(rng: Rng, text: string): string {
  const at = int(rng, text.length + 1);
  const r = rng();
  if (r < 0.45) return text.slice(0, at) + pick(rng, INSERTS) + text.slice(at);
  if (r < 0.75) return text.slice(0, at) + text.slice(Math.min(text.length, at + 1 + int(rng, 8)));
  const lines = text.split('\n');
  const line = int(rng, lines.length);
  if (r < 0.88) lines.splice(line, 0, lines[line] ?? '');
  else lines[line] = (rng() < 0.5 ? '  ' : '') + (lines[line] ?? '').replace(/^ {0,2}/, '');
  return lines.join('\n');
}

