import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { expandSweepParents, runsJoiningComparison } from '../../core/runs/compareSelection';
import type { MetricPoint } from '../../core/runs/runModel';
import {
  packHistories, packState, readPersistedState, toMetricHistory, validateWebviewMessage, type HistoryEntry, type HostMessage, type WebviewMessage,
} from '../../../webview-ui/compare/protocol';
import type { ExperimentsArea } from '../experiments/registerExperiments';
import type { StoredRun } from '../experiments/workspaceStores';
import { buildCompareState, runInfo } from './compareState';
import { webviewHtml } from '../views/webviewHtml';

export const compareViewType = 'mlops.compare';

/** Where the panel finds what it knows about the pipeline (primary metric and its goal). */
export type PipelineFacts = ExperimentsArea['facts'];

/**
 * The Compare Runs panel. The webview says `ready` before the host posts anything (posts wait
 * in a queue until then), every message from it is validated, and it keeps its UI state with
 * setState, so hiding, showing and reloading the window all restore it.
 */
export class ComparePanel implements vscode.Disposable {
  private static current: ComparePanel | undefined;
  private ready = false;
  private queue: HostMessage[] = [];
  private runIds: string[];
  private readonly following = new Map<string, { dispose(): void }>();
  private readonly disposables: vscode.Disposable[] = [];
  private readonly pending = new Map<string, MetricPoint[]>();
  private flushTimer: NodeJS.Timeout | undefined;
  /** Runs of a compared experiment created after this moment join the panel. */
  private readonly openedAt = Date.now();

  /** Shows the panel for these runs, reusing the open one. */
  static show(extensionUri: vscode.Uri, area: ExperimentsArea, facts: PipelineFacts, log: vscode.LogOutputChannel, runIds: string[]): ComparePanel {
    if (ComparePanel.current) {
      ComparePanel.current.panel.reveal(undefined, true);
      void ComparePanel.current.setRuns(runIds);
      return ComparePanel.current;
    }
    const panel = vscode.window.createWebviewPanel(compareViewType, 'Compare Runs', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, ComparePanel.options(extensionUri));
    return new ComparePanel(panel, extensionUri, area, facts, log, runIds);
  }

  /** Webview options: scripts on, and nothing readable but the built webview folder. */
  static options(extensionUri: vscode.Uri): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist', 'webview')] };
  }

  constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly extensionUri: vscode.Uri,
    private readonly area: ExperimentsArea,
    private readonly facts: PipelineFacts,
    private readonly log: vscode.LogOutputChannel,
    runIds: string[],
  ) {
    ComparePanel.current = this;
    this.runIds = runIds;
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'mlops.svg');
    panel.webview.options = ComparePanel.options(extensionUri);
    panel.webview.html = this.html();
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((raw: unknown) => this.receive(raw)),
      vscode.window.onDidChangeActiveColorTheme(() => this.post({ type: 'theme' })),
      // A run started in a compared experiment joins the comparison and streams live.
      area.stores.onDidChange(() => { void this.onStoresChanged(); }),
    );
    void this.setRuns(runIds);
  }

  /** The runs shown now (for tests and the serializer). */
  get shownRunIds(): readonly string[] {
    return this.runIds;
  }

  /** Shows these runs (a sweep parent stands for its children) and follows the live ones. */
  async setRuns(selected: string[]): Promise<void> {
    this.runIds = selected;
    try {
      const all = await this.area.stores.all();
      const runIds = expandSweepParents(selected, all.map((s) => s.run));
      this.runIds = runIds;
      const byId = new Map(all.map((s) => [s.run.id, s]));
      const runs = runIds.map((id) => byId.get(id)).filter((s): s is StoredRun => s !== undefined);
      const facts = runs[0] ? this.facts(runs[0].dir) : {};
      const state = await buildCompareState(runs, (id) => this.area.stores.colourOf(id), facts);
      this.panel.title = runs.length === 1 ? `Run: ${runs[0]!.run.name}` : `Compare ${runs.length} Runs`;
      this.post(packState(state));
      this.follow(runs);
    } catch (error) {
      this.log.error('Compare panel: reading the runs failed', error);
      this.post({ type: 'loadFailed', message: `reading the runs failed (${(error instanceof Error ? error.message : String(error)).replace(/\.$/, '')})` });
    }
  }

  /** Streams the points of every live run shown; a finished run's final state replaces its stream. */
  private follow(runs: readonly StoredRun[]): void {
    const live = new Set(runs.filter((s) => (s.run.status === 'running' || s.run.status === 'queued') && s.store).map((s) => s.run.id));
    for (const [id, sub] of this.following) {
      if (!live.has(id)) {
        sub.dispose();
        this.following.delete(id);
      }
    }
    for (const stored of runs) {
      const { id } = stored.run;
      if (!live.has(id) || this.following.has(id)) continue;
      this.following.set(id, stored.store!.followRun(id, {
        onPoints: (points) => this.queuePoints(id, points),
        onEnd: () => { void this.area.stores.reload(); },
      }, 100));
    }
  }

  /** Points arrive in small batches; one append for everything every 100 ms is plenty. */
  private queuePoints(runId: string, points: readonly MetricPoint[]): void {
    let list = this.pending.get(runId);
    if (!list) this.pending.set(runId, list = []);
    for (const p of points) list.push(p);
    this.flushTimer ??= setTimeout(() => this.flushPoints(), 100);
  }

  /** Everything pending goes in one `append`: one buffer, however many runs and metrics stream. */
  private flushPoints(): void {
    this.flushTimer = undefined;
    const entries: HistoryEntry[] = [];
    for (const [runId, points] of this.pending) {
      const byMetric = new Map<string, MetricPoint[]>();
      for (const p of points) {
        const list = byMetric.get(p.metric);
        if (list) list.push(p); else byMetric.set(p.metric, [p]);
      }
      for (const [metric, list] of byMetric) {
        entries.push({ runId, metric, history: toMetricHistory(list.map((p) => p.step), list.map((p) => p.value), list.map((p) => p.timestamp)) });
      }
    }
    this.pending.clear();
    if (entries.length > 0) this.post({ type: 'append', points: packHistories(entries) });
  }

  private async onStoresChanged(): Promise<void> {
    const all = await this.area.stores.all();
    const records = all.map((s) => s.run);
    // By start time, not status: a short run may already have finished when the store is re-read.
    // A sweep started meanwhile joins as its children, and a shown parent gives way to them.
    const joined = runsJoiningComparison(this.runIds, records, this.openedAt);
    const next = expandSweepParents([...this.runIds, ...joined], records);
    if (next.length !== this.runIds.length || next.some((id, i) => id !== this.runIds[i])) {
      await this.setRuns(next);
      return;
    }
    const byId = new Map(all.map((s) => [s.run.id, s]));
    const runs = this.runIds.map((id) => byId.get(id)).filter((s): s is StoredRun => s !== undefined);
    for (const stored of runs) this.post({ type: 'runUpdated', run: runInfo(stored.run, this.area.stores.colourOf(stored.run.id)) });
    this.follow(runs);
  }

  private post(message: HostMessage): void {
    if (!this.ready) {
      // Before `ready` only the latest init (or load failure) matters; appends belong to it.
      if (message.type === 'init' || message.type === 'loadFailed') this.queue = [];
      this.queue.push(message);
      return;
    }
    this.send(message);
  }

  private send(message: HostMessage): void {
    void this.panel.webview.postMessage(message).then(
      (delivered) => { if (!delivered && ComparePanel.current === this) this.log.warn(`Compare panel: the webview did not take a ${message.type} message`); },
      (error: unknown) => this.log.error(`Compare panel: posting ${message.type} failed`, error),
    );
  }

  private receive(raw: unknown): void {
    const message = validateWebviewMessage(raw);
    if (!message) {
      this.log.warn('Compare panel: ignored a malformed message from the webview');
      return;
    }
    void this.handle(message);
  }

  private async handle(message: WebviewMessage): Promise<void> {
    switch (message.type) {
      case 'ready': {
        this.ready = true;
        const queued = this.queue;
        this.queue = [];
        for (const m of queued) this.send(m);
        return;
      }
      case 'error':
        this.log.error(`Compare panel: ${message.message}`);
        return;
      case 'hideRun':
      case 'showRun':
        return; // the webview keeps this in its own state
      case 'openRun': {
        const stored = this.area.stores.find(message.runId);
        if (stored) await vscode.commands.executeCommand('mlops.runs.showLogs', { kind: 'run', stored, children: [] });
        return;
      }
      case 'exportCsv':
        return this.save(message.suggestedName, Buffer.from(message.csv, 'utf8'), { 'CSV': ['csv'] });
      case 'exportPng':
        return this.save(message.suggestedName, Buffer.from(message.dataUrl.slice(message.dataUrl.indexOf(',') + 1), 'base64'), { 'PNG image': ['png'] });
    }
  }

  private async save(name: string, bytes: Buffer, filters: Record<string, string[]>): Promise<void> {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const target = await vscode.window.showSaveDialog({ ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, name) } : {}), filters });
    if (!target) return;
    try {
      await fs.promises.writeFile(target.fsPath, bytes);
      void vscode.window.showInformationMessage(`Saved ${vscode.workspace.asRelativePath(target)}.`);
    } catch (error) {
      this.log.error(`Saving ${target.fsPath} failed`, error);
      void vscode.window.showErrorMessage(`Could not save ${target.fsPath}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private html(): string {
    return webviewHtml(this.panel.webview, this.extensionUri, {
      bundle: 'compare', title: 'Compare Runs', rootId: 'compare-root', rootLabel: 'Compare runs', extraSources: ['img', 'font'],
    });
  }


  dispose(): void {
    if (ComparePanel.current === this) ComparePanel.current = undefined;
    clearTimeout(this.flushTimer);
    for (const sub of this.following.values()) sub.dispose();
    this.following.clear();
    for (const d of this.disposables) d.dispose();
    this.panel.dispose();
  }

  /** Restores panels after a window reload, from the run ids the webview saved. */
  static serializer(extensionUri: vscode.Uri, area: ExperimentsArea, facts: PipelineFacts, log: vscode.LogOutputChannel): vscode.WebviewPanelSerializer {
    return {
      deserializeWebviewPanel: (panel, state: unknown) => {
        new ComparePanel(panel, extensionUri, area, facts, log, readPersistedState(state).runIds);
        return Promise.resolve();
      },
    };
  }
}
