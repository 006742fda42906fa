import * as vscode from 'vscode';
import { CommandIds } from './commandIds';
import { registerViews } from './views/registerViews';

/** What activate() returns: a small surface for other extensions and for our integration tests. */
export interface MlopsApi {
  /** How long the body of activate() took, in milliseconds (bench/activation reads it). */
  readonly activationMs: number;
}

export function activate(context: vscode.ExtensionContext): MlopsApi {
  const started = performance.now();
  const log = vscode.window.createOutputChannel('MLOps', { log: true });
  context.subscriptions.push(
    log,
    vscode.commands.registerCommand(CommandIds.showLogs, () => log.show()),
  );
  registerViews(context);
  const activationMs = performance.now() - started;
  log.info(`MLOps Workbench activated in ${activationMs.toFixed(1)} ms`);
  return { activationMs };
}

export function deactivate(): void {
  // Everything is owned by context.subscriptions; VS Code disposes it.
}
