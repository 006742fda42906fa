import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { MlopsApi } from '../src/extension/extension';

/**
 * Runs inside the real extension host as the "tests" module: activates the extension once,
 * cold (module load + activate()), and writes what it measured to MLOPS_BENCH_RESULTS.
 */
export async function run(): Promise<void> {
  const ext = vscode.extensions.getExtension<MlopsApi>('mlops-workbench.mlops-workbench');
  if (!ext) throw new Error('extension not loaded');
  const wasActive = ext.isActive;
  const started = performance.now();
  const api = await ext.activate();
  const loadAndActivateMs = performance.now() - started;
  fs.writeFileSync(process.env.MLOPS_BENCH_RESULTS!, JSON.stringify({ wasActive, loadAndActivateMs, activateBodyMs: api.activationMs, vscodeVersion: vscode.version }));
}
