import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { starterFiles } from '../../core/pipeline/starterPipeline';
import { CommandIds, ContextKeys } from '../commandIds';

/**
 * "Create mlops.yaml" (a starter pipeline, for a workspace without one) and "Open Pipeline
 * Format Docs" (the docs/pipeline.md shipped in the extension): the first actions the
 * Experiments view offers a new user.
 */
export function registerPipelineCreation(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(CommandIds.createPipeline, async () => {
      try {
        return await createPipeline();
      } catch (error) {
        log.error('Creating mlops.yaml failed', error);
        void vscode.window.showErrorMessage(`Could not create mlops.yaml: ${error instanceof Error ? error.message : String(error)}`, 'Show Logs')
          .then((choice) => choice && vscode.commands.executeCommand(CommandIds.showLogs));
        return undefined;
      }
    }),
    vscode.commands.registerCommand(CommandIds.openPipelineDocs, async () => {
      const docs = vscode.Uri.joinPath(context.extensionUri, 'docs', 'pipeline.md');
      try {
        await vscode.commands.executeCommand('markdown.showPreview', docs);
      } catch (error) {
        // Markdown preview disabled: the text is still readable as a file.
        log.warn('Markdown preview unavailable; opening the docs as text', error);
        await vscode.window.showTextDocument(docs, { preview: true });
      }
    }),
  ];
}

/** Writes the starter into a workspace folder (never over an existing file) and opens it. */
async function createPipeline(): Promise<vscode.Uri | undefined> {
  const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file');
  if (folders.length === 0) {
    const open = await vscode.window.showInformationMessage('Open a folder first: mlops.yaml is created in a workspace folder.', 'Open Folder');
    if (open) await vscode.commands.executeCommand('workbench.action.files.openFolder');
    return undefined;
  }
  const folder = folders.length === 1 ? folders[0] : await vscode.window.showWorkspaceFolderPick({ placeHolder: 'Which folder gets the new mlops.yaml?' });
  if (!folder) return undefined;
  const dir = folder.uri.fsPath;
  const target = path.join(dir, 'mlops.yaml');
  const files = starterFiles(fs.existsSync(path.join(dir, 'params.yaml')));
  try {
    // 'wx' fails when the file exists, even one created a moment ago: nothing is overwritten.
    fs.writeFileSync(target, files.pipeline, { flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    void vscode.window.showInformationMessage(`${folder.name} already has an mlops.yaml; it is left as it is.`);
    await vscode.window.showTextDocument(vscode.Uri.file(target));
    return vscode.Uri.file(target);
  }
  if (files.params !== undefined) {
    try {
      fs.writeFileSync(path.join(dir, 'params.yaml'), files.params, { flag: 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  // The file watcher says so too, later; the empty view offers Run Pipeline at once.
  await vscode.commands.executeCommand('setContext', ContextKeys.hasPipeline, true);
  const uri = vscode.Uri.file(target);
  await vscode.window.showTextDocument(uri);
  return uri;
}
