import * as path from 'node:path';
import * as vscode from 'vscode';
import { readDockerSettings } from '../docker/dockerSettings';
import { pickPipeline, PickCancelled } from '../runs/pickers';
import type { DeployBackend, DockerizeOutcome } from './deployBackend';
import type { GeneratedDocuments } from './generatedDocuments';

/** The run a command acts on: given (a run id), or picked; undefined = the latest that passed its gates. */
export async function pickRunRef(given: unknown): Promise<string | undefined> {
  if (typeof given === 'string' && given !== '') return given;
  const latest = { label: '$(pass) Latest run that passed its gates', description: 'default', ref: undefined as string | undefined };
  const other = { label: '$(edit) A run by id…', description: 'a run id or a unique prefix', ref: '' };
  const picked = await vscode.window.showQuickPick([latest, other], { title: 'Which run?' });
  if (!picked) throw new PickCancelled();
  if (picked.ref === undefined) return undefined;
  const id = await vscode.window.showInputBox({ title: 'Run id', prompt: 'A run id or a unique prefix of one', validateInput: (t) => (t.trim() ? undefined : 'Enter a run id') });
  if (!id) throw new PickCancelled();
  return id.trim();
}

/**
 * Builds the image of a run with a cancellable progress notification showing the build step,
 * the build log streaming into the MLOps Docker channel.
 */
export async function buildWithProgress(backend: DeployBackend, log: vscode.LogOutputChannel, pipelineFile: string, runRef: string | undefined, dockerfile: 'keep-existing' | 'overwrite', title = 'Dockerising'): Promise<DockerizeOutcome> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, token) => {
    const controller = new AbortController();
    const cancel = token.onCancellationRequested(() => controller.abort());
    log.info(`Dockerising ${runRef ? `run ${runRef}` : 'the latest run that passed its gates'} of ${pipelineFile}`);
    try {
      return await backend.dockerize({
        pipelineFile, ...(runRef ? { runRef } : {}), defaultBase: readDockerSettings().defaultBase, dockerfile, signal: controller.signal,
        onEvent: (line, step) => {
          if (line.trim()) log.info(line.replace(/\s+$/, ''));
          if (step) progress.report({ message: `Step ${step.step}/${step.total}: ${step.instruction}` });
        },
      });
    } finally {
      cancel.dispose();
    }
  });
}

/** "MLOps: Dockerise Model". */
export async function dockerizeCommand(backend: DeployBackend, log: vscode.LogOutputChannel, generated: GeneratedDocuments, given?: unknown): Promise<DockerizeOutcome> {
  const pipeline = await pickPipeline(given instanceof vscode.Uri ? given : undefined);
  const runRef = await pickRunRef(typeof given === 'string' ? given : undefined);
  const result = await buildWithProgress(backend, log, pipeline.fsPath, runRef, 'keep-existing');
  log.info(`Built ${result.tag} from run ${result.run}`);
  if (result.dockerfile.status !== 'differs') {
    void vscode.window.showInformationMessage(`Built the image ${result.tag} from run ${result.run.slice(0, 8)}.`);
    return result;
  }
  const choice = await vscode.window.showInformationMessage(
    `Built ${result.tag} from your Dockerfile, which differs from the one MLOps generates.`, 'Show Diff', 'Overwrite',
  );
  if (choice === 'Show Diff') {
    const yours = vscode.Uri.file(result.dockerfile.path);
    const theirs = generated.put(result.dockerfile.path, result.dockerfile.generated);
    await vscode.commands.executeCommand('vscode.diff', yours, theirs, `${path.basename(result.dockerfile.path)}: yours ↔ generated`);
  } else if (choice === 'Overwrite') {
    const rebuilt = await buildWithProgress(backend, log, pipeline.fsPath, result.run, 'overwrite');
    void vscode.window.showInformationMessage(`Overwrote the Dockerfile and built ${rebuilt.tag}.`);
    return rebuilt;
  }
  return result;
}
