import * as vscode from 'vscode';
import type * as AreasModule from './areas';
import type { Areas } from './areas';
import { CommandIds } from './commandIds';
import { DeferredRegistrations } from './views/deferredRegistrations';

/** What activate() returns: a small surface for other extensions and for our integration tests. */
export interface MlopsApi {
  /** How long the body of activate() took, in milliseconds (bench/activation reads it). */
  readonly activationMs: number;
  /** The Experiments view's data and tree (reading it loads the areas). */
  readonly experiments: Areas['experiments'];
  /** The Deployments view and its Docker log (reading it loads the areas). */
  readonly deployments: Areas['deployments'];
  /** The Models view's tree (reading it loads the areas). */
  readonly models: Areas['models'];
}

/**
 * Registration only: stand-ins for every command, view, task type and panel of package.json
 * (views/deferredRegistrations.ts). The areas themselves (dist/areas.js) load the first time a
 * stand-in is used, so starting VS Code in a workspace with a pipeline costs next to nothing.
 */
export function activate(context: vscode.ExtensionContext): MlopsApi {
  const started = performance.now();
  const log = vscode.window.createOutputChannel('MLOps', { log: true });
  // First line of the log: which copy of the extension runs (a .vsix install or a dev folder).
  log.info(`MLOps Workbench ${String((context.extension.packageJSON as { version?: unknown }).version)} loaded from ${context.extensionPath}`);
  context.subscriptions.push(log, vscode.commands.registerCommand(CommandIds.showLogs, () => log.show()));

  let areas: Areas | undefined;
  let state: 'waiting' | 'loading' | 'loaded' | 'failed' = 'waiting';
  const load = (reason: string): Areas | undefined => {
    if (state !== 'waiting') return areas;
    state = 'loading';
    const t0 = performance.now();
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- a deliberate lazy load of the sibling bundle
      const { registerAreas } = require('./areas.js') as typeof AreasModule;
      deferred.retireStubs();
      areas = registerAreas(context, log, deferred);
      state = 'loaded';
      log.info(`Started the MLOps areas for ${reason} in ${(performance.now() - t0).toFixed(1)} ms`);
    } catch (error) {
      state = 'failed';
      log.error('MLOps Workbench could not load its areas', error);
    }
    return areas;
  };
  const deferred = new DeferredRegistrations(context.extension.packageJSON as object, (reason) => load(reason) !== undefined, log);
  context.subscriptions.push(deferred);

  const activationMs = performance.now() - started;
  log.info(`MLOps Workbench activated in ${activationMs.toFixed(1)} ms`);
  return {
    activationMs,
    get experiments() { return load('the extension API')?.experiments; },
    get deployments() { return load('the extension API')?.deployments; },
    get models() { return load('the extension API')?.models; },
  };
}

export function deactivate(): void {
  // Everything is owned by context.subscriptions; VS Code disposes it.
}
