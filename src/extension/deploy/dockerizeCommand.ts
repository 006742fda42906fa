import * as path from 'node:path';
import * as vscode from 'vscode';
import { readDockerSettings } from '../docker/dockerSettings';
import { engine } from '../engine';
import { pickPipeline, PickCancelled } from '../runs/pickers';
import type { DeployBackend, DockerizeOutcome } from './deployBackend';
import type { GeneratedDocuments } from './generatedDocuments';

/** The pipeline's latest finished runs, newest first (none when the store cannot be read). */
async function recentRuns(pipelineFile: string): Promise<{ label: string; description: string; ref: string }[]> {
  try {
    const pipeline = engine().loadPipeline(pipelineFile);
    const store = await engine().RunStore.forWorkspace(pipeline.dir);
    try {
      const runs = (await store.listRuns()).filter((r) => r.source === 'mlops' && r.experiment === pipeline.name && r.status === 'finished');
      return runs.sort((a, b) => b.createdAt - a.createdAt).slice(0, 20)
        .map((r) => ({ label: `$(circle-small) ${r.name}`, description: `${r.id.slice(0, 8)} · ${new Date(r.createdAt).toLocaleString()}`, ref: r.id }));
    } finally {
      store.close();
    }
  } catch {
    // The picker still offers the default and a run by id; the command reports a bad pipeline.
    return [];
  }
}

/**
 * The registered versions beside the pipeline, as `model@alias` (aliases first) and `model:version`
 * (newest first): what the registry's references name, for the run pickers.
 */
function registeredVersions(pipelineFile: string): { label: string; description: string; ref: string }[] {
  try {
    const e = engine();
    const models = e.listOwnModels(e.registryDir(path.join(path.dirname(pipelineFile), '.mlops')));
    const gates = (passed: boolean | undefined) => (passed === false ? 'fails its gates' : 'gates passed');
    return models.flatMap((m) => [
      ...Object.entries(m.aliases).sort(([a], [b]) => a.localeCompare(b)).map(([alias, n]) => {
        const v = m.versions.find((x) => x.version === n);
        return { label: `$(tag) ${m.name}@${alias}`, description: `version ${n} · ${gates(v?.gatesPassed)}`, ref: `${m.name}@${alias}` };
      }),
      ...[...m.versions].sort((a, b) => b.version - a.version).slice(0, 10)
        .map((v) => ({ label: `$(package) ${m.name}:${v.version}`, description: `run ${v.runId?.slice(0, 8) ?? '?'} · ${gates(v.gatesPassed)}`, ref: `${m.name}:${v.version}` })),
    ]);
  } catch {
    return []; // no registry here, or one that cannot be read: the runs are still offered
  }
}

/**
 * The run a command acts on: given (a run id, `model@alias` or `model:version`), or picked — the
 * latest that passed its gates (undefined, the default), one of the pipeline's recent runs, a
 * registered version, or one typed.
 */
export async function pickRunRef(given: unknown, pipelineFile?: string): Promise<string | undefined> {
  if (typeof given === 'string' && given !== '') return given;
  const latest = { label: '$(pass) Latest run that passed its gates', description: 'default', ref: undefined as string | undefined };
  const other = { label: '$(edit) A run by id or a model version…', description: 'a run id (or a unique prefix), model@alias or model:version', ref: '' };
  const recent = pipelineFile ? await recentRuns(pipelineFile) : [];
  const registered = pipelineFile ? registeredVersions(pipelineFile) : [];
  const picked = await vscode.window.showQuickPick([latest, ...recent, ...registered, other], { title: 'Which run or registered model?' });
  if (!picked) throw new PickCancelled();
  if (picked.ref === undefined) return undefined;
  if (picked.ref !== '') return picked.ref;
  const id = await vscode.window.showInputBox({
    title: 'Run id or model version', prompt: 'A run id or a unique prefix of one, or a registered model as model@alias or model:version',
    validateInput: (t) => (t.trim() ? undefined : 'Enter a run id, model@alias or model:version'),
  });
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
  const runRef = await pickRunRef(typeof given === 'string' ? given : undefined, pipeline.fsPath);
  const result = await buildWithProgress(backend, log, pipeline.fsPath, runRef, 'keep-existing');
  log.info(`Built ${result.tag} from run ${result.run}`);
  if (result.dockerfile.status !== 'differs') {
    const from = runRef && /[@:]/.test(runRef) ? `${runRef} (run ${result.run.slice(0, 8)})` : `run ${result.run.slice(0, 8)}`;
    void vscode.window.showInformationMessage(`Built the image ${result.tag} from ${from}.`);
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
    const rebuilt = await buildWithProgress(backend, log, pipeline.fsPath, runRef && /[@:]/.test(runRef) ? runRef : result.run, 'overwrite');
    void vscode.window.showInformationMessage(`Overwrote the Dockerfile and built ${rebuilt.tag}.`);
    return rebuilt;
  }
  return result;
}
