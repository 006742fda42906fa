import * as vscode from 'vscode';
import { STRATEGIES, type Strategy } from '../../core/deploy/labels';
import { readDockerSettings } from '../docker/dockerSettings';
import { auditTargetFor } from '../models/registryAudit';
import { pickPipeline, PickCancelled } from '../runs/pickers';
import type { DeployBackend, DeployableRun } from './deployBackend';
import { buildWithProgress, pickRunRef } from './dockerizeCommand';
import { pipelineDeploy } from './pipelineDeploySettings';

const strategyDetail: Record<Strategy, string> = {
  'blue-green': 'start the new version, switch when healthy, stop the old: no failed requests',
  canary: 'send a share of the traffic to the new version; promote or roll back later',
  shadow: 'mirror every request to the new version; clients see only the current one',
  recreate: 'stop the old version, then start the new one (downtime)',
};

/**
 * "MLOps: Deploy": run or registered version → gates (or an override with a reason) → strategy →
 * build → roll out; the deployer appends the change (and any override) to the registry's audit trail.
 */
export async function deployCommand(backend: DeployBackend, log: vscode.LogOutputChannel, given?: unknown): Promise<string> {
  const target = isDeployTarget(given) ? given : undefined;
  const pipeline = await pickPipeline(given instanceof vscode.Uri ? given : target ? vscode.Uri.file(target.pipelineFile) : undefined);
  const facts = pipelineDeploy(pipeline.fsPath);
  if (!facts.example.ok) throw new Error(facts.example.message);
  const example = facts.example.example;
  const runRef = await pickRunRef(typeof given === 'string' ? given : target?.runRef, pipeline.fsPath);
  const run = await backend.resolveDeployableRun(pipeline.fsPath, runRef);
  const reason = run.gatesPassed ? undefined : await confirmGateOverride(run, log);
  const strategy = await pickStrategy(facts.strategy);
  const weight = strategy === 'canary' ? await pickWeight(facts.weight ?? 10) : undefined;
  const image = await buildWithProgress(backend, log, pipeline.fsPath, run.registered ?? run.id, 'keep-existing', `Deploy: building ${run.registered ?? run.id.slice(0, 8)}`);
  const audit = { ...auditTargetFor(pipeline.fsPath), ...(reason !== undefined ? { overriddenGates: run.failing, reason } : {}) };
  const { summary } = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Deploying ${image.tag} (${strategy})`, cancellable: true }, async (progress, token) => {
    const controller = new AbortController();
    const cancel = token.onCancellationRequested(() => controller.abort());
    try {
      return await backend.deploy({
        image: image.tag, model: image.model, version: image.version, run: image.run, ...(image.commit ? { commit: image.commit } : {}),
        strategy, ...(weight !== undefined ? { weight } : {}), port: facts.port, example,
        routerImage: readDockerSettings().routerImage, signal: controller.signal, audit,
        onProgress: (sentence) => {
          log.info(sentence);
          progress.report({ message: sentence });
        },
      });
    } finally {
      cancel.dispose();
    }
  });
  // The summary already went to the log as the deployer's first progress sentence.
  void vscode.window.showInformationMessage(summary);
  return summary;
}

/** What the Models view's Deploy hands over: the version's pipeline and its `model:version`. */
export interface DeployTarget {
  readonly pipelineFile: string;
  readonly runRef: string;
}

function isDeployTarget(value: unknown): value is DeployTarget {
  const v = value as DeployTarget | undefined;
  return typeof v === 'object' && v !== null && typeof v.pipelineFile === 'string' && typeof v.runRef === 'string';
}

/** A run (or version) failing its gates deploys only on an explicit override with a reason, which the audit trail keeps. */
async function confirmGateOverride(run: DeployableRun, log: vscode.LogOutputChannel): Promise<string> {
  const failing = run.failing.map((g) => `${g.expression}${g.actual !== undefined ? ` (is ${JSON.stringify(g.actual)})` : ''}`).join('; ');
  const what = run.registered ?? `Run ${run.id.slice(0, 8)}`;
  const choice = await vscode.window.showWarningMessage(`${what} fails its gates: ${failing}.`, { modal: true, detail: 'A model that fails its gates is not deployed unless you override them and give a reason.' }, 'Override…');
  if (choice !== 'Override…') throw new PickCancelled();
  const reason = await vscode.window.showInputBox({
    title: `Deploy ${run.registered ?? `run ${run.id.slice(0, 8)}`} despite failing gates`, prompt: 'Why? The reason is kept in the registry\'s audit trail.',
    validateInput: (text) => (text.trim() ? undefined : 'A reason is required to override the gates'),
  });
  if (!reason?.trim()) throw new PickCancelled();
  log.warn(`Gates overridden for ${run.registered ?? `run ${run.id}`} (${failing}): ${reason.trim()}`);
  return reason.trim();
}

async function pickStrategy(fromPipeline: Strategy): Promise<Strategy> {
  const ordered = [fromPipeline, ...STRATEGIES.filter((s) => s !== fromPipeline)];
  const picked = await vscode.window.showQuickPick(
    ordered.map((s) => ({ label: s, description: s === fromPipeline ? 'from the pipeline' : undefined, detail: strategyDetail[s], strategy: s })),
    { title: 'Deploy with which strategy?' },
  );
  if (!picked) throw new PickCancelled();
  return picked.strategy;
}

async function pickWeight(fromPipeline: number): Promise<number> {
  const text = await vscode.window.showInputBox({
    title: 'Canary weight', prompt: 'Percent of the traffic the new version answers (1–99)', value: String(fromPipeline),
    validateInput: (t) => (/^\d+$/.test(t.trim()) && Number(t) >= 1 && Number(t) <= 99 ? undefined : 'A whole number from 1 to 99'),
  });
  if (text === undefined) throw new PickCancelled();
  return Number(text.trim());
}
