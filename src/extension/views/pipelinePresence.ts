import * as vscode from 'vscode';
import { ContextKeys } from '../commandIds';
import { findPipelines, pipelineGlob } from '../pipeline/pipelineFiles';

/**
 * Keeps `mlops.hasPipeline` true while the workspace holds a pipeline file, so the empty
 * Experiments view offers Run Pipeline, or "Create mlops.yaml" when there is nothing to run.
 */
export function trackPipelinePresence(log: vscode.LogOutputChannel): vscode.Disposable {
  const update = () => findPipelines().then(
    (files) => vscode.commands.executeCommand('setContext', ContextKeys.hasPipeline, files.length > 0),
    (error: unknown) => log.error('Searching the workspace for pipeline files failed', error),
  );
  const watcher = vscode.workspace.createFileSystemWatcher(pipelineGlob, false, true, false);
  const disposables = [
    watcher,
    watcher.onDidCreate(() => void update()),
    watcher.onDidDelete(() => void update()),
    vscode.workspace.onDidChangeWorkspaceFolders(() => void update()),
  ];
  void update();
  return vscode.Disposable.from(...disposables);
}
