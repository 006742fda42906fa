import * as vscode from 'vscode';
import { deploymentContextValue, deploymentHealth, versionContextValue } from '../../core/deploy/deploymentState';
import type { DeploymentState, Health, VersionState } from '../../core/deploy/deploymentTypes';
import { CommandIds } from '../commandIds';
import type { DeployBackend, DeploymentsSnapshot } from './deployBackend';
import { formatUptime } from './uptime';

export type DeploymentsNode =
  | { readonly kind: 'unreachable'; readonly message: string }
  | { readonly kind: 'action'; readonly label: string; readonly icon: string; readonly command: vscode.Command }
  | { readonly kind: 'deployment'; readonly state: DeploymentState }
  | { readonly kind: 'version'; readonly state: DeploymentState; readonly version: VersionState };

/** The outcome of the last drift check of a deployment that drifted (src/extension/monitor). */
export interface DriftMark {
  readonly driftedCount: number;
  readonly features: number;
  /** ISO-8601. */
  readonly checkedAt: string;
}

/** Context value of the engine-unreachable item (its inline actions use it). */
export const unreachableContext = 'engine.unreachable';

/**
 * Deployments as the engine reports them: deployment → one item per version (colour) with its
 * role, health, traffic share, port and uptime. An unreachable engine and the empty state are
 * items/welcome content with actions, never a silent blank.
 */
export class DeploymentsTree implements vscode.TreeDataProvider<DeploymentsNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private snapshot: DeploymentsSnapshot | undefined;
  private firstLoad: Promise<void> | undefined;
  private readonly drift = new Map<string, DriftMark>();

  constructor(private readonly backend: DeployBackend, private readonly log: vscode.LogOutputChannel) {}

  /** The last answer of the engine (undefined before the first). */
  get current(): DeploymentsSnapshot | undefined {
    return this.snapshot;
  }

  /** Marks a deployment as drifting after a drift check, or (undefined) clears the mark. */
  setDrift(deployment: string, mark: DriftMark | undefined): void {
    if (mark) this.drift.set(deployment, mark);
    else this.drift.delete(deployment);
    this.changed.fire(undefined);
  }

  /** Asks the engine again and redraws. Never rejects: failures become the unreachable item. */
  async reload(): Promise<void> {
    let next: DeploymentsSnapshot;
    try {
      next = await this.backend.listDeployments();
    } catch (error) {
      next = { ok: false, message: error instanceof Error ? error.message : String(error) };
    }
    if (!next.ok && (this.snapshot?.ok !== false || this.snapshot.message !== next.message)) {
      this.log.warn(`Docker engine not reachable: ${next.message}${next.detail ? ` (${next.detail})` : ''}`);
    }
    this.snapshot = next;
    this.changed.fire(undefined);
  }

  async getChildren(node?: DeploymentsNode): Promise<DeploymentsNode[]> {
    if (!node) {
      if (!this.snapshot) await (this.firstLoad ??= this.reload());
      const snapshot = this.snapshot!;
      if (!snapshot.ok) return [{ kind: 'unreachable', message: snapshot.message }];
      return snapshot.deployments.map((state) => ({ kind: 'deployment', state }));
    }
    if (node.kind === 'unreachable') {
      return [
        { kind: 'action', label: 'Configure…', icon: 'gear', command: { command: CommandIds.configureEngine, title: 'Configure…' } },
        { kind: 'action', label: 'Show Logs', icon: 'output', command: { command: CommandIds.showDockerLogs, title: 'Show Logs' } },
      ];
    }
    if (node.kind === 'deployment') return node.state.versions.map((version) => ({ kind: 'version', state: node.state, version }));
    return [];
  }

  getTreeItem(node: DeploymentsNode): vscode.TreeItem {
    switch (node.kind) {
      case 'unreachable': {
        const item = new vscode.TreeItem(`Docker engine not reachable: ${node.message}`, vscode.TreeItemCollapsibleState.Expanded);
        item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'));
        item.tooltip = `${node.message}\nSet mlops.docker.host to reach another engine, or leave it blank to use the docker CLI's.`;
        item.contextValue = unreachableContext;
        return item;
      }
      case 'action': {
        const item = new vscode.TreeItem(node.label);
        item.iconPath = new vscode.ThemeIcon(node.icon);
        item.command = node.command;
        return item;
      }
      case 'deployment':
        return deploymentItem(node.state, this.drift.get(node.state.deployment));
      case 'version':
        return versionItem(node.state, node.version);
    }
  }

  dispose(): void {
    this.changed.dispose();
  }
}

function deploymentItem(d: DeploymentState, drift: DriftMark | undefined): vscode.TreeItem {
  const health = deploymentHealth(d);
  const item = new vscode.TreeItem(d.deployment, vscode.TreeItemCollapsibleState.Expanded);
  item.id = `deployment:${d.deployment}`;
  item.description = [d.strategy, health, d.routerPort !== undefined ? `127.0.0.1:${d.routerPort}` : 'no router', drift ? 'drift' : undefined].filter((p) => p !== undefined).join(' · ');
  // A drifting deployment that is otherwise fine shows the warning; a health problem keeps its icon.
  item.iconPath = drift && health === 'healthy' ? new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground')) : healthIcon(health);
  item.contextValue = deploymentContextValue(d);
  const tooltip = new vscode.MarkdownString(undefined, true);
  tooltip.appendMarkdown(`**${d.deployment}** (model ${d.model})\n\n`);
  tooltip.appendMarkdown(`Strategy: ${d.strategy}  \nHealth: ${health}  \nRouter: ${d.router ? `${d.router.running ? 'running' : 'stopped'} on port ${d.router.port}` : 'none'}`);
  if (drift) tooltip.appendMarkdown(`  \nDrift: ${drift.driftedCount} of ${drift.features} features drifted (checked ${new Date(drift.checkedAt).toLocaleString()})`);
  item.tooltip = tooltip;
  return item;
}

function versionItem(d: DeploymentState, v: VersionState): vscode.TreeItem {
  const item = new vscode.TreeItem(`${v.version} (${v.colour})`);
  item.id = `version:${d.deployment}:${v.containerId}`;
  const role = v.running ? v.role : 'previous';
  const parts = [role, v.health, v.running ? `${v.trafficShare}% traffic` : undefined, `port ${v.port}`, v.uptimeMs !== undefined ? `up ${formatUptime(v.uptimeMs)}` : undefined];
  item.description = parts.filter((p) => p !== undefined).join(' · ');
  item.iconPath = healthIcon(v.health);
  item.contextValue = versionContextValue(v);
  const tooltip = new vscode.MarkdownString(undefined, true);
  tooltip.appendMarkdown(`**${v.version}** — ${v.colour}, ${role}\n\n`);
  tooltip.appendMarkdown([
    `Health: ${v.health}`, `Traffic: ${v.trafficShare}%${v.role === 'shadow' && v.running ? ' (gets a copy of every request)' : ''}`,
    `Port: 127.0.0.1:${v.port}`, `Run: ${v.run || '?'}${v.commit ? ` (commit ${v.commit.slice(0, 8)})` : ''}`, `Image: ${v.image}`,
    v.startedAt ? `Started: ${v.startedAt}` : 'Stopped (kept for rollback)',
  ].join('  \n'));
  item.tooltip = tooltip;
  return item;
}

function healthIcon(health: Health): vscode.ThemeIcon {
  switch (health) {
    case 'healthy': return new vscode.ThemeIcon('pass-filled', new vscode.ThemeColor('testing.iconPassed'));
    case 'unhealthy': return new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed'));
    case 'starting': return new vscode.ThemeIcon('loading~spin');
    case 'none': return new vscode.ThemeIcon('circle-filled');
    case 'stopped': return new vscode.ThemeIcon('circle-outline');
  }
}
