import * as vscode from 'vscode';
import type { RunRecord, RunStatus } from '../../core/runs/runModel';
import { runColour } from '../../../webview-ui/compare/palette';
import { runIconDataUri } from './runIcons';
import { formatCount, formatMetricValue, gateLines, groupDescription, runRow } from './runLabels';
import type { StoredRun, WorkspaceStores } from './workspaceStores';

export type ExperimentsNode =
  | { readonly kind: 'experiment'; readonly name: string; readonly runs: readonly StoredRun[] }
  | { readonly kind: 'run'; readonly stored: StoredRun; readonly children: readonly StoredRun[] }
  | { readonly kind: 'more'; readonly experiment: string; readonly shown: number; readonly total: number };

export interface RunFilter {
  /** Matches the run's name, id, tags and notes, case-insensitively. */
  readonly text?: string;
  readonly statuses?: readonly RunStatus[];
  /** e.g. accuracy >= 0.9 */
  readonly metric?: { readonly name: string; readonly op: '>=' | '<='; readonly value: number };
}

export interface RunSort {
  /** A metric name, or undefined for newest first. */
  readonly metric?: string;
  readonly descending: boolean;
}

const pageSize = 200;

export function relativeTime(ms: number, now = Date.now()): string {
  const seconds = Math.max(0, Math.round((now - ms) / 1000));
  if (seconds < 45) return 'just now';
  const units: [number, string][] = [[60, 'min'], [3600, 'h'], [86_400, 'd'], [604_800, 'w']];
  let value = seconds / 60;
  let unit = 'min';
  for (const [size, name] of units) {
    if (seconds >= size) { value = seconds / size; unit = name; }
  }
  if (seconds >= 2_592_000) return new Date(ms).toLocaleDateString();
  return `${Math.round(value)} ${unit} ago`;
}

function duration(run: RunRecord): string | undefined {
  if (run.startedAt === undefined) return undefined;
  const ms = (run.endedAt ?? Date.now()) - run.startedAt;
  return ms < 60_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

/**
 * Experiment (pipeline) → runs, newest first, with sweeps' children under their parent.
 * Children are built lazily and long lists come in pages, so 10,000 runs stay responsive.
 */
export class ExperimentsTree implements vscode.TreeDataProvider<ExperimentsNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ExperimentsNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private filter: RunFilter = {};
  private sort: RunSort = { descending: true };
  private readonly pages = new Map<string, number>();
  private readonly subscription: vscode.Disposable;

  constructor(private readonly stores: WorkspaceStores, private readonly primaryMetricOf: (dir: string) => string | undefined) {
    this.subscription = stores.onDidChange(() => this.changed.fire(undefined));
  }

  get currentFilter(): RunFilter { return this.filter; }
  get currentSort(): RunSort { return this.sort; }

  setFilter(filter: RunFilter): void {
    this.filter = filter;
    this.pages.clear();
    this.changed.fire(undefined);
  }

  setSort(sort: RunSort): void {
    this.sort = sort;
    this.changed.fire(undefined);
  }

  async getChildren(node?: ExperimentsNode): Promise<ExperimentsNode[]> {
    const all = await this.stores.all();
    if (!node) return this.experiments(all);
    if (node.kind === 'experiment') {
      const visible = this.sorted(node.runs.filter((r) => this.matches(r.run)));
      const shown = this.pages.get(node.name) ?? pageSize;
      const byParent = this.childrenByParent(all);
      const nodes: ExperimentsNode[] = visible.slice(0, shown).map((stored) => ({ kind: 'run', stored, children: byParent.get(stored.run.id) ?? [] }));
      if (visible.length > shown) nodes.push({ kind: 'more', experiment: node.name, shown, total: visible.length });
      return nodes;
    }
    if (node.kind === 'run') return this.sorted(node.children).map((stored) => ({ kind: 'run', stored, children: [] }));
    return [];
  }

  getParent(): undefined {
    return undefined;
  }

  getTreeItem(node: ExperimentsNode): vscode.TreeItem {
    switch (node.kind) {
      case 'experiment': {
        const item = new vscode.TreeItem(node.name, vscode.TreeItemCollapsibleState.Expanded);
        item.id = `experiment:${node.name}`;
        item.iconPath = new vscode.ThemeIcon('beaker');
        item.description = groupDescription(node.runs.filter((r) => this.matches(r.run)).length, node.runs.length, this.filtered);
        item.contextValue = 'mlopsExperiment';
        return item;
      }
      case 'more': {
        const item = new vscode.TreeItem(`Show ${Math.min(pageSize, node.total - node.shown)} more…`, vscode.TreeItemCollapsibleState.None);
        item.id = `more:${node.experiment}:${node.shown}`;
        item.description = `${formatCount(node.shown)} of ${formatCount(node.total)}`;
        item.command = { command: 'mlops.experiments.showMore', title: 'Show more', arguments: [node.experiment] };
        return item;
      }
      case 'run':
        return this.runItem(node);
    }
  }

  showMore(experiment: string): void {
    this.pages.set(experiment, (this.pages.get(experiment) ?? pageSize) + pageSize);
    this.changed.fire(undefined);
  }

  private runItem(node: Extract<ExperimentsNode, { kind: 'run' }>): vscode.TreeItem {
    const { run, dir } = node.stored;
    const key = this.keyMetric(run, dir);
    const row = runRow(run, key);
    const item = new vscode.TreeItem(row.label, node.children.length > 0 ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    item.id = `run:${run.id}`;
    // The swatch is part of the icon, beside the status glyph; the label keeps the theme's colour.
    const gates = gateLines(run.gates);
    item.iconPath = runIcon(run.status, this.stores.colourOf(run.id), gates?.passed === false);
    item.description = row.description;
    item.tooltip = this.tooltip(run, node.children.length);
    const flags = [
      'mlopsRun',
      run.source === 'mlops' ? 'own' : 'imported',
      run.status === 'running' || run.status === 'queued' ? 'live' : 'done',
      node.children.length > 0 ? 'sweep' : undefined,
      run.starred ? 'starred' : 'unstarred',
      run.artifacts.length > 0 ? 'artifacts' : undefined,
      gates ? (gates.passed ? 'gatesPassed' : 'gatesFailed') : undefined,
    ];
    item.contextValue = flags.filter(Boolean).join(';');
    item.accessibilityInformation = { label: `${run.name}, ${run.status}${gates ? `, ${gates.passed ? 'gates passed' : 'gates failed'}` : ''}${key !== undefined && key in run.metrics ? `, ${key} ${formatMetricValue(run.metrics[key]!)}` : ''}, ${relativeTime(run.createdAt)}` };
    return item;
  }

  private tooltip(run: RunRecord, children: number): vscode.MarkdownString {
    const md = new vscode.MarkdownString(undefined, true);
    md.appendMarkdown(`**${escape(run.name)}** — ${run.status}${run.starred ? ' ★' : ''}  \n`);
    md.appendMarkdown(`\`${run.id}\` · ${escape(run.experiment)}${run.source !== 'mlops' ? ` · from ${run.source}` : ''}  \n`);
    md.appendMarkdown(`Created ${relativeTime(run.createdAt)} (${new Date(run.createdAt).toLocaleString()})${children > 0 ? ` · ${formatCount(children)} child runs` : ''}  \n`);
    const time = duration(run);
    if (time) md.appendMarkdown(`Duration: ${time}  \n`);
    if (run.git?.commit) md.appendMarkdown(`Commit: \`${run.git.commit.slice(0, 10)}\`${run.git.branch ? ` on ${escape(run.git.branch)}` : ''}${run.git.dirty ? ' (with uncommitted changes)' : ''}  \n`);
    const gates = gateLines(run.gates);
    if (gates) md.appendMarkdown(`\n**${gates.heading}**  \n${gates.lines.map((line) => `${escape(line)}  \n`).join('')}`);
    const params = Object.entries(run.params);
    if (params.length > 0) {
      md.appendMarkdown('\n| Param | Value |\n| --- | --- |\n');
      for (const [k, v] of params.slice(0, 30)) md.appendMarkdown(`| ${escape(k)} | ${escape(typeof v === 'string' ? v : JSON.stringify(v))} |\n`);
    }
    const metrics = Object.entries(run.metrics);
    if (metrics.length > 0) {
      md.appendMarkdown('\n| Metric | Final |\n| --- | --- |\n');
      for (const [k, v] of metrics.slice(0, 30)) md.appendMarkdown(`| ${escape(k)} | ${formatMetricValue(v)} |\n`);
    }
    if (run.notes) md.appendMarkdown(`\n${escape(run.notes)}\n`);
    return md;
  }

  /** True when a filter hides runs, so groups say how many of their runs are shown. */
  private get filtered(): boolean {
    const { text, statuses, metric } = this.filter;
    return Boolean(text) || (statuses?.length ?? 0) > 0 || metric !== undefined;
  }

  private keyMetric(run: RunRecord, dir: string): string | undefined {
    const primary = this.primaryMetricOf(dir);
    if (primary !== undefined && primary in run.metrics) return primary;
    return Object.keys(run.metrics)[0];
  }

  private experiments(all: readonly StoredRun[]): ExperimentsNode[] {
    const present = new Set(all.map((r) => r.run.id));
    const groups = new Map<string, StoredRun[]>();
    for (const stored of all) {
      if (stored.run.parentId !== undefined && present.has(stored.run.parentId)) continue; // shown under its parent
      const list = groups.get(stored.run.experiment) ?? [];
      list.push(stored);
      groups.set(stored.run.experiment, list);
    }
    return [...groups.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([name, runs]) => ({ kind: 'experiment', name, runs }));
  }

  private childrenByParent(all: readonly StoredRun[]): Map<string, StoredRun[]> {
    const map = new Map<string, StoredRun[]>();
    for (const stored of all) {
      if (stored.run.parentId === undefined) continue;
      const list = map.get(stored.run.parentId) ?? [];
      list.push(stored);
      map.set(stored.run.parentId, list);
    }
    return map;
  }

  private matches(run: RunRecord): boolean {
    const { text, statuses, metric } = this.filter;
    if (statuses && statuses.length > 0 && !statuses.includes(run.status)) return false;
    if (metric) {
      const value = run.metrics[metric.name];
      if (value === undefined || !(metric.op === '>=' ? value >= metric.value : value <= metric.value)) return false;
    }
    if (text) {
      const needle = text.toLowerCase();
      const haystack = [run.name, run.id, run.notes, ...Object.entries(run.tags).flat()].join('\n').toLowerCase();
      if (!haystack.includes(needle)) return false;
    }
    return true;
  }

  private sorted(runs: readonly StoredRun[]): StoredRun[] {
    const { metric, descending } = this.sort;
    const sign = descending ? -1 : 1;
    return [...runs].sort((a, b) => {
      if (metric) {
        const x = a.run.metrics[metric];
        const y = b.run.metrics[metric];
        if (x === undefined || y === undefined) return x === undefined ? (y === undefined ? 0 : 1) : -1; // runs without it last
        if (x !== y) return sign * (x - y);
      }
      return b.run.createdAt - a.run.createdAt;
    });
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

const icons = new Map<string, { light: vscode.Uri; dark: vscode.Uri }>();

/** The status glyph (or the failed-gates mark) with the run's colour swatch, drawn for light and for dark themes. */
function runIcon(status: RunStatus, slot: number, gatesFailed: boolean): { light: vscode.Uri; dark: vscode.Uri } {
  const key = `${status}:${slot}:${gatesFailed}`;
  let icon = icons.get(key);
  if (!icon) {
    const colour = runColour(slot);
    icon = { light: vscode.Uri.parse(runIconDataUri(status, colour, 'light', gatesFailed)), dark: vscode.Uri.parse(runIconDataUri(status, colour, 'dark', gatesFailed)) };
    icons.set(key, icon);
  }
  return icon;
}

function escape(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}
