import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RunStatus } from '../../core/runs/runModel';
import { runStatuses } from '../../core/runs/runModel';
import { CommandIds } from '../commandIds';
import { engine } from '../engine';
import type { ExperimentsNode, ExperimentsTree } from './experimentsTree';
import type { StoredRun, WorkspaceStores } from './workspaceStores';

type RunNode = Extract<ExperimentsNode, { kind: 'run' }>;

/** The runs a context-menu command acts on: the selection when the clicked node is in it. */
export function selectedRuns(clicked: unknown, selection: unknown, view: vscode.TreeView<ExperimentsNode>): StoredRun[] {
  const isRun = (n: unknown): n is RunNode => typeof n === 'object' && n !== null && (n as ExperimentsNode).kind === 'run';
  const chosen = Array.isArray(selection) && selection.length > 0 ? selection : clicked ? [clicked] : [...view.selection];
  return chosen.filter(isRun).map((n) => n.stored);
}

function ownStore(stored: StoredRun) {
  if (!stored.store || stored.run.source !== 'mlops') throw new ReadOnlyRunError(stored.run.source);
  return stored.store;
}

export class ReadOnlyRunError extends Error {
  constructor(source: string) {
    super(`This run was logged by ${source}; MLOps Workbench shows it but does not change it.`);
    this.name = 'ReadOnlyRunError';
  }
}

/** The pipeline file a run came from: mlops.yaml in its folder, or the only *.mlops.yaml there. */
export function pipelineFileOf(stored: StoredRun): vscode.Uri {
  const plain = path.join(stored.dir, 'mlops.yaml');
  if (fs.existsSync(plain)) return vscode.Uri.file(plain);
  const other = fs.readdirSync(stored.dir).find((f) => f.endsWith('.mlops.yaml'));
  if (!other) throw new Error(`There is no pipeline file in ${stored.dir} to re-run.`);
  return vscode.Uri.file(path.join(stored.dir, other));
}

/** Shows a run's captured output in a read-only editor. */
export class RunLogDocuments implements vscode.TextDocumentContentProvider {
  static readonly scheme = 'mlops-run-log';
  constructor(private readonly stores: WorkspaceStores) {}
  static uri(stored: StoredRun): vscode.Uri {
    return vscode.Uri.from({ scheme: RunLogDocuments.scheme, path: `/${stored.run.name.replace(/[\\/]/g, '_')}.log`, query: stored.run.id });
  }
  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const stored = this.stores.find(uri.query);
    if (!stored?.store) return 'This run has no captured output.';
    const text = await stored.store.readOutput(stored.run.id);
    return text === '' ? 'This run has no captured output yet.' : text;
  }
}

/** The context-menu and toolbar actions of the Experiments view. */
export function registerRunActions(view: vscode.TreeView<ExperimentsNode>, tree: ExperimentsTree, stores: WorkspaceStores): vscode.Disposable[] {
  const on = (id: string, action: (runs: StoredRun[]) => unknown) =>
    vscode.commands.registerCommand(id, async (clicked?: unknown, selection?: unknown) => {
      const runs = selectedRuns(clicked, selection, view);
      if (runs.length === 0) {
        void vscode.window.showInformationMessage('Select a run in the Experiments view first.');
        return undefined;
      }
      try {
        return await action(runs);
      } catch (error) {
        void vscode.window.showErrorMessage(error instanceof Error ? error.message : String(error));
        return undefined;
      } finally {
        stores.invalidate(0);
      }
    });
  const first = (runs: StoredRun[]) => runs[0]!;

  return [
    vscode.workspace.registerTextDocumentContentProvider(RunLogDocuments.scheme, new RunLogDocuments(stores)),
    vscode.commands.registerCommand(CommandIds.showMoreRuns, (experiment: string) => tree.showMore(experiment)),
    on(CommandIds.runShowLogs, async (runs) => {
      const doc = await vscode.workspace.openTextDocument(RunLogDocuments.uri(first(runs)));
      await vscode.window.showTextDocument(doc, { preview: true });
    }),
    on(CommandIds.runRerun, async (runs) => {
      const stored = first(runs);
      // The run's own params, as overrides: the same run again on today's code and data.
      return vscode.commands.executeCommand(CommandIds.runPipeline, pipelineFileOf(stored), stored.run.params);
    }),
    on(CommandIds.runRerunWithParams, async (runs) => {
      const stored = first(runs);
      return vscode.commands.executeCommand(CommandIds.rerunWithParams, pipelineFileOf(stored), stored.run.params);
    }),
    on(CommandIds.runRename, async (runs) => {
      const stored = first(runs);
      const store = ownStore(stored);
      const name = await vscode.window.showInputBox({ title: 'Rename run', value: stored.run.name, validateInput: (v) => v.trim() === '' ? 'A run needs a name' : undefined });
      if (name !== undefined) store.renameRun(stored.run.id, name.trim());
    }),
    on(CommandIds.runTag, async (runs) => {
      const tag = await vscode.window.showInputBox({ title: `Tag ${runs.length} run${runs.length === 1 ? '' : 's'}`, prompt: 'A label (baseline) or key=value (owner=ana)' });
      if (!tag?.trim()) return;
      const [key, ...rest] = tag.trim().split('=');
      for (const stored of runs) ownStore(stored).tagRun(stored.run.id, key!.trim(), rest.join('=').trim());
    }),
    on(CommandIds.runNote, async (runs) => {
      const stored = first(runs);
      const notes = await vscode.window.showInputBox({ title: `Note on ${stored.run.name}`, value: stored.run.notes });
      if (notes !== undefined) ownStore(stored).setNotes(stored.run.id, notes);
    }),
    on(CommandIds.runStar, (runs) => { for (const s of runs) ownStore(s).setStarred(s.run.id, true); }),
    on(CommandIds.runUnstar, (runs) => { for (const s of runs) ownStore(s).setStarred(s.run.id, false); }),
    on(CommandIds.runDelete, async (runs) => {
      const what = runs.length === 1 ? `run '${first(runs).run.name}'` : `${runs.length} runs`;
      const ok = await vscode.window.showWarningMessage(`Delete ${what}? It moves to the store's trash folder (.mlops/trash).`, { modal: true }, 'Delete');
      if (ok !== 'Delete') return false;
      for (const stored of runs) await ownStore(stored).deleteRun(stored.run.id);
      return true;
    }),
    on(CommandIds.runCopyParams, async (runs) => {
      const text = JSON.stringify(runs.length === 1 ? first(runs).run.params : Object.fromEntries(runs.map((r) => [r.run.name, r.run.params])), null, 2);
      await vscode.env.clipboard.writeText(text);
      void vscode.window.setStatusBarMessage('MLOps: params copied', 3000);
    }),
    on(CommandIds.runRevealArtifacts, async (runs) => {
      const stored = first(runs);
      const artifact = stored.run.artifacts.find((a) => fs.existsSync(path.join(stored.dir, a.path)));
      if (!artifact) throw new Error(`The artifacts of '${stored.run.name}' are no longer on disk (a later run may have replaced them).`);
      await vscode.commands.executeCommand('revealInExplorer', vscode.Uri.file(path.join(stored.dir, artifact.path)));
    }),
    on(CommandIds.runRestoreCode, async (runs) => {
      const stored = first(runs);
      const store = ownStore(stored);
      if (!stored.run.git?.commit) throw new Error(`'${stored.run.name}' was not recorded in a git repository, so there is no code to restore.`);
      const recorded = { commit: stored.run.git.commit, patch: await store.readPatch(stored.run.id) };
      const diff = await engine().diffRunCode(stored.dir, recorded);
      if (diff.files.length === 0) {
        void vscode.window.showInformationMessage(`The working tree already matches the code of '${stored.run.name}'.`);
        return;
      }
      const doc = await vscode.workspace.openTextDocument({ language: 'diff', content: diff.patch.toString('utf8') });
      await vscode.window.showTextDocument(doc, { preview: true });
      const restore = await vscode.window.showWarningMessage(
        `Restoring the code of '${stored.run.name}' changes ${diff.files.length} file${diff.files.length === 1 ? '' : 's'} in the working tree (the diff is open). HEAD and the index stay as they are.`,
        { modal: true }, 'Restore Code');
      if (restore === 'Restore Code') await engine().restoreRunCode(stored.dir, recorded);
    }),
    vscode.commands.registerCommand(CommandIds.filterRuns, () => pickFilter(tree)),
    vscode.commands.registerCommand(CommandIds.sortRuns, () => pickSort(tree, stores)),
  ];
}

async function pickFilter(tree: ExperimentsTree): Promise<void> {
  const current = tree.currentFilter;
  const choice = await vscode.window.showQuickPick([
    { label: '$(search) By text…', id: 'text', description: current.text ?? '' },
    { label: '$(pulse) By status…', id: 'status', description: current.statuses?.join(', ') ?? '' },
    { label: '$(graph) By metric threshold…', id: 'metric', description: current.metric ? `${current.metric.name} ${current.metric.op} ${current.metric.value}` : '' },
    { label: '$(clear-all) Clear filters', id: 'clear' },
  ], { title: 'Filter runs' });
  if (!choice) return;
  if (choice.id === 'clear') return tree.setFilter({});
  if (choice.id === 'text') {
    const text = await vscode.window.showInputBox({ title: 'Show runs whose name, id, tags or notes contain', value: current.text ?? '' });
    if (text === undefined) return;
    const { text: _previous, ...rest } = current;
    tree.setFilter(text ? { ...rest, text } : rest);
  } else if (choice.id === 'status') {
    const picked = await vscode.window.showQuickPick(runStatuses.map((s) => ({ label: s, status: s, picked: current.statuses?.includes(s) ?? false })), { canPickMany: true, title: 'Show runs with status' });
    if (picked) tree.setFilter({ ...current, statuses: picked.map((p): RunStatus => p.status) });
  } else {
    const text = await vscode.window.showInputBox({
      title: 'Show runs where', prompt: 'metric >= value or metric <= value', value: current.metric ? `${current.metric.name} ${current.metric.op} ${current.metric.value}` : '',
      validateInput: (v) => v === '' || /^\s*[\w./-]+\s*(>=|<=)\s*-?[\d.]+(e-?\d+)?\s*$/i.test(v) ? undefined : 'Write it as accuracy >= 0.9',
    });
    if (text === undefined) return;
    const m = /^\s*([\w./-]+)\s*(>=|<=)\s*(\S+)\s*$/.exec(text);
    const { metric: _previous, ...rest } = current;
    tree.setFilter(m ? { ...rest, metric: { name: m[1]!, op: m[2] as '>=' | '<=', value: Number(m[3]) } } : rest);
  }
}

async function pickSort(tree: ExperimentsTree, stores: WorkspaceStores): Promise<void> {
  const metrics = new Set<string>();
  for (const { run } of await stores.all()) for (const m of Object.keys(run.metrics)) metrics.add(m);
  const items = [
    { label: 'Newest first', sort: { descending: true } },
    ...[...metrics].sort().flatMap((m) => [
      { label: `${m}: highest first`, sort: { metric: m, descending: true } },
      { label: `${m}: lowest first`, sort: { metric: m, descending: false } },
    ]),
  ];
  const picked = await vscode.window.showQuickPick(items, { title: 'Sort runs' });
  if (picked) tree.setSort(picked.sort);
}
