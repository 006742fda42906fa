import * as fs from 'node:fs';
import * as path from 'node:path';
import { flattenJson, flattenMetrics, parseJsonLenient } from '../../core/runs/flatten';
import { encodeHistory } from '../../core/runs/historyCodec';
import { formatPointLine, parseMetricsLine, PointResolver, type ParsedLine } from '../../core/runs/metricsLine';
import { RunStoreError } from '../../core/runs/runErrors';
import type { ArtifactRecord, DataRecord, GitInfo, JsonValue, MetricPoint, RunnerInfo, RunRecord, RunStatus, StageResult } from '../../core/runs/runModel';
import { lastValues } from '../../core/runs/seriesBuilder';
import type { CaptureOptions } from '../git/gitSnapshot';
import type { PathHasher } from '../hashing/pathHasher';
import { hashPath } from '../hashing/sha256';
import { isNotFound, writeFileAtomic, writeFileAtomicSync } from './atomicFile';
import { followDvclive } from './dvcliveFollower';
import { FileTailer } from './fileTailer';
import { journalSeries, type Disposable, type RunStore } from './runStore';
import { storeFiles } from './storeLayout';

export interface NewRun {
  readonly name: string;
  /** The pipeline name. */
  readonly experiment: string;
  /** Nested or flat; stored flat with dotted keys. */
  readonly params?: Readonly<Record<string, unknown>>;
  readonly parentId?: string;
  /** Key/value tags, or labels (a label is a tag with an empty value). */
  readonly tags?: Readonly<Record<string, string>> | readonly string[];
  readonly notes?: string;
  /** 'running' by default; a sweep's children may start 'queued'. */
  readonly status?: 'queued' | 'running';
  /** The process that owns the run; this one by default. */
  readonly runner?: RunnerInfo;
}

/** How a run may end; `killed` is only ever derived by readers. */
export type EndStatus = Extract<RunStatus, 'finished' | 'failed' | 'cancelled'>;

const maxStderrLines = 20;

/**
 * The writer of one live run, owned by the runner. Points go to the run's journal
 * (metrics.jsonl), one write per batch; everything else changes meta.json. `finish` compacts
 * the journal into history.bin.
 */
export class LiveRun {
  readonly id: string;
  readonly dir: string;
  /** The file scripts append metrics and params to (MLOPS_METRICS_FILE); followed until finish. */
  readonly metricsFile: string;
  private journalFd: number | undefined;
  private outputFd: number | undefined;
  private readonly resolver = new PointResolver();
  private readonly listeners = new Set<(points: readonly MetricPoint[]) => void>();
  private readonly feeds = new Set<() => Promise<void>>();
  private readonly heartbeat: NodeJS.Timeout;
  private ended = false;
  private record: RunRecord;

  constructor(readonly store: RunStore, record: RunRecord) {
    this.id = record.id;
    this.record = record;
    this.dir = store.runDir(record.id);
    this.metricsFile = path.join(this.dir, storeFiles.inbox);
    const lease = path.join(this.dir, storeFiles.lease);
    this.heartbeat = setInterval(() => {
      const now = new Date();
      try {
        fs.utimesSync(lease, now, now);
      } catch {
        // The run was deleted or finished under us; nothing to keep alive.
      }
    }, store.heartbeatMs);
    this.heartbeat.unref();
    this.followMetrics(this.metricsFile);
  }

  /** The record as this writer last wrote it. */
  get current(): RunRecord {
    return this.record;
  }

  /** Called with every batch of points this writer stores (for live charts in this process). */
  onDidLogPoints(listener: (points: readonly MetricPoint[]) => void): Disposable {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  private update(change: (run: RunRecord) => RunRecord): RunRecord {
    this.record = this.store.updateRun(this.id, change);
    return this.record;
  }

  private assertLive(): void {
    if (this.ended) throw new RunStoreError('bad-state', `Run ${this.id} has already ended.`);
  }

  /** A queued run starts running. */
  start(): RunRecord {
    return this.update((r) => ({ ...r, status: 'running', startedAt: Date.now() }));
  }

  /**
   * Stores points; a missing step continues the metric's last step, a missing timestamp is now.
   * Returns the points as stored. One write() for the batch: a kill leaves whole lines only,
   * at worst a torn last one, which readers skip.
   */
  logPoints(points: ParsedLine['points']): MetricPoint[] {
    this.assertLive();
    if (points.length === 0) return [];
    const resolved = this.resolver.resolve(points);
    if (this.journalFd === undefined) this.journalFd = fs.openSync(path.join(this.dir, storeFiles.journal), 'a');
    fs.writeSync(this.journalFd, resolved.map(formatPointLine).join(''));
    for (const listener of this.listeners) {
      try {
        listener(resolved);
      } catch {
        // A chart's failure must not stop the run's logging.
      }
    }
    return resolved;
  }

  logMetric(name: string, value: number, step?: number, timestamp?: number): MetricPoint {
    return this.logPoints([{ metric: name, value, step, timestamp }])[0]!;
  }

  /** Several metrics at one step (e.g. one epoch). */
  logMetrics(values: Readonly<Record<string, number>>, step?: number): MetricPoint[] {
    return this.logPoints(Object.entries(values).map(([metric, value]) => ({ metric, value, step })));
  }

  /** Adds or changes params (nested objects become dotted keys). */
  logParams(params: Readonly<Record<string, unknown>>): RunRecord {
    const flat = flattenJson(params);
    if (Object.keys(flat).length === 0) return this.record;
    return this.update((r) => ({ ...r, params: { ...r.params, ...flat } }));
  }

  /**
   * Follows a JSON-lines metrics file (a stage's `logs`, or MLOPS_METRICS_FILE) while it grows;
   * returns a function that reads it to the end and stops. Lines already in the file when
   * following starts belong to an earlier run and are skipped, unless the stage rewrites the
   * file from the start (as the iris example does), which is then read from the start.
   */
  followMetrics(file: string, intervalMs = 200): () => Promise<void> {
    const tailer = new FileTailer(file, (lines) => this.ingestLines(lines), { intervalMs, skipExisting: true }).start();
    const stop = async () => {
      this.feeds.delete(stop);
      await tailer.stop();
    };
    this.feeds.add(stop);
    return stop;
  }

  /** Follows a DVCLive folder's plots/metrics/*.tsv while it grows. */
  followDvclive(dvcliveDir: string, intervalMs = 500): () => Promise<void> {
    const follower = followDvclive(dvcliveDir, (points) => { if (!this.ended) this.logPoints(points); }, intervalMs);
    const stop = async () => {
      this.feeds.delete(stop);
      await follower.stop();
    };
    this.feeds.add(stop);
    return stop;
  }

  /** Lines in any of the metrics-file forms (docs/store.md). */
  ingestLines(lines: readonly string[]): void {
    if (this.ended) return;
    const points: ParsedLine['points'][number][] = [];
    const params: Record<string, JsonValue> = {};
    for (const line of lines) {
      const parsed = parseMetricsLine(line);
      if (!parsed) continue;
      points.push(...parsed.points);
      Object.assign(params, parsed.params);
    }
    this.logPoints(points);
    if (Object.keys(params).length > 0) this.logParams(params);
  }

  /** Appends captured stage output to the run's output.log. */
  appendOutput(text: string): void {
    if (text.length === 0) return;
    if (this.ended) {
      // Late output after finish: no file handle to keep open any more.
      fs.appendFileSync(path.join(this.dir, storeFiles.output), text);
      return;
    }
    if (this.outputFd === undefined) this.outputFd = fs.openSync(path.join(this.dir, storeFiles.output), 'a');
    fs.writeSync(this.outputFd, text);
  }

  /** Records a stage's result (replacing an earlier one of the same name). */
  setStage(result: StageResult): RunRecord {
    const stage: StageResult = { ...result, ...(result.lastStderr ? { lastStderr: result.lastStderr.slice(-maxStderrLines) } : {}) };
    return this.update((r) => {
      const stages = r.stages.filter((s) => s.name !== stage.name);
      return { ...r, stages: [...stages, stage] };
    });
  }

  /** Final metrics (nested keys become dotted); they override the histories' last values. */
  setFinalMetrics(metrics: Readonly<Record<string, unknown>>): RunRecord {
    const flat = flattenMetrics(metrics);
    return this.update((r) => ({ ...r, metrics: { ...r.metrics, ...flat } }));
  }

  /** Reads a final metrics JSON file (flat or nested) written by a stage. */
  async readFinalMetrics(file: string): Promise<RunRecord> {
    const parsed = parseJsonLenient(await fs.promises.readFile(file, 'utf8'));
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return this.record;
    return this.setFinalMetrics(parsed as Record<string, unknown>);
  }

  /** Hashes outs and records them as artifacts (paths relative to baseDir). */
  async recordArtifacts(paths: readonly string[], baseDir: string, hasher?: PathHasher): Promise<RunRecord> {
    const records: ArtifactRecord[] = [];
    for (const rel of paths) {
      const abs = path.resolve(baseDir, rel);
      const hashed = hasher ? await hasher.hashPath(abs) : await hashPath(abs);
      const relPath = path.relative(baseDir, abs).split(path.sep).join('/');
      records.push(hashed ? { path: relPath, kind: hashed.kind, hash: hashed.hash, size: hashed.size, files: hashed.files } : { path: relPath, kind: 'file', hash: null });
    }
    return this.update((r) => {
      const byPath = new Map(r.artifacts.map((a) => [a.path, a]));
      for (const a of records) byPath.set(a.path, a);
      return { ...r, artifacts: [...byPath.values()] };
    });
  }

  /** Records the hashes of the data (deps) the run read. */
  setData(hashes: Readonly<Record<string, string | null>>): RunRecord {
    const records: DataRecord[] = Object.entries(hashes).map(([p, hash]) => ({ path: p, hash }));
    return this.update((r) => {
      const byPath = new Map(r.data.map((d) => [d.path, d]));
      for (const d of records) byPath.set(d.path, d);
      return { ...r, data: [...byPath.values()] };
    });
  }

  /** Records the git state of the workspace (git.patch + meta); nothing when it is not a repository. */
  async recordGit(workspace: string, options?: CaptureOptions): Promise<GitInfo | undefined> {
    // Loaded on first use: simple-git costs startup time that most store users never need.
    const { captureGit } = await import('../git/gitSnapshot.js');
    const snapshot = await captureGit(workspace, options);
    if (!snapshot) return undefined;
    if (snapshot.patch.length > 0) await writeFileAtomic(path.join(this.dir, storeFiles.patch), snapshot.patch);
    this.update((r) => ({ ...r, git: snapshot.info }));
    return snapshot.info;
  }

  /**
   * Ends the run: reads its feeds to the end, compacts the journal into history.bin, writes the
   * status and final metrics, and removes the live-only files. `complete` may add to the ended
   * record (the runner's gate results), so it lands in the same meta.json write as the status.
   */
  async finish(status: EndStatus, finalMetrics?: Readonly<Record<string, unknown>>, complete?: (ended: RunRecord) => RunRecord): Promise<RunRecord> {
    this.assertLive();
    for (const stop of [...this.feeds]) await stop();
    this.ended = true;
    clearInterval(this.heartbeat);
    this.closeFiles();
    const series = await LiveRun.compactJournal(this.dir);
    const final = finalMetrics ? flattenMetrics(finalMetrics) : {};
    const record = this.update((r) => {
      const ended: RunRecord = {
        ...r,
        status,
        endedAt: Date.now(),
        metrics: { ...lastValues(series), ...r.metrics, ...final },
        history: Object.keys(series).length > 0 ? 'bin' : 'none',
      };
      return complete ? complete(ended) : ended;
    });
    await LiveRun.removeLiveFiles(this.dir);
    return record;
  }

  /** Stops timers and closes files without ending the run (it will show as killed if the process dies). */
  dispose(): void {
    clearInterval(this.heartbeat);
    this.closeFiles();
    this.ended = true;
  }

  private closeFiles(): void {
    if (this.journalFd !== undefined) fs.closeSync(this.journalFd);
    if (this.outputFd !== undefined) fs.closeSync(this.outputFd);
    this.journalFd = undefined;
    this.outputFd = undefined;
  }

  /** Journal → history.bin (atomic rename); returns the series. */
  static async compactJournal(dir: string): Promise<ReturnType<typeof journalSeries>> {
    let journal: Buffer;
    try {
      journal = await fs.promises.readFile(path.join(dir, storeFiles.journal));
    } catch (error) {
      if (isNotFound(error)) return {};
      throw error;
    }
    const series = journalSeries(journal);
    if (Object.keys(series).length > 0) writeFileAtomicSync(path.join(dir, storeFiles.history), encodeHistory(series));
    return series;
  }

  static lastValuesOf(dir: string): Record<string, number> {
    try {
      return lastValues(journalSeries(fs.readFileSync(path.join(dir, storeFiles.journal))));
    } catch {
      return {};
    }
  }

  static async removeLiveFiles(dir: string): Promise<void> {
    for (const name of [storeFiles.journal, storeFiles.inbox, storeFiles.lease]) await fs.promises.rm(path.join(dir, name), { force: true });
  }
}
