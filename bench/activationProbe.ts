import * as fs from 'node:fs';
import * as inspector from 'node:inspector';
import * as vscode from 'vscode';
import type { MlopsApi } from '../src/extension/extension';

/** VS Code's own performance marks in the extension host (vs/base/common/performance). */
interface Marks { getMarks(): { name: string; startTime: number }[] }

/** Starts a CPU profile of this extension host; the returned function writes it to `file`. */
async function startProfile(file: string): Promise<() => Promise<void>> {
  const session = new inspector.Session();
  session.connect();
  const post = (method: string, params?: object) => new Promise<unknown>((resolve, reject) =>
    session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))));
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: 100 });
  await post('Profiler.start');
  return async () => {
    const { profile } = await post('Profiler.stop') as { profile: unknown };
    fs.writeFileSync(file, JSON.stringify(profile));
    session.disconnect();
  };
}

/**
 * Runs inside the real extension host as the "tests" module: activates one extension
 * (MLOPS_BENCH_EXTENSION, ours by default) once, cold (module load + activate()), and writes
 * what it measured to MLOPS_BENCH_RESULTS, with VS Code's own marks around the code loading.
 */
export async function run(): Promise<void> {
  const id = process.env.MLOPS_BENCH_EXTENSION ?? 'mlops-workbench.mlops-workbench';
  const ext = vscode.extensions.getExtension<Partial<MlopsApi> | undefined>(id);
  if (!ext) throw new Error(`extension ${id} not loaded`);
  const wasActive = ext.isActive;
  const stopProfile = process.env.MLOPS_BENCH_CPUPROF ? await startProfile(process.env.MLOPS_BENCH_CPUPROF) : undefined;
  const started = performance.now();
  const api = await ext.activate();
  const loadAndActivateMs = performance.now() - started;
  await stopProfile?.();
  // The marks' clock is the host's Date-based one; only differences between them are used.
  const marks = (globalThis as { MonacoPerformanceMarks?: Marks }).MonacoPerformanceMarks?.getMarks() ?? [];
  const at = (name: string) => marks.find((m) => m.name === `code/extHost/${name}/${ext.id}`)?.startTime;
  const span = (from: string, to: string) => {
    const a = at(from); const b = at(to);
    return a === undefined || b === undefined ? undefined : b - a;
  };
  fs.writeFileSync(process.env.MLOPS_BENCH_RESULTS!, JSON.stringify({
    wasActive, loadAndActivateMs, activateBodyMs: api?.activationMs, vscodeVersion: vscode.version,
    codeLoadingMs: span('willLoadExtensionCode', 'didLoadExtensionCode'),
    loadedToActivateCallMs: span('didLoadExtensionCode', 'willActivateExtension'),
    activateCallMs: span('willActivateExtension', 'didActivateExtension'),
  }));
}
