import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RunHistory, RunRecord } from '../../core/runs/runModel';
import type { ImportedRuns } from '../../node/runs/importedRuns';
import type { RunStore } from '../../node/runs/runStore';
import { engine } from '../engine';
import { findPipelines, pipelineGlob } from '../pipeline/pipelineFiles';
import { colourCount } from './runIcons';

/** What the views read runs through: a store of ours, or only other tools' runs. */
export interface RunsReader {
  loadHistories(ids: readonly string[], options?: { metrics?: readonly string[] }): Promise<RunHistory[]>;
}

/** A run, where to read more of it, and its store when the run is ours (writable). */
export interface StoredRun {
  readonly run: RunRecord;
  readonly reader: RunsReader;
  readonly store?: RunStore;
  /** The pipeline folder the run belongs to. */
  readonly dir: string;
}

/** A folder with MLflow or DVCLive runs but no store of ours: read-only, nothing created. */
function importedReader(imported: ImportedRuns): RunsReader {
  return {
    loadHistories: (ids, options) => Promise.all(ids.map(async (runId) => ({
      runId, series: await imported.history(runId, options?.metrics ? new Set(options.metrics) : undefined),
    }))),
  };
}


/**
 * Every run store of the workspace: the `.mlops/` beside each pipeline file and at each
 * workspace folder's root, with the MLflow and DVCLive runs found around them. Stores are
 * only opened where they exist, so browsing never creates folders.
 *
 * Reloads are debounced and single-flight: a burst of store writes (a run logging) causes one
 * reload, and a reload asked for while one is running waits for it and then runs once more.
 */
export class WorkspaceStores implements vscode.Disposable {
  private readonly stores = new Map<string, RunStore>();
  private runs: StoredRun[] = [];
  private readonly colourSlots = new Map<string, number>();
  private loaded = false;
  private loading: Promise<void> | undefined;
  private again = false;
  private timer: NodeJS.Timeout | undefined;
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly disposables: vscode.Disposable[] = [this.changed];
  /** Fires after the runs were reloaded. */
  readonly onDidChange = this.changed.event;
  /** While false (no view shows runs), changes only mark the data stale. */
  private active = false;
  private stale = false;
  /** Folders that hold (or may come to hold) a store; searched again only when pipelines come or go. */
  private folders: string[] = [];
  private foldersStale = true;
  private indexSignature = '';
  private poller: NodeJS.Timeout | undefined;

  constructor(private readonly log: vscode.LogOutputChannel) {
    const watcher = vscode.workspace.createFileSystemWatcher('**/.mlops/index/**');
    const pipelines = vscode.workspace.createFileSystemWatcher(pipelineGlob, false, true, false);
    this.disposables.push(
      watcher, pipelines,
      watcher.onDidChange(() => this.invalidate()),
      watcher.onDidCreate(() => this.invalidate()),
      watcher.onDidDelete(() => this.invalidate()),
      pipelines.onDidCreate(() => this.rescan()),
      pipelines.onDidDelete(() => this.rescan()),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.rescan()),
    );
  }

  /** Views call this as they show and hide, so hidden views cost nothing. */
  setActive(active: boolean): void {
    this.active = active;
    if (active && this.stale) this.invalidate(0);
    // File watchers miss changes on some setups (remote, container, inotify limits), and a run
    // started from a shell changes nothing VS Code saves: while runs are on screen, a cheap
    // stat of each store's index files every second catches what the watcher did not.
    clearInterval(this.poller);
    this.poller = active ? setInterval(() => { void this.pollIndexes(); }, 1000) : undefined;
  }

  private async pollIndexes(): Promise<void> {
    const parts: string[] = [];
    for (const dir of this.folders) {
      const index = path.join(dir, '.mlops', 'index');
      try {
        for (const name of (await fs.promises.readdir(index)).sort()) {
          const stat = await fs.promises.stat(path.join(index, name));
          parts.push(`${index}/${name}:${stat.size}:${stat.mtimeMs}`);
        }
      } catch {
        parts.push(`${index}:none`);
      }
    }
    const signature = parts.join('|');
    if (this.indexSignature !== '' && signature !== this.indexSignature) this.invalidate(0);
    this.indexSignature = signature;
  }

  /** All runs, newest first; loads on first use and after changes seen while hidden. */
  async all(): Promise<readonly StoredRun[]> {
    if (!this.loaded || this.stale) await this.reload();
    return this.runs;
  }

  /**
   * A run's colour slot, the same in the tree's swatch and the comparison charts. Slots follow
   * creation order within an experiment, so consecutive runs (the ones compared most) differ.
   */
  colourOf(id: string): number {
    return this.colourSlots.get(id) ?? 0;
  }

  find(id: string): StoredRun | undefined {
    return this.runs.find((r) => r.run.id === id);
  }

  /** The store for a pipeline folder, created on first use (runs, not browsing, call this). */
  async storeFor(dir: string): Promise<RunStore> {
    const key = path.join(dir, '.mlops');
    let store = this.stores.get(key);
    if (!store) {
      store = await engine().RunStore.forWorkspace(dir);
      this.stores.set(key, store);
    }
    return store;
  }

  /** Schedules a reload (debounced); the default delay coalesces bursts of store writes. */
  invalidate(delayMs = 200): void {
    if (!this.active) {
      this.stale = true;
      return;
    }
    clearTimeout(this.timer);
    this.timer = setTimeout(() => { void this.reload(); }, delayMs);
  }

  /** Searches the workspace for pipeline folders again on the next reload (Refresh, a pipeline added). */
  rescan(delayMs = 200): void {
    this.foldersStale = true;
    this.invalidate(delayMs);
  }

  /** Reloads now; concurrent calls share one reload and at most one follow-up. */
  reload(): Promise<void> {
    if (this.loading) {
      this.again = true;
      return this.loading;
    }
    this.stale = false;
    this.loading = this.load().finally(() => {
      this.loading = undefined;
      if (this.again) {
        this.again = false;
        void this.reload();
      }
    });
    return this.loading;
  }

  private async load(): Promise<void> {
    // A workspace search is not cheap, and reloads come every second while a run logs: the
    // folders are only searched again when pipeline files come or go, or on Refresh.
    if (this.foldersStale) {
      this.foldersStale = false;
      const folders = new Set<string>((vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath));
      for (const file of await findPipelines()) folders.add(path.dirname(file.fsPath));
      this.folders = [...folders];
    }
    const runs: StoredRun[] = [];
    for (const dir of this.folders) {
      // Imported runs need a store object to hang on, but only our own folder makes it ours.
      const hasStore = fs.existsSync(path.join(dir, '.mlops'));
      const hasImports = fs.existsSync(path.join(dir, 'mlruns')) || fs.existsSync(path.join(dir, 'dvclive'));
      if (!hasStore && !hasImports) continue;
      try {
        if (hasStore) {
          const store = await this.storeFor(dir);
          for (const run of await store.listRuns({ includeImported: true })) runs.push({ run, reader: store, store, dir });
        } else {
          const imported = new (engine().ImportedRuns)(dir);
          const reader = importedReader(imported);
          for (const run of await imported.list()) runs.push({ run, reader, dir });
        }
      } catch (error) {
        this.log.error(`Reading the runs in ${dir} failed`, error);
      }
    }
    runs.sort((a, b) => b.run.createdAt - a.run.createdAt);
    const counters = new Map<string, number>();
    for (let i = runs.length - 1; i >= 0; i--) {
      const { run } = runs[i]!;
      const n = counters.get(run.experiment) ?? 0;
      counters.set(run.experiment, n + 1);
      this.colourSlots.set(run.id, n % colourCount);
    }
    this.runs = runs;
    this.loaded = true;
    this.changed.fire();
  }

  dispose(): void {
    clearTimeout(this.timer);
    clearInterval(this.poller);
    for (const store of this.stores.values()) store.close();
    for (const d of this.disposables) d.dispose();
  }
}
