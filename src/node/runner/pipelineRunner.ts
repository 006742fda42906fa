import * as fs from 'node:fs';
import * as path from 'node:path';
import { upstreamOf, topologicalOrder, withUpstream } from '../../core/runner/dag';
import { canonicalInputs, paramsReadBy } from '../../core/runner/fingerprint';
import { commandLine } from '../../core/runner/interpolate';
import { flattenParams, withParam, type Params, type RunnableStage } from '../../core/runner/runnableStage';
import { RunnerError } from '../../core/runner/runnerErrors';
import { expandSweep, overridesLabel, type Overrides, type SweepSpec } from '../../core/runner/sweep';
import { LineBuffer, sweepChildLabel } from '../../core/runner/sweepOutput';
import { nothingToRun, stageUnchanged, type StageCheck } from '../../core/runner/upToDate';
import type { GateInput } from '../../core/deploy/gateCheck';
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
  /** The pipeline's `gates:`, judged on each finished run's final metrics (not on a sweep's parent). */
  readonly gates?: readonly GateInput[];
}

/**
 * What a run tells its terminal as it goes. Events of a sweep's child runs carry the child's
 * label (`#3 lr=0.1 l2=0`), so the output of children running side by side can be told apart.
 */
export interface RunEvents {
  onRunStarted?(run: { runId: string; name: string; parentId?: string; child?: string }): void;
  onStageStarted?(stage: string, argv: readonly string[], child?: string): void;
  onStageFinished?(stage: StageOutcome, child?: string): void;
  /** Output of a stage, in chunks as it arrives; from a sweep child, whole lines each prefixed `[stage] `. */
  onOutput?(stage: string, text: string, child?: string): void;
  /** A sweep's progress: once with 0 done when it starts, then after each child run ends. */
  onSweepProgress?(progress: { done: number; total: number }): void;
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
  /** Output shares a terminal with other runs (a sweep child): events get whole, stage-prefixed lines. */
  readonly interleaved?: boolean;
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

/**
 * Passes a stage's output to the run's log and to the events. Where several stages share the
 * log, or the events share a terminal with other runs, it goes in whole lines prefixed with the
 * stage name; otherwise chunks pass as they arrive.
 */
class StageOutput {
  private readonly lines = new LineBuffer();
  constructor(
    private readonly stage: string,
    private readonly prefix: { readonly log: boolean; readonly events: boolean },
    private readonly log: (text: string) => void,
    private readonly events: (text: string) => void,
  ) {}
  write(text: string): void {
    if (!this.prefix.log && !this.prefix.events) {
      this.log(text);
      this.events(text);
      return;
    }
    this.send(this.lines.push(text));
  }
  flush(): void {
    this.send(this.lines.flush());
  }
  private send(lines: readonly string[]): void {
    if (lines.length === 0) return;
    const plain = lines.join('');
    const prefixed = lines.map((l) => `[${this.stage}] ${l}`).join('');
    this.log(this.prefix.log ? prefixed : plain);
    this.events(this.prefix.events ? prefixed : plain);
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

  // Checked before a run exists, so a request with nothing to do leaves nothing in the store.
  const checks = options.force || !services.fingerprints ? undefined : await currentChecks(selected, pipeline, params, flat, stages, services);
  if (checks && nothingToRun(checks, options.force ?? false)) {
    const stagesSkipped = selected.map((stage): StageOutcome => ({ name: stage, status: 'skipped', reason: 'unchanged since its last successful run' }));
    return { runId: '', name, status: 'up-to-date', stages: stagesSkipped };
  }

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
  await run.finish(status, context.pipeline.gates);
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

/** What the skip check needs of one stage: its argv, its deps' hashes and the comparison itself. */
interface StageInputsNow {
  readonly argv: string[];
  readonly hashes: Record<string, string | null>;
  readonly fingerprint: string;
  readonly check: StageCheck;
}

async function stageInputsNow(
  stage: RunnableStage, pipeline: PipelineToRun, params: Params, flat: Record<string, unknown>,
  stages: ReadonlyMap<string, RunnableStage>, services: RunnerServices,
): Promise<StageInputsNow> {
  const abs = (p: string) => path.resolve(pipeline.dir, p);
  const argv = commandLine(stage, params, stages);
  const hashes: Record<string, string | null> = {};
  for (const dep of stage.deps) hashes[dep] = await services.hashPath(abs(dep));
  const fingerprint = StageFingerprints.hash(canonicalInputs({
    argv, env: stage.env, params: paramsReadBy(stage, flat), depHashes: hashes, outs: stage.outs, workdir: stage.workdir,
  }));
  const check: StageCheck = {
    fingerprint,
    lastFingerprint: services.fingerprints?.get(pipeline.file, stage.name),
    outputsPresent: stage.outs.every((o) => fs.existsSync(abs(o))),
  };
  return { argv, hashes, fingerprint, check };
}

/**
 * The skip check of every selected stage, before anything runs (hashes are cached, so the stages
 * that then run do not read their deps twice). Undefined when a stage cannot be checked (its
 * command cannot be built, a dep cannot be read): the run then goes ahead and records that
 * stage's failure as it always did.
 */
async function currentChecks(
  selected: readonly string[], pipeline: PipelineToRun, params: Params, flat: Record<string, unknown>,
  stages: ReadonlyMap<string, RunnableStage>, services: RunnerServices,
): Promise<StageCheck[] | undefined> {
  const checks: StageCheck[] = [];
  for (const name of selected) {
    try {
      checks.push((await stageInputsNow(stages.get(name)!, pipeline, params, flat, stages, services)).check);
    } catch {
      return undefined;
    }
  }
  return checks;
}

async function runStage(stage: RunnableStage, c: StageContext): Promise<StageOutcome> {
  const startedAt = Date.now();
  const abs = (p: string) => path.resolve(c.pipeline.dir, p);
  let now: StageInputsNow;
  try {
    now = await stageInputsNow(stage, c.pipeline, c.params, c.flat, c.stages, c.services);
  } catch (error) {
    if (!(error instanceof RunnerError)) throw error; // fails the stage as unexpected, in schedule()
    const reason = error.message;
    await c.run.stage({ name: stage.name, status: 'failed', startedAt, endedAt: Date.now(), lastStderr: [reason] });
    return { name: stage.name, status: 'failed', reason };
  }
  const { argv, hashes, fingerprint } = now;
  Object.assign(c.depHashes, hashes);
  const { fingerprints } = c.services;
  if (stageUnchanged(now.check, c.options.force ?? false)) {
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
  const output = new StageOutput(
    stage.name,
    { log: c.prefixOutput, events: c.prefixOutput || (c.options.interleaved ?? false) },
    (text) => c.run.output(text),
    (text) => c.options.events?.onOutput?.(stage.name, text),
  );
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

/** A sweep child's events: the parent's, each carrying the child's label. */
function childEvents(events: RunEvents, child: string): RunEvents {
  return {
    onRunStarted: (run) => events.onRunStarted?.({ ...run, child }),
    onStageStarted: (stage, argv) => events.onStageStarted?.(stage, argv, child),
    onStageFinished: (stage) => events.onStageFinished?.(stage, child),
    onOutput: (stage, text) => events.onOutput?.(stage, text, child),
  };
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
  let done = 0;
  options.events?.onSweepProgress?.({ done, total: combos.length });
  const worker = async () => {
    while (next < combos.length && !options.signal?.aborted) {
      const index = next++;
      const combo = combos[index]!;
      const copy = path.join(parent.runDir, 'workspaces', String(index + 1));
      copyProject(pipeline.dir, copy, (source) => !notCopied.has(path.basename(source)) && !outs.has(source));
      const events = options.events ? childEvents(options.events, sweepChildLabel(index, combo)) : undefined;
      children[index] = await runPipeline(
        { ...pipeline, dir: copy, file: path.join(copy, path.relative(pipeline.dir, pipeline.file)) },
        {
          ...options, overrides: { ...options.overrides, ...combo }, force: true, name: overridesLabel(combo), parentId: parent.runId,
          maxParallel: 1, gitWorkspace: pipeline.dir, interleaved: true, ...(events ? { events } : {}),
        },
        // No skip cache: copies start clean.
        { recorder: services.recorder, hashPath: (p) => services.hashPath(p), ...(services.pythonHelperDir ? { pythonHelperDir: services.pythonHelperDir } : {}) },
      );
      options.events?.onSweepProgress?.({ done: ++done, total: combos.length });
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(parallel, combos.length) }, worker));
  } catch (error) {
    await parent.finish('failed'); // never leave the parent looking alive
    throw error;
  }
  const ended = children.filter(Boolean);
  const status: RunStatus = options.signal?.aborted ? 'cancelled' : ended.some((c) => c.status === 'failed') ? 'failed' : 'finished';
  await parent.finish(status);
  const failure = ended.find((c) => c.failure)?.failure;
  return { runId: parent.runId, name, status, stages: [], children: ended, ...(failure ? { failure } : {}) };
}
