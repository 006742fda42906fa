import * as fs from 'node:fs';
import * as path from 'node:path';
import { upstreamOf, topologicalOrder, withUpstream } from '../../core/runner/dag';
import { canonicalInputs, paramsReadBy } from '../../core/runner/fingerprint';
import { commandLine } from '../../core/runner/interpolate';
import { flattenParams, withParam, type Params, type RunnableStage } from '../../core/runner/runnableStage';
import { RunnerError } from '../../core/runner/runnerErrors';
import { expandSweep, overridesLabel, type Overrides, type SweepSpec } from '../../core/runner/sweep';
import { runProcess } from './processRunner';
import type { RunOutcome, RunStatus, StageOutcome } from './runOutcome';
import type { RunRecorder, StartedRun } from './runRecorder';
import { StageFingerprints } from './stageFingerprints';

/** A pipeline ready to run: its stages, its params file's contents and where it lives. */
export interface PipelineToRun {
  /** The experiment name runs are grouped under. */
  readonly name: string;
  /** Absolute path of the pipeline file; keys the skip cache. */
  readonly file: string;
  /** The folder every stage path is relative to. */
  readonly dir: string;
  readonly stages: readonly RunnableStage[];
  readonly params: Params;
  readonly sweep?: SweepSpec;
}

export interface RunEvents {
  onRunStarted?(run: { runId: string; name: string; parentId?: string }): void;
  onStageStarted?(stage: string, argv: readonly string[]): void;
  onStageFinished?(stage: StageOutcome): void;
  /** Output of a stage, in chunks as it arrives. */
  onOutput?(stage: string, text: string): void;
}

export interface RunOptions {
  /** Run this stage and what it needs, instead of the whole pipeline. */
  readonly stage?: string;
  /** Dotted params keys set over the params file (`-P train.lr=0.05`). */
  readonly overrides?: Overrides;
  /** Run every selected stage even when nothing changed. */
  readonly force?: boolean;
  /** How many independent stages (or sweep children) may run at once. */
  readonly maxParallel?: number;
  readonly signal?: AbortSignal;
  readonly events?: RunEvents;
  readonly name?: string;
  readonly parentId?: string;
  readonly tags?: readonly string[];
  /** The folder whose git state the run records; a sweep child's copy records its origin's. */
  readonly gitWorkspace?: string;
}

export interface RunnerServices {
  readonly recorder: RunRecorder;
  readonly fingerprints?: StageFingerprints;
  /** Content hash of a file or folder; null when it does not exist. */
  hashPath(absolutePath: string): Promise<string | null>;
  /** The folder of python/mlops_log.py, put on stages' PYTHONPATH so `import mlops_log` works. */
  readonly pythonHelperDir?: string;
}

function applyOverrides(params: Params, overrides: Overrides | undefined): Params {
  let result = params;
  for (const [key, value] of Object.entries(overrides ?? {})) result = withParam(result, key, value);
  return result;
}

function defaultRunName(options: RunOptions): string {
  const what = options.stage ? `stage ${options.stage}` : 'pipeline';
  const overrides = options.overrides && Object.keys(options.overrides).length > 0 ? ` (${overridesLabel(options.overrides)})` : '';
  return `${what}${overrides}`;
}

/** Writes whole lines, prefixed with the stage name when several stages share one log. */
class StageOutput {
  private partial = '';
  constructor(private readonly stage: string, private readonly prefix: boolean, private readonly sink: (text: string) => void) {}
  write(text: string): void {
    if (!this.prefix) {
      this.sink(text);
      return;
    }
    const lines = (this.partial + text).split('\n');
    this.partial = lines.pop() ?? '';
    if (lines.length > 0) this.sink(lines.map((l) => `[${this.stage}] ${l}\n`).join(''));
  }
  flush(): void {
    if (this.partial) this.sink(this.prefix ? `[${this.stage}] ${this.partial}\n` : this.partial);
    this.partial = '';
  }
}

/**
 * Runs a pipeline (or one stage and its upstream) as one tracked run: stages in DAG order,
 * independent ones in parallel up to the limit, unchanged ones skipped, a failure stopping
 * everything downstream of it.
 */
export async function runPipeline(pipeline: PipelineToRun, options: RunOptions, services: RunnerServices): Promise<RunOutcome> {
  const params = applyOverrides(pipeline.params, options.overrides);
  const flat = flattenParams(params);
  const selected = options.stage ? withUpstream(pipeline.stages, options.stage) : topologicalOrder(pipeline.stages);
  const stages = new Map(pipeline.stages.map((s) => [s.name, s]));
  const upstream = upstreamOf(pipeline.stages);
  const maxParallel = Math.max(1, options.maxParallel ?? 1);
  const name = options.name ?? defaultRunName(options);

  const run = await services.recorder.start({
    name, experiment: pipeline.name, params: flat, workspace: options.gitWorkspace ?? pipeline.dir,
    ...(options.parentId ? { parentId: options.parentId } : {}),
    ...(options.tags ? { tags: options.tags } : {}),
  });
  options.events?.onRunStarted?.({ runId: run.runId, name, ...(options.parentId ? { parentId: options.parentId } : {}) });

  const outcomes = new Map<string, StageOutcome>();
  const depHashes: Record<string, string | null> = {};
  const context: StageContext = { pipeline, params, flat, stages, run, services, options, depHashes, prefixOutput: maxParallel > 1 };

  try {
    return await schedule(selected, upstream, stages, context, outcomes, maxParallel, name);
  } catch (error) {
    await run.finish('failed'); // an unexpected error must not leave the run looking alive
    throw error;
  }
}

/** Simple list scheduling: starts every stage whose upstream is done, up to maxParallel at once. */
async function schedule(
  selected: readonly string[],
  upstream: ReadonlyMap<string, ReadonlySet<string>>,
  stages: ReadonlyMap<string, RunnableStage>,
  context: StageContext,
  outcomes: Map<string, StageOutcome>,
  maxParallel: number,
  name: string,
): Promise<RunOutcome> {
  const { options, run, depHashes } = context;
  const pending = [...selected];
  const running = new Map<string, Promise<void>>();
  while (pending.length > 0 || running.size > 0) {
    for (const stageName of [...pending]) {
      if (running.size >= maxParallel) break;
      const ups = [...(upstream.get(stageName) ?? [])].filter((u) => selected.includes(u));
      const blocked = ups.find((u) => { const s = outcomes.get(u)?.status; return s === 'failed' || s === 'cancelled' || s === 'not-run'; });
      if (blocked) {
        pending.splice(pending.indexOf(stageName), 1);
        const outcome: StageOutcome = { name: stageName, status: 'not-run', reason: `not run because '${blocked}' did not succeed` };
        outcomes.set(stageName, outcome);
        options.events?.onStageFinished?.(outcome);
        continue;
      }
      if (!ups.every((u) => outcomes.has(u))) continue;
      pending.splice(pending.indexOf(stageName), 1);
      // A stage that throws (a bug, a full disk) fails like any other, so its siblings finish
      // normally and the run is recorded as failed rather than left running.
      const started = runStage(stages.get(stageName)!, context).catch((error: unknown): StageOutcome => ({
        name: stageName, status: 'failed', reason: `failed unexpectedly: ${error instanceof Error ? error.message : String(error)}`,
      }));
      running.set(stageName, started.then((outcome) => {
        outcomes.set(stageName, outcome);
        running.delete(stageName);
        options.events?.onStageFinished?.(outcome);
      }));
    }
    if (running.size > 0) await Promise.race(running.values());
  }

  await run.data(depHashes);
  const ordered = selected.map((s) => outcomes.get(s)!);
  const failure = ordered.find((o) => o.status === 'failed');
  const status: RunStatus = options.signal?.aborted || ordered.some((o) => o.status === 'cancelled') ? 'cancelled' : failure ? 'failed' : 'finished';
  await run.finish(status);
  return { runId: run.runId, name, status, stages: ordered, ...(failure ? { failure } : {}) };
}

interface StageContext {
  readonly pipeline: PipelineToRun;
  readonly params: Params;
  readonly flat: Record<string, unknown>;
  readonly stages: ReadonlyMap<string, RunnableStage>;
  readonly run: StartedRun;
  readonly services: RunnerServices;
  readonly options: RunOptions;
  readonly depHashes: Record<string, string | null>;
  readonly prefixOutput: boolean;
}

async function runStage(stage: RunnableStage, c: StageContext): Promise<StageOutcome> {
  const startedAt = Date.now();
  const abs = (p: string) => path.resolve(c.pipeline.dir, p);
  let argv: string[];
  try {
    argv = commandLine(stage, c.params, c.stages);
  } catch (error) {
    const reason = error instanceof RunnerError ? error.message : String(error);
    await c.run.stage({ name: stage.name, status: 'failed', startedAt, endedAt: Date.now(), lastStderr: [reason] });
    return { name: stage.name, status: 'failed', reason };
  }

  const hashes: Record<string, string | null> = {};
  for (const dep of stage.deps) hashes[dep] = await c.services.hashPath(abs(dep));
  Object.assign(c.depHashes, hashes);
  const fingerprint = StageFingerprints.hash(canonicalInputs({
    argv, env: stage.env, params: paramsReadBy(stage, c.flat), depHashes: hashes, outs: stage.outs, workdir: stage.workdir,
  }));
  const { fingerprints } = c.services;
  const unchanged = !c.options.force && fingerprints?.get(c.pipeline.file, stage.name) === fingerprint
    && stage.outs.every((o) => fs.existsSync(abs(o)));
  if (unchanged) {
    c.run.output(`⏭ ${stage.name}: unchanged since its last successful run, skipped\n`);
    if (stage.metrics && fs.existsSync(abs(stage.metrics))) await c.run.finalMetrics(abs(stage.metrics));
    await c.run.artifacts(stage.outs, c.pipeline.dir);
    await c.run.stage({ name: stage.name, status: 'skipped', startedAt, endedAt: Date.now() });
    return { name: stage.name, status: 'skipped', reason: 'unchanged since its last successful run' };
  }

  // Until this run succeeds its outputs may be half-written: forget the old fingerprint first.
  fingerprints?.set(c.pipeline.file, stage.name, undefined);
  if (stage.logs) fs.rmSync(abs(stage.logs), { force: true }); // old steps must not leak into this run
  for (const out of stage.outs) fs.mkdirSync(path.dirname(abs(out)), { recursive: true });
  const stopFollowing = stage.logs ? c.run.followMetrics(abs(stage.logs)) : undefined;

  c.options.events?.onStageStarted?.(stage.name, argv);
  c.run.output(`▶ ${stage.name}: ${argv.join(' ')}\n`);
  const output = new StageOutput(stage.name, c.prefixOutput, (text) => {
    c.run.output(text);
    c.options.events?.onOutput?.(stage.name, text);
  });
  const result = await runProcess(argv, {
    cwd: abs(stage.workdir),
    env: {
      ...process.env,
      ...stage.env,
      MLOPS_RUN_ID: c.run.runId,
      MLOPS_RUN_DIR: c.run.runDir,
      MLOPS_METRICS_FILE: c.run.metricsFile,
      MLOPS_STAGE: stage.name,
      PYTHONUNBUFFERED: '1', // so a training loop's prints reach the terminal as they happen
      ...(c.services.pythonHelperDir ? { PYTHONPATH: [c.services.pythonHelperDir, stage.env.PYTHONPATH ?? process.env.PYTHONPATH].filter(Boolean).join(path.delimiter) } : {}),
    },
    ...(c.options.signal ? { signal: c.options.signal } : {}),
    onOutput: (text) => output.write(text),
  });
  output.flush();
  await stopFollowing?.();

  const endedAt = Date.now();
  const base = { name: stage.name, exitCode: result.exitCode, durationMs: result.durationMs, lastStderr: result.lastStderr };
  let outcome: StageOutcome;
  if (result.cancelled) {
    outcome = { ...base, status: 'cancelled', reason: 'was cancelled' };
  } else if (result.spawnError) {
    outcome = { ...base, status: 'failed', reason: `could not start: ${result.spawnError}` };
  } else if (result.exitCode !== 0) {
    outcome = { ...base, status: 'failed' };
  } else {
    const missing = stage.outs.find((o) => !fs.existsSync(abs(o)));
    outcome = missing ? { ...base, status: 'failed', reason: `finished but did not write its declared output ${missing}` } : { ...base, status: 'ran' };
  }
  if (outcome.status === 'ran') {
    if (stage.metrics && fs.existsSync(abs(stage.metrics))) await c.run.finalMetrics(abs(stage.metrics));
    await c.run.artifacts(stage.outs, c.pipeline.dir);
    fingerprints?.set(c.pipeline.file, stage.name, fingerprint);
  }
  await c.run.stage({
    name: stage.name, status: outcome.status === 'ran' ? 'ran' : outcome.status === 'cancelled' ? 'cancelled' : 'failed',
    exitCode: result.exitCode, startedAt, endedAt, lastStderr: outcome.reason ? [...result.lastStderr, outcome.reason] : result.lastStderr,
  });
  c.run.output(outcome.status === 'ran' ? `✔ ${stage.name} (${(result.durationMs / 1000).toFixed(1)} s)\n` : `✘ ${stage.name} ${outcome.reason ?? `exited with code ${String(result.exitCode)}`}\n`);
  return outcome;
}

/**
 * Copies the project for a sweep child. fs.cp refuses to copy a folder into one of its own
 * subfolders even when a filter skips that subfolder, and the copies live under `.mlops/`.
 */
function copyProject(from: string, to: string, keep: (source: string) => boolean): void {
  fs.mkdirSync(to, { recursive: true });
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    const source = path.join(from, entry.name);
    if (!keep(source)) continue;
    const target = path.join(to, entry.name);
    if (entry.isDirectory()) copyProject(source, target, keep);
    else if (entry.isSymbolicLink()) fs.symlinkSync(fs.readlinkSync(source), target);
    else if (entry.isFile()) fs.copyFileSync(source, target);
  }
}

/** Folders a sweep child's copy of the project leaves out: tool state and regenerated outputs. */
const notCopied = new Set(['.mlops', '.git', 'node_modules', '.venv', '__pycache__']);

/**
 * Runs the pipeline's sweep: one parent run, and one child run per combination, each in its
 * own copy of the project under the parent's run folder so children never overwrite each
 * other's outputs (or the workspace's), and always from scratch.
 */
export async function runSweep(pipeline: PipelineToRun, options: RunOptions, services: RunnerServices): Promise<RunOutcome> {
  const combos = expandSweep(pipeline.sweep);
  const name = options.name ?? `sweep of ${combos.length} (${Object.keys(combos[0] ?? {}).join(', ')})`;
  const parent = await services.recorder.start({
    name, experiment: pipeline.name, params: flattenParams(applyOverrides(pipeline.params, options.overrides)),
    workspace: pipeline.dir, tags: ['sweep'],
  });
  options.events?.onRunStarted?.({ runId: parent.runId, name });
  const outs = new Set(pipeline.stages.flatMap((s) => s.outs.map((o) => path.resolve(pipeline.dir, o))));
  const parallel = Math.max(1, pipeline.sweep?.parallel ?? options.maxParallel ?? 1);

  const children: RunOutcome[] = new Array<RunOutcome>(combos.length);
  let next = 0;
  const worker = async () => {
    while (next < combos.length && !options.signal?.aborted) {
      const index = next++;
      const combo = combos[index]!;
      const copy = path.join(parent.runDir, 'workspaces', String(index + 1));
      copyProject(pipeline.dir, copy, (source) => !notCopied.has(path.basename(source)) && !outs.has(source));
      children[index] = await runPipeline(
        { ...pipeline, dir: copy, file: path.join(copy, path.relative(pipeline.dir, pipeline.file)) },
        { ...options, overrides: { ...options.overrides, ...combo }, force: true, name: overridesLabel(combo), parentId: parent.runId, maxParallel: 1, gitWorkspace: pipeline.dir },
        // No skip cache: copies start clean.
        { recorder: services.recorder, hashPath: (p) => services.hashPath(p), ...(services.pythonHelperDir ? { pythonHelperDir: services.pythonHelperDir } : {}) },
      );
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(parallel, combos.length) }, worker));
  } catch (error) {
    await parent.finish('failed'); // never leave the parent looking alive
    throw error;
  }
  const done = children.filter(Boolean);
  const status: RunStatus = options.signal?.aborted ? 'cancelled' : done.some((c) => c.status === 'failed') ? 'failed' : 'finished';
  await parent.finish(status);
  const failure = done.find((c) => c.failure)?.failure;
  return { runId: parent.runId, name, status, stages: [], children: done, ...(failure ? { failure } : {}) };
}
