import * as vscode from 'vscode';
import { trackPipelinePresence } from './pipelinePresence';

/**
 * The context key the views' empty states depend on. (Experiments, Models and Deployments each
 * register their own tree in their own area.)
 */
export function registerViews(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): void {
  context.subscriptions.push(trackPipelinePresence(log));
}
