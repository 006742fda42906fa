// The panel: receives host messages, owns the model and the persisted UI state, and switches
// between the empty state and the four tabs (Charts, Metrics, Params, Sweep).

import '@vscode-elements/elements/dist/vscode-tab-header/index.js';
import '@vscode-elements/elements/dist/vscode-tabs/index.js';
import { ChartsView } from './chartsView';
import type { PanelContext } from './context';
import { custom, h } from '../shared/dom';
import { CompareModel } from './model';
import { trackDrawnState, type DrawnState } from './drawnState';
import {
  checkHostMessage, readPersistedState, TAB_IDS, unpackHistories, unpackState, type CompareState, type HostMessage, type PackedHistories,
  type PersistedState, type RunInfo, type TabId, type WebviewMessage,
} from './protocol';
import { MetricsTable, ParamsTable } from './tablesView';
import { SweepView } from './sweepView';
import { compareSummary } from './tables';
import { readTheme, watchTheme, type Theme } from './theme';

/** The part of VS Code's webview API the panel uses. */
export interface WebviewApi {
  postMessage(message: WebviewMessage): void;
  getState(): unknown;
  setState(state: PersistedState): void;
}

/** The Charts view exists from the start; the other tabs are built the first time they are shown. */
interface Views {
  charts: ChartsView;
  metrics?: MetricsTable;
  params?: ParamsTable;
  sweep?: SweepView;
  /** One element per tab, shown and hidden by the tab bar. */
  panels: Record<TabId, HTMLElement>;
}

const TAB_LABELS: Record<TabId, string> = { charts: 'Charts', metrics: 'Metrics', params: 'Params', sweep: 'Sweep' };

export class App {
  private readonly ui: PersistedState;
  private readonly hidden = new Set<string>();
  private theme: Theme;
  private model: CompareModel | undefined;
  private views: Views | undefined;
  private pendingRunUpdate: 'charts' | 'legend' | undefined;
  private runUpdateFrame = 0;
  private readonly drawn: DrawnState;

  constructor(private readonly root: HTMLElement, private readonly api: WebviewApi) {
    this.ui = readPersistedState(api.getState());
    this.theme = readTheme();
    watchTheme(() => this.onTheme());
    this.drawn = trackDrawnState(() => this.model, (runId) => this.hidden.has(runId));
    this.root.replaceChildren(h('p', { class: 'loading', role: 'status' }, 'Loading runs…'));
  }

  /**
   * Entry point for every `message` event. A malformed message is reported to the host's log
   * and said in the panel: a refused `init` replaces "Loading runs…" with the reason.
   */
  receive(data: unknown): void {
    const check = checkHostMessage(data);
    if (!check.ok) {
      this.post({ type: 'error', message: `Compare panel refused a ${check.type} message: ${check.problem}.` });
      if (check.type === 'init' || !this.model) this.showLoadError(`the panel received malformed data: ${check.problem}`);
      else this.showNotice(`Some updates could not be shown: ${check.problem}.`);
      return;
    }
    this.handle(check.message);
  }

  private handle(message: HostMessage): void {
    switch (message.type) {
      case 'init': this.init(unpackState(message)); break;
      case 'append': this.append(message.points); break;
      case 'runUpdated': this.runUpdated(message.run); break;
      case 'theme': this.onTheme(); break;
      case 'loadFailed': this.showLoadError(message.message); break;
    }
  }

  /** Instead of the charts (or "Loading runs…" forever): what failed, in one sentence. */
  private showLoadError(reason: string): void {
    this.destroyViews();
    this.model = undefined;
    this.root.replaceChildren(h('div', { class: 'empty-state load-error', role: 'alert' },
      h('p', {}, `Could not load the runs: ${reason}${/[.!?]$/.test(reason) ? '' : '.'}`),
      h('p', {}, 'Details are in the MLOps Workbench log (Output view). Compare the runs again to retry.')));
  }

  /** A problem with a later update: the charts stay, a line above them says what is missing. */
  private showNotice(text: string): void {
    let notice = this.root.querySelector<HTMLElement>('.panel-notice');
    if (!notice) {
      notice = h('p', { class: 'panel-notice', role: 'alert' });
      this.root.prepend(notice);
    }
    notice.textContent = text;
  }

  post(message: WebviewMessage): void {
    this.api.postMessage(message);
  }

  private saveUi(): void {
    this.api.setState({ ...this.ui, hiddenRunIds: [...this.hidden] });
  }

  private init(state: CompareState): void {
    this.destroyViews();
    const model = new CompareModel(state);
    this.model = model;
    const ids = new Set(model.runs.map((r) => r.id));
    // Hidden runs survive a reload (persisted) and a selection change (for the runs still there).
    const previouslyHidden = new Set([...this.ui.hiddenRunIds, ...this.hidden]);
    this.hidden.clear();
    for (const id of previouslyHidden) if (ids.has(id)) this.hidden.add(id);
    this.ui.runIds = model.runs.map((r) => r.id);
    this.saveUi();
    if (model.runs.length === 0) {
      this.root.replaceChildren(emptyState());
      return;
    }
    const ctx = this.context(model);
    const charts = new ChartsView(ctx);
    const panel = (id: TabId): HTMLElement => h('div', {
      class: 'tab-panel', id: `panel-${id}`, role: 'tabpanel', 'aria-labelledby': `tab-${id}`, hidden: id !== this.ui.tab,
    });
    const panels: Record<TabId, HTMLElement> = { charts: panel('charts'), metrics: panel('metrics'), params: panel('params'), sweep: panel('sweep') };
    panels.charts.append(charts.root);
    const views: Views = { charts, panels };
    this.views = views;
    const tabBar = h('div', { class: 'tab-bar' });
    this.root.replaceChildren(tabBar, ...TAB_IDS.map((id) => panels[id]));
    charts.render();
    this.showTab(this.ui.tab);
    // The controls (tab bar, chart toolbar) are web components whose first render costs tens of
    // milliseconds; they join the page right after the first frame with the charts is painted,
    // into space reserved for them, so the data shows first and nothing moves.
    requestAnimationFrame(() => setTimeout(() => {
      if (this.views !== views) return;
      tabBar.append(this.tabs(model));
      charts.attachControls();
      this.reserveForLiveRuns(model);
    }, 0));
  }

  private tabs(model: CompareModel): HTMLElement {
    const summary = h('span', { class: 'summary', slot: 'addons' },
      compareSummary(model.runs.length, model.finalMetricNames().length));
    const tabs = custom('vscode-tabs', { 'selected-index': TAB_IDS.indexOf(this.ui.tab), 'aria-label': 'Compare views' }, summary,
      ...TAB_IDS.map((id) => custom('vscode-tab-header', { slot: 'header', id: `tab-${id}`, 'aria-controls': `panel-${id}` }, TAB_LABELS[id])));
    tabs.addEventListener('vsc-tabs-select', (e) => {
      const tab = TAB_IDS[(e as CustomEvent<{ selectedIndex: number }>).detail.selectedIndex];
      if (!tab || tab === this.ui.tab) return;
      this.ui.tab = tab;
      this.saveUi();
      this.showTab(tab);
    });
    return tabs;
  }

  /** Gives running runs' histories spare capacity while the browser is idle, off the first paint. */
  private reserveForLiveRuns(model: CompareModel): void {
    const running = model.runs.filter((r) => r.status === 'running' || r.status === 'queued');
    if (running.length === 0) return;
    requestIdleCallback(() => {
      if (this.model !== model) return;
      for (const run of running) model.reserve(run.id, 4096);
    }, { timeout: 2000 });
  }

  private showTab(tab: TabId): void {
    const views = this.views;
    if (!views) return;
    for (const id of TAB_IDS) views.panels[id].hidden = id !== tab;
    if (tab === 'charts') views.charts.show(); else views.charts.hide();
    if (tab === 'sweep') this.sweepView(views).show(); else views.sweep?.hide();
    if (tab === 'metrics') this.metricsView(views).render();
    if (tab === 'params') this.paramsView(views).render();
  }

  private metricsView(views: Views): MetricsTable {
    return views.metrics ??= this.mount(views, 'metrics', (ctx) => new MetricsTable(ctx));
  }

  private paramsView(views: Views): ParamsTable {
    return views.params ??= this.mount(views, 'params', (ctx) => new ParamsTable(ctx));
  }

  private sweepView(views: Views): SweepView {
    return views.sweep ??= this.mount(views, 'sweep', (ctx) => new SweepView(ctx));
  }

  private mount<V extends { root: HTMLElement }>(views: Views, tab: TabId, make: (ctx: PanelContext) => V): V {
    const model = this.model;
    if (!model) throw new Error('no model');
    const view = make(this.context(model));
    views.panels[tab].append(view.root);
    return view;
  }

  private context(model: CompareModel): PanelContext {
    return {
      model,
      ui: this.ui,
      hidden: this.hidden,
      theme: () => this.theme,
      post: (m) => this.post(m),
      saveUi: () => this.saveUi(),
      setRunsHidden: (changes) => this.setRunsHidden(changes),
    };
  }

  /** All changes first, then one redraw: "show only this run" touches every run at once. */
  private setRunsHidden(changes: ReadonlyMap<string, boolean>): void {
    const changed: string[] = [];
    for (const [runId, hide] of changes) {
      if (!this.model?.run(runId) || this.hidden.has(runId) === hide) continue;
      if (hide) this.hidden.add(runId); else this.hidden.delete(runId);
      changed.push(runId);
      this.post({ type: hide ? 'hideRun' : 'showRun', runId });
    }
    if (changed.length === 0) return;
    this.saveUi();
    const views = this.views;
    if (!views) return;
    views.charts.applyVisibility(changed);
    this.refreshTables();
    views.sweep?.invalidate();
  }

  private refreshTables(): void {
    // The header counts the Metrics table's columns, which a run's new final metrics can add to.
    const summary = this.root.querySelector('.summary');
    if (summary && this.model) summary.textContent = compareSummary(this.model.runs.length, this.model.finalMetricNames().length);
    if (this.ui.tab === 'metrics') this.views?.metrics?.render();
    if (this.ui.tab === 'params') this.views?.params?.render();
  }

  private append(packed: PackedHistories): void {
    const model = this.model;
    if (!model) return;
    for (const { runId, metric, history } of unpackHistories(packed)) {
      const result = model.append(runId, metric, history);
      if (result !== 'ignored') this.views?.charts.markDirty(metric, result === 'newMetric');
    }
  }

  private runUpdated(run: RunInfo): void {
    const model = this.model;
    if (!model) return;
    const before = model.run(run.id);
    if (!model.updateRun(run) || !before) return;
    // Name or colour changes redraw the charts; status and final metrics only the legend and tables.
    if (before.name !== run.name || before.colour !== run.colour) this.pendingRunUpdate = 'charts';
    else this.pendingRunUpdate ??= 'legend';
    // A host refresh sends one runUpdated per run: apply them all in one frame.
    if (this.runUpdateFrame) return;
    this.runUpdateFrame = requestAnimationFrame(() => {
      this.runUpdateFrame = 0;
      const views = this.views;
      const what = this.pendingRunUpdate;
      this.pendingRunUpdate = undefined;
      if (!views || this.model !== model) return;
      if (what === 'charts') views.charts.runUpdated(); else views.charts.renderLegend();
      this.drawn.reapply();
      this.refreshTables();
      views.sweep?.invalidate();
    });
  }

  private onTheme(): void {
    // VS Code both rewrites the variables (seen by watchTheme) and the host may post `theme`: redraw once.
    const next = readTheme();
    if (JSON.stringify(next) === JSON.stringify(this.theme)) return;
    this.theme = next;
    this.views?.charts.recreateCharts(false);
    this.views?.sweep?.invalidate();
  }

  private destroyViews(): void {
    if (!this.views) return;
    this.views.charts.destroy();
    this.views.sweep?.destroy();
    this.views = undefined;
  }
}

function emptyState(): HTMLElement {
  return h('div', { class: 'empty-state', role: 'status' },
    h('h2', {}, 'No runs selected'),
    h('p', {}, 'Open the MLOps view in the Activity Bar, select two or more runs in the Experiments tree (Ctrl+click or Cmd+click to add runs, Shift+click for a range), then choose “Compare Runs” from their context menu.'),
    h('p', {}, 'Charts, tables and sweep views for the selected runs appear here, and update live while a run trains.'));
}
