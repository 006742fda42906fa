import * as fs from 'node:fs';
import * as path from 'node:path';
import { decodeDirectory, decodeHistory, decodeSeries, Float64Arena, headerLength, widenedLength } from '../../core/runs/historyCodec';
import { effectiveRecord } from '../../core/runs/liveness';
import { parseMetricsLine, PointResolver } from '../../core/runs/metricsLine';
import { RunStoreError } from '../../core/runs/runErrors';
import { isRunId, newRunId } from '../../core/runs/runId';
import { isLiveStatus, type MetricPoint, type MetricSeries, type RunHistory, type RunRecord } from '../../core/runs/runModel';
import { flattenJson } from '../../core/runs/flatten';
import { SeriesBuilder } from '../../core/runs/seriesBuilder';
import { isNotFound, readFileIfExists, writeFileAtomicSync } from './atomicFile';
import { withFileLockSync } from './fileLock';
import { FileTailer } from './fileTailer';
import type { ImportedRuns } from './importedRuns';
import { LiveRun, type NewRun } from './liveRun';
import { currentRunner, probeRunner } from './processProbe';
import { StoreIndex } from './storeIndex';
import { runFolder, storeFiles } from './storeLayout';

export interface RunStoreOptions {
  /** A live run whose lease is older than this, and whose pid cannot be checked, shows as killed. 60 s by default. */
  readonly leaseTimeoutMs?: number;
  /** How often a live run touches its lease. 5 s by default. */
  readonly heartbeatMs?: number;
  /** listRuns compacts the index once segments hold this many bytes past base.json. 2 MiB by default. */
  readonly compactAfterBytes?: number;
  /** Where importers look for `mlruns/` and DVCLive folders; the store folder's parent by default. */
  readonly workspaceRoot?: string;
}

export interface ListOptions {
  /** Also list MLflow and DVCLive runs found in the workspace (read-only). */
  readonly includeImported?: boolean;
}

export interface HistoryOptions {
  /** Only these metrics (all by default). */
  readonly metrics?: readonly string[];
}

export interface Disposable {
  dispose(): void;
}

export interface FollowListener {
  /** New points of a live run, as they reach its journal. */
  onPoints(points: readonly MetricPoint[]): void;
  /** The journal was compacted away: the run ended; load its history again. */
  onEnd?(): void;
}

/** A run in the trash. */
export interface TrashedRun {
  readonly id: string;
  readonly name: string;
  readonly deletedAt: number;
}

/**
 * The run store: plain files under `<workspace>/.mlops/` (docs/store.md). Safe for several
 * processes at once (runner, extension host, CLI) and against kill -9 at any moment: files are
 * replaced by atomic rename, journals are appended a whole line per write, and readers skip
 * torn last lines.
 */
export class RunStore {
  readonly index: StoreIndex;
  private importedRuns: ImportedRuns | undefined;
  private readonly workspaceRoot: string;
  private readonly leaseTimeoutMs: number;
  readonly heartbeatMs: number;
  private readonly compactAfterBytes: number;
  private readonly changeListeners = new Set<(ids: readonly string[]) => void>();

  private constructor(readonly dir: string, options: RunStoreOptions) {
    this.index = new StoreIndex(path.join(dir, storeFiles.index));
    this.leaseTimeoutMs = options.leaseTimeoutMs ?? 60_000;
    this.heartbeatMs = options.heartbeatMs ?? 5_000;
    this.compactAfterBytes = options.compactAfterBytes ?? 2 << 20;
    this.workspaceRoot = options.workspaceRoot ?? path.dirname(dir);
  }

  /** Opens (and creates, when missing) the store folder, e.g. `<workspace>/.mlops`. */
  static async open(dir: string, options: RunStoreOptions = {}): Promise<RunStore> {
    await fs.promises.mkdir(path.join(dir, storeFiles.runs), { recursive: true });
    await fs.promises.mkdir(path.join(dir, storeFiles.index), { recursive: true });
    return new RunStore(path.resolve(dir), options);
  }

  /** The store of a workspace folder: `<root>/.mlops`. */
  static forWorkspace(root: string, options: RunStoreOptions = {}): Promise<RunStore> {
    return RunStore.open(path.join(root, '.mlops'), { workspaceRoot: root, ...options });
  }

  /** The importers, loaded on first use (they pull in a YAML parser). */
  private async imported(): Promise<ImportedRuns> {
    if (this.importedRuns) return this.importedRuns;
    const { ImportedRuns } = await import('./importedRuns.js');
    this.importedRuns = new ImportedRuns(this.workspaceRoot);
    return this.importedRuns;
  }

  close(): void {
    this.index.close();
  }

  runDir(id: string): string {
    return runFolder(this.dir, id);
  }

  /** Called with the ids of runs this process changed (other processes: watch `index/`). */
  onDidChangeRuns(listener: (ids: readonly string[]) => void): Disposable {
    this.changeListeners.add(listener);
    return { dispose: () => this.changeListeners.delete(listener) };
  }

  /** Creates a run (queued or running) owned by this process and returns its writer. */
  async createRun(init: NewRun): Promise<LiveRun> {
    const id = newRunId();
    const dir = this.runDir(id);
    await fs.promises.mkdir(dir);
    const now = Date.now();
    const status = init.status ?? 'running';
    const tags: Record<string, string> = isLabelList(init.tags) ? Object.fromEntries(init.tags.map((t) => [t, ''])) : { ...init.tags };
    const record: RunRecord = {
      id,
      rev: 1,
      source: 'mlops',
      name: init.name,
      experiment: init.experiment,
      status,
      createdAt: now,
      ...(status === 'running' ? { startedAt: now } : {}),
      params: flattenJson(init.params ?? {}),
      metrics: {},
      tags,
      notes: init.notes ?? '',
      starred: false,
      ...(init.parentId ? { parentId: init.parentId } : {}),
      artifacts: [],
      data: [],
      stages: [],
      runner: init.runner ?? currentRunner(),
      history: 'jsonl',
    };
    // The lease first: a reader that finds meta.json finds a fresh lease too.
    fs.writeFileSync(path.join(dir, storeFiles.lease), '');
    fs.writeFileSync(path.join(dir, storeFiles.inbox), '');
    writeFileAtomicSync(path.join(dir, storeFiles.meta), JSON.stringify(record));
    this.index.append(record);
    this.fireChanged([id]);
    return new LiveRun(this, record);
  }

  /**
   * Changes a run's meta.json under its lock: read, change, bump rev, write (atomic rename),
   * append the new summary to the index. Returns the new record.
   */
  updateRun(id: string, change: (run: RunRecord) => RunRecord): RunRecord {
    if (isImportedId(id)) throw new RunStoreError('read-only', `Run ${id} belongs to another tracker and is read-only here.`);
    const dir = this.runDir(id);
    const metaFile = path.join(dir, storeFiles.meta);
    let next: RunRecord;
    try {
      next = withFileLockSync(path.join(dir, storeFiles.lock), () => {
        const current = JSON.parse(fs.readFileSync(metaFile, 'utf8')) as RunRecord;
        const changed: RunRecord = { ...change(current), id, rev: current.rev + 1, source: 'mlops' };
        writeFileAtomicSync(metaFile, JSON.stringify(changed));
        this.index.append(changed);
        return changed;
      });
    } catch (error) {
      if (isNotFound(error)) throw new RunStoreError('not-found', `No run ${id} in ${this.dir}.`, { cause: error });
      throw error;
    }
    this.fireChanged([id]);
    return next;
  }

  private fireChanged(ids: readonly string[]): void {
    for (const listener of this.changeListeners) {
      try {
        listener(ids);
      } catch {
        // A listener's failure is its own; the store's write has happened.
      }
    }
  }

  private async readMeta(id: string): Promise<RunRecord | undefined> {
    const bytes = await readFileIfExists(path.join(this.runDir(id), storeFiles.meta));
    if (!bytes) return undefined;
    try {
      return JSON.parse(bytes.toString('utf8')) as RunRecord;
    } catch (error) {
      throw new RunStoreError('corrupt', `meta.json of run ${id} is not valid JSON.`, { cause: error });
    }
  }

  private async leaseAge(id: string): Promise<number | undefined> {
    try {
      const stat = await fs.promises.stat(path.join(this.runDir(id), storeFiles.lease));
      return Date.now() - stat.mtimeMs;
    } catch {
      return undefined;
    }
  }

  private async effective(record: RunRecord): Promise<RunRecord> {
    if (!isLiveStatus(record.status)) return record;
    const derived = effectiveRecord(record, { probe: probeRunner, leaseAgeMs: await this.leaseAge(record.id), leaseTimeoutMs: this.leaseTimeoutMs });
    if (derived.status !== 'killed') return derived;
    // A runner writes its final status before it exits, so one that finished between our read
    // of meta.json and the probe shows its real end here instead of a false `killed`.
    const latest = (await this.readMeta(record.id).catch(() => undefined)) ?? record;
    if (!isLiveStatus(latest.status)) return latest;
    return effectiveRecord(latest, { probe: probeRunner, leaseAgeMs: await this.leaseAge(record.id), leaseTimeoutMs: this.leaseTimeoutMs });
  }

  /**
   * Every run, newest first, as summaries (everything but histories and logs). A run left
   * queued or running by a runner that is gone shows as `killed`.
   */
  async listRuns(options: ListOptions = {}): Promise<RunRecord[]> {
    const [snapshot, folders] = await Promise.all([this.index.read(), fs.promises.readdir(path.join(this.dir, storeFiles.runs)).catch(() => [] as string[])]);
    const present = new Set(folders);
    const runs: RunRecord[] = [];
    const reread: Promise<RunRecord | undefined>[] = [];
    for (const record of snapshot.merger.runs()) {
      if (!present.has(record.id)) continue; // deleted, or moved away by hand
      present.delete(record.id);
      // A live run's meta.json is the truth: its writer may have died between writing it and the index.
      if (isLiveStatus(record.status)) reread.push(this.readMeta(record.id).catch(() => record));
      else runs.push(record);
    }
    // Folders the index does not know (a writer died before its index line, a run copied in by
    // hand, index/ deleted): read from meta.json, and indexed so the next listing need not.
    const unindexed: Promise<RunRecord | undefined>[] = [];
    for (const id of present) if (isRunId(id)) unindexed.push(this.readMeta(id).catch(() => undefined));
    const [known, found] = await Promise.all([Promise.all(reread), Promise.all(unindexed)]);
    for (const record of [...known, ...found]) if (record) runs.push(await this.effective(record));
    this.indexFound(found);
    runs.sort((a, b) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
    if (snapshot.pendingBytes > this.compactAfterBytes) {
      try {
        this.index.compact();
      } catch {
        // Another process is compacting; the next listing will do it.
      }
    }
    if (!options.includeImported) return runs;
    return [...runs, ...(await (await this.imported()).list())];
  }

  /**
   * Appends finished runs found only as folders to this process's index segment. A later change
   * by their writer has a higher rev and wins, so this can never hide one. Best effort: a
   * read-only store is still listed, only not indexed.
   */
  private indexFound(records: readonly (RunRecord | undefined)[]): void {
    try {
      this.index.appendAll(records.filter((r): r is RunRecord => r !== undefined && !isLiveStatus(r.status)));
    } catch {
      // Not writable here (a read-only mount, another user's store): the next listing reads the folders again.
    }
  }

  /** One run with everything but histories and logs; undefined when there is none. */
  async getRun(id: string): Promise<RunRecord | undefined> {
    if (isImportedId(id)) return (await this.imported()).get(id);
    const record = await this.readMeta(id);
    return record && this.effective(record);
  }

  /** Histories of several runs, for charts; runs without any are returned with no series. */
  async loadHistories(ids: readonly string[], options: HistoryOptions = {}): Promise<RunHistory[]> {
    const wanted = options.metrics ? new Set(options.metrics) : undefined;
    const out: RunHistory[] = new Array<RunHistory>(ids.length);
    let next = 0;
    const worker = async () => {
      while (next < ids.length) {
        const i = next++;
        const id = ids[i]!;
        out[i] = { runId: id, series: isImportedId(id) ? await (await this.imported()).history(id, wanted) : await this.ownHistory(id, wanted) };
      }
    };
    await Promise.all(Array.from({ length: Math.min(16, ids.length) }, worker));
    return out;
  }

  private async ownHistory(id: string, wanted: ReadonlySet<string> | undefined): Promise<Record<string, MetricSeries>> {
    const dir = this.runDir(id);
    const fromBin = await readHistoryBin(path.join(dir, storeFiles.history), wanted);
    if (fromBin) return fromBin;
    const journal = await readFileIfExists(path.join(dir, storeFiles.journal));
    if (!journal) return {};
    return journalSeries(journal, wanted);
  }

  /** Follows a live run's journal, in this or another process (the runner may be the CLI). */
  followRun(id: string, listener: FollowListener, intervalMs = 250): Disposable {
    const resolver = new PointResolver();
    const tailer = new FileTailer(path.join(this.runDir(id), storeFiles.journal), (lines) => {
      const points: MetricPoint[] = [];
      for (const line of lines) {
        const parsed = parseMetricsLine(line);
        if (parsed) points.push(...resolver.resolve(parsed.points));
      }
      if (points.length > 0) listener.onPoints(points);
    }, { intervalMs, onGone: () => listener.onEnd?.() }).start();
    return { dispose: () => void tailer.stop() };
  }

  renameRun(id: string, name: string): RunRecord {
    return this.updateRun(id, (r) => ({ ...r, name }));
  }

  /** Sets a tag; with no value it is a label (a tag whose value is empty). */
  tagRun(id: string, key: string, value = ''): RunRecord {
    return this.updateRun(id, (r) => ({ ...r, tags: { ...r.tags, [key]: value } }));
  }

  untagRun(id: string, key: string): RunRecord {
    return this.updateRun(id, (r) => {
      const tags = { ...r.tags };
      delete tags[key];
      return { ...r, tags };
    });
  }

  setNotes(id: string, notes: string): RunRecord {
    return this.updateRun(id, (r) => ({ ...r, notes }));
  }

  setStarred(id: string, starred: boolean): RunRecord {
    return this.updateRun(id, (r) => ({ ...r, starred }));
  }

  /**
   * Moves a run to `trash/` (a rename, so it is atomic) and tells the index; `emptyTrash`
   * deletes for good. A live run cannot be deleted while its runner is alive.
   */
  async deleteRun(id: string): Promise<void> {
    const record = await this.getRun(id);
    if (!record) throw new RunStoreError('not-found', `No run ${id} in ${this.dir}.`);
    if (isLiveStatus(record.status)) throw new RunStoreError('bad-state', `Run ${id} is still ${record.status}; stop it before deleting it.`);
    const trash = path.join(this.dir, storeFiles.trash);
    await fs.promises.mkdir(trash, { recursive: true });
    withFileLockSync(path.join(this.runDir(id), storeFiles.lock), () => {
      fs.renameSync(this.runDir(id), path.join(trash, `${id}.${Date.now()}`));
      this.index.append({ id, rev: record.rev + 1, deleted: true });
    }, 10_000);
    // The held lock file moved with the folder; restoreRun removes it.
    this.fireChanged([id]);
  }

  async listTrash(): Promise<TrashedRun[]> {
    const trash = path.join(this.dir, storeFiles.trash);
    const names = await fs.promises.readdir(trash).catch(() => [] as string[]);
    const out: TrashedRun[] = [];
    for (const name of names) {
      const [id, at] = name.split('.');
      if (!id || !isRunId(id)) continue;
      const meta = await readFileIfExists(path.join(trash, name, storeFiles.meta));
      const record = meta ? JSON.parse(meta.toString('utf8')) as RunRecord : undefined;
      out.push({ id, name: record?.name ?? id, deletedAt: Number(at) });
    }
    return out.sort((a, b) => b.deletedAt - a.deletedAt);
  }

  /** Brings a run back from the trash (the latest deletion of that id). */
  async restoreRun(id: string): Promise<RunRecord> {
    const trash = path.join(this.dir, storeFiles.trash);
    const entry = (await this.listTrash()).find((t) => t.id === id);
    if (!entry) throw new RunStoreError('not-found', `Run ${id} is not in the trash.`);
    await fs.promises.rm(path.join(trash, `${id}.${entry.deletedAt}`, storeFiles.lock), { force: true });
    await fs.promises.rename(path.join(trash, `${id}.${entry.deletedAt}`), this.runDir(id));
    // The new rev must beat the tombstone's, which was the old rev + 1.
    return this.updateRun(id, (r) => ({ ...r, rev: r.rev + 1 }));
  }

  async emptyTrash(): Promise<number> {
    const trash = path.join(this.dir, storeFiles.trash);
    const names = await fs.promises.readdir(trash).catch(() => [] as string[]);
    await Promise.all(names.map((n) => fs.promises.rm(path.join(trash, n), { recursive: true, force: true })));
    return names.length;
  }

  /** The captured output of a run's stages ('' when there is none). */
  async readOutput(id: string): Promise<string> {
    return (await readFileIfExists(path.join(this.runDir(id), storeFiles.output)))?.toString('utf8') ?? '';
  }

  /** The run's git patch (empty when it was recorded clean or not in a repository). */
  async readPatch(id: string): Promise<Buffer> {
    return (await readFileIfExists(path.join(this.runDir(id), storeFiles.patch))) ?? Buffer.alloc(0);
  }

  /**
   * Writes `killed` into runs whose runner is gone (listRuns only shows them so) and compacts
   * their journals. The runner may call it when it starts; returns the ids it changed.
   */
  async reapKilledRuns(): Promise<string[]> {
    const reaped: string[] = [];
    for (const run of await this.listRuns()) {
      if (run.status !== 'killed' || !run.recordedStatus) continue;
      const dir = this.runDir(run.id);
      const lease = await fs.promises.stat(path.join(dir, storeFiles.lease)).catch(() => undefined);
      await LiveRun.compactJournal(dir);
      const history = fs.existsSync(path.join(dir, storeFiles.history)) ? 'bin' : 'none';
      this.updateRun(run.id, (r) => ({ ...r, status: 'killed', endedAt: r.endedAt ?? Math.round(lease?.mtimeMs ?? Date.now()), history, metrics: { ...LiveRun.lastValuesOf(dir), ...r.metrics } }));
      await LiveRun.removeLiveFiles(dir);
      reaped.push(run.id);
    }
    return reaped;
  }
}

/** Ids of read-only runs from other trackers (`mlflow:…`, `dvclive:…`). */
export function isImportedId(id: string): boolean {
  return id.startsWith('mlflow:') || id.startsWith('dvclive:');
}

function isLabelList(tags: NewRun['tags']): tags is readonly string[] {
  return Array.isArray(tags);
}

/** Reads history.bin, only the wanted series' blocks when some are named; undefined if absent. */
export async function readHistoryBin(file: string, wanted: ReadonlySet<string> | undefined): Promise<Record<string, MetricSeries> | undefined> {
  let handle: fs.promises.FileHandle;
  try {
    handle = await fs.promises.open(file, 'r');
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
  try {
    const { size } = await handle.stat();
    if (!wanted) {
      const bytes = Buffer.allocUnsafeSlow(size);
      await readFully(handle, bytes, 0);
      return decodeHistory(bytes);
    }
    const first = Buffer.allocUnsafeSlow(Math.min(size, 8192));
    await readFully(handle, first, 0);
    const need = headerLength(first.subarray(0, 8));
    let header = first;
    if (need > first.length) {
      header = Buffer.allocUnsafeSlow(need);
      await readFully(handle, header, 0);
    }
    const dir = decodeDirectory(header.subarray(0, need));
    const entries = dir.series.filter((e) => wanted.has(e.name));
    const arena = new Float64Arena(entries.reduce((sum, e) => sum + widenedLength(e), 0));
    const out: Record<string, MetricSeries> = {};
    await Promise.all(entries.map(async (entry) => {
      const block = Buffer.allocUnsafeSlow(entry.bytes);
      await readFully(handle, block, entry.offset);
      out[entry.name] = decodeSeries(entry, block, arena);
    }));
    return out;
  } finally {
    await handle.close();
  }
}

async function readFully(handle: fs.promises.FileHandle, buffer: Buffer, position: number): Promise<void> {
  let read = 0;
  while (read < buffer.length) {
    const { bytesRead } = await handle.read(buffer, read, buffer.length - read, position + read);
    if (bytesRead === 0) throw new RunStoreError('corrupt', 'history.bin is shorter than its directory says.');
    read += bytesRead;
  }
}

/** Series from a journal's bytes; a torn last line (no newline yet) is left out. */
export function journalSeries(journal: Buffer, wanted?: ReadonlySet<string>): Record<string, MetricSeries> {
  const end = journal.lastIndexOf(0x0a) + 1;
  const builder = new SeriesBuilder();
  const resolver = new PointResolver();
  for (const line of journal.toString('utf8', 0, end).split('\n')) {
    const parsed = line ? parseMetricsLine(line) : undefined;
    if (!parsed) continue;
    for (const point of resolver.resolve(parsed.points)) builder.add(point);
  }
  return builder.build(wanted);
}
