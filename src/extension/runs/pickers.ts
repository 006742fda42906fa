import * as vscode from 'vscode';
import { flattenParams } from '../../core/runner/runnableStage';
import { parseOverride, type Overrides } from '../../core/runner/sweep';
import { engine } from '../engine';
import { findPipelines } from '../pipeline/pipelineFiles';


/** Thrown when the user dismissed a picker: the command simply stops, with no message. */
export class PickCancelled extends Error {
  constructor() {
    super('cancelled');
    this.name = 'PickCancelled';
  }
}

/** The pipeline a command acts on: the one given, the active editor's, the only one, or a pick. */
export async function pickPipeline(given?: unknown): Promise<vscode.Uri> {
  if (given instanceof vscode.Uri) return given;
  const active = vscode.window.activeTextEditor?.document;
  if (active?.languageId === 'mlops-pipeline' && active.uri.scheme === 'file') return active.uri;
  const files = await findPipelines();
  if (files.length === 0) throw new NoPipelineError();
  if (files.length === 1) return files[0]!;
  const picked = await vscode.window.showQuickPick(
    files.map((uri) => ({ label: vscode.workspace.asRelativePath(uri), uri })),
    { title: 'Which pipeline?', placeHolder: 'Pick an mlops.yaml' },
  );
  if (!picked) throw new PickCancelled();
  return picked.uri;
}

export class NoPipelineError extends Error {
  constructor() {
    super('There is no mlops.yaml in this workspace. Create one (see the pipeline format docs) to run a pipeline.');
    this.name = 'NoPipelineError';
  }
}

/** A stage of the pipeline, picked from a list that shows each stage's command. */
export async function pickStage(pipelineFile: vscode.Uri, given?: unknown): Promise<string> {
  if (typeof given === 'string' && given !== '') return given;
  const pipeline = engine().loadPipeline(pipelineFile.fsPath);
  const picked = await vscode.window.showQuickPick(
    pipeline.stages.map((s) => ({ label: s.name, description: typeof s.cmd === 'string' ? s.cmd : s.cmd.join(' ') })),
    { title: 'Run which stage?', placeHolder: 'The stage runs after whatever it needs (unchanged stages are skipped)' },
  );
  if (!picked) throw new PickCancelled();
  return picked.label;
}

function show(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * "Re-run with Changed Params": a list of every param with its current value; picking one
 * opens an input pre-filled with that value; "Run" starts the run with the changes.
 */
export async function pickParamChanges(pipelineFile: vscode.Uri, startFrom?: Readonly<Record<string, unknown>>): Promise<Overrides> {
  const base = startFrom ?? flattenParams(engine().loadPipeline(pipelineFile.fsPath).params);
  const changes: Overrides = {};
  for (;;) {
    const current = { ...base, ...changes };
    const runItem = { label: '$(play) Run with these params', key: undefined as string | undefined, description: Object.keys(changes).length === 0 ? 'nothing changed yet' : `${Object.keys(changes).length} changed` };
    const items = [runItem, ...Object.entries(current).map(([key, value]) => ({
      label: key, key, description: show(value), detail: key in changes ? `was ${show(base[key])}` : undefined,
    }))];
    const picked = await vscode.window.showQuickPick(items, { title: 'Re-run with changed params', placeHolder: 'Pick a param to change, then Run' });
    if (!picked) throw new PickCancelled();
    if (picked.key === undefined) return changes;
    const key = picked.key;
    const value = await vscode.window.showInputBox({
      title: `New value for ${key}`,
      value: show(current[key]),
      prompt: 'A number, true/false, null or text',
      validateInput: (text) => {
        try {
          parseOverride(`${key}=${text}`);
          return undefined;
        } catch (error) {
          return error instanceof Error ? error.message : String(error);
        }
      },
    });
    if (value === undefined) continue;
    const [, parsed] = parseOverride(`${key}=${value}`);
    changes[key] = parsed;
  }
}
