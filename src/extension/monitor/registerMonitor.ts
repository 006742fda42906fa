import * as vscode from 'vscode';
import { CommandIds } from '../commandIds';
import type { DeployArea } from '../deploy/registerDeploy';
import { checkDrift, deploymentOfNode, pickDriftTarget } from './checkDrift';

/**
 * "MLOps: Check Drift" from the palette, the Deployments view's title and its deployment items.
 * On an item it compares that deployment's request log; otherwise it offers the deployments the
 * tree knows and the pipelines' monitor.live files.
 */
export function registerMonitor(context: vscode.ExtensionContext, log: vscode.LogOutputChannel, deployments: DeployArea | undefined): void {
  const deps = { extensionUri: context.extensionUri, log, tree: deployments?.tree };
  context.subscriptions.push(
    vscode.commands.registerCommand(CommandIds.checkDrift, async (node?: unknown) => {
      try {
        const clicked = deploymentOfNode(node);
        const target = clicked ? { kind: 'deployment' as const, deployment: clicked } : await pickDriftTarget(deployments?.tree);
        return target ? await checkDrift(deps, target) : undefined;
      } catch (error) {
        log.error('Check Drift failed', error);
        void vscode.window.showErrorMessage(`Check Drift failed: ${(error instanceof Error ? error.message : String(error)).split('\n')[0]}`, 'Show Logs').then((choice) => {
          if (choice) log.show();
        });
        return undefined;
      }
    }),
  );
}
