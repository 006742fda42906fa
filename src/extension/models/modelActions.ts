import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { defaultProtectedAliases } from '../../core/registry/registryModel';
import { formatModelRef } from '../../core/registry/modelRef';
import { engine } from '../engine';
import type { ModelsNode } from './modelsTree';

type VersionNode = Extract<ModelsNode, { kind: 'version' }>;

/** What Set Alias and Register Model did, for the caller (a test, or another command). */
export type RegistryOutcome = 'done' | 'refused' | 'cancelled' | 'failed';

export function isVersion(node: unknown): node is VersionNode {
  return typeof node === 'object' && node !== null && (node as ModelsNode).kind === 'version';
}

export function protectedAliases(): readonly string[] {
  const configured = vscode.workspace.getConfiguration('mlops.registry').get<unknown>('protectedAliases');
  return Array.isArray(configured) && configured.every((a) => typeof a === 'string') ? configured : defaultProtectedAliases;
}

/** `name:version`, the form parseModelRef reads (and `mlops deploy`/`compare` accept). */
export function versionUri(node: VersionNode): string {
  return formatModelRef({ kind: 'version', model: node.model.name, version: node.version.version });
}

/** The pipeline file in a folder (mlops.yaml first), where a registry's model is deployed from. */
export function pipelineFileIn(dir: string): string | undefined {
  const plain = path.join(dir, 'mlops.yaml');
  if (fs.existsSync(plain)) return plain;
  const other = fs.readdirSync(dir).filter((f) => f.endsWith('.mlops.yaml')).sort()[0];
  return other ? path.join(dir, other) : undefined;
}

export function registryOf(dir: string): string {
  return engine().registryDir(path.join(dir, '.mlops'));
}

/** The refusal sentence without the CLI's flag advice (the editor offers "Override…" instead). */
function refusalText(message: string): string {
  return message.replace(/\s*Use --override-gates.*$/, '').replace(/\s*\(--reason "…"\)/, '');
}

function isRefusal(error: unknown): error is Error {
  return error instanceof Error && error.name === 'RegistryError' && (error as { code?: unknown }).code === 'refused';
}

/**
 * Runs a registry operation under the gate policy of the node functions: a refusal is shown in a
 * modal listing the failing gates with "Override…", which asks for the reason the audit trail keeps.
 * A `reason` given by the caller skips the prompts (as `--override-gates --reason` does); a caller
 * passing `interactive: false` gets a refusal as a message instead of a modal.
 */
export async function underGatePolicy(
  log: vscode.LogOutputChannel,
  what: string,
  attempt: (reason: string | undefined) => Promise<unknown>,
  options: { readonly reason?: string; readonly interactive: boolean },
): Promise<RegistryOutcome> {
  try {
    await attempt(options.reason);
    return 'done';
  } catch (error) {
    if (!isRefusal(error)) return failed(log, what, error);
    if (!options.interactive || options.reason !== undefined) {
      void vscode.window.showErrorMessage(refusalText(error.message));
      return 'refused';
    }
    const choice = await vscode.window.showWarningMessage(refusalText(error.message), { modal: true }, 'Override…');
    if (choice !== 'Override…') return 'refused';
    const reason = await vscode.window.showInputBox({
      title: `Override the gates to ${what}`,
      prompt: 'Why? The reason is kept in the registry\'s audit trail.',
      ignoreFocusOut: true,
      validateInput: (text) => (text.trim() === '' ? 'A reason is required to override the gates.' : undefined),
    });
    if (reason === undefined || reason.trim() === '') return 'cancelled';
    try {
      await attempt(reason);
      return 'done';
    } catch (again) {
      return failed(log, what, again);
    }
  }
}

function failed(log: vscode.LogOutputChannel, what: string, error: unknown): RegistryOutcome {
  log.error(`Could not ${what}`, error);
  const sentence = error instanceof Error && error.name === 'RegistryError' ? error.message : `Could not ${what}; the MLOps log has the details.`;
  void vscode.window.showErrorMessage(sentence);
  return error instanceof Error && (error as { code?: unknown }).code === 'refused' ? 'refused' : 'failed';
}
