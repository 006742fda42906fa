import * as fs from 'node:fs';
import * as path from 'node:path';
import { dvcliveRunRecord, parseDvcliveMetricsJson, parseDvcliveParams, parseDvcliveTsv } from '../../core/runs/dvcliveFormat';
import { mlflowLatest, mlflowRunRecord, parseMlflowExperimentMeta, parseMlflowMetricFile, parseMlflowRunMeta, type MlflowExperimentMeta } from '../../core/runs/mlflowFormat';
import type { ArtifactRecord, MetricSeries, RunRecord } from '../../core/runs/runModel';
import { readFileIfExists } from './atomicFile';
import { dvcliveMetricFiles } from './dvcliveFollower';

const skipDirs = new Set(['node_modules', '.git', '.mlops', '.venv', 'venv', '__pycache__', '.vscode-test', 'dist', 'out']);

/** Files under a folder as key → path, the key being the relative path with '/' (MLflow's nested keys). */
async function keyedFiles(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const walk = async (at: string, rel: string): Promise<void> => {
    const entries = await fs.promises.readdir(at, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      const key = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) await walk(path.join(at, entry.name), key);
      else if (entry.isFile()) out.set(key, path.join(at, entry.name));
    }
  };
  await walk(dir, '');
  return out;
}

async function readText(file: string): Promise<string | undefined> {
  return (await readFileIfExists(file))?.toString('utf8');
}

/** Reads an MLflow file store (`mlruns/`); deleted experiments and runs are left out. */
export async function readMlflowStore(mlrunsDir: string): Promise<{ runs: RunRecord[]; folders: Map<string, string> }> {
  const runs: RunRecord[] = [];
  const folders = new Map<string, string>();
  const experiments = await fs.promises.readdir(mlrunsDir, { withFileTypes: true }).catch(() => []);
  for (const expEntry of experiments) {
    if (!expEntry.isDirectory() || expEntry.name.startsWith('.') || expEntry.name === 'models') continue;
    const expDir = path.join(mlrunsDir, expEntry.name);
    const expText = await readText(path.join(expDir, 'meta.yaml'));
    if (expText === undefined) continue;
    const experiment = parseMlflowExperimentMeta(expText, expEntry.name);
    if (experiment.deleted) continue;
    for (const runEntry of await fs.promises.readdir(expDir, { withFileTypes: true })) {
      if (!runEntry.isDirectory()) continue;
      const runDir = path.join(expDir, runEntry.name);
      const record = await readMlflowRun(runDir, experiment);
      if (!record) continue;
      runs.push(record);
      folders.set(record.id, runDir);
    }
  }
  return { runs, folders };
}

async function readMlflowRun(runDir: string, experiment: MlflowExperimentMeta): Promise<RunRecord | undefined> {
  const metaText = await readText(path.join(runDir, 'meta.yaml'));
  if (metaText === undefined) return undefined;
  const meta = parseMlflowRunMeta(metaText, path.basename(runDir), experiment.id);
  if (meta.deleted) return undefined;
  const params: Record<string, string> = {};
  for (const [key, file] of await keyedFiles(path.join(runDir, 'params'))) params[key] = (await readText(file)) ?? '';
  const tags: Record<string, string> = {};
  for (const [key, file] of await keyedFiles(path.join(runDir, 'tags'))) tags[key] = (await readText(file)) ?? '';
  const metrics: Record<string, number> = {};
  for (const [key, file] of await keyedFiles(path.join(runDir, 'metrics'))) {
    const latest = mlflowLatest(parseMlflowMetricFile((await readText(file)) ?? ''));
    if (latest !== undefined) metrics[key] = latest;
  }
  const artifacts: ArtifactRecord[] = [];
  for (const entry of await fs.promises.readdir(path.join(runDir, 'artifacts'), { withFileTypes: true }).catch(() => [])) {
    const stat = await fs.promises.stat(path.join(runDir, 'artifacts', entry.name));
    artifacts.push({ path: entry.name, kind: entry.isDirectory() ? 'dir' : 'file', hash: null, ...(entry.isDirectory() ? {} : { size: stat.size }) });
  }
  return mlflowRunRecord({ experiment, meta, params, tags, metrics, artifacts });
}

/** Histories of an MLflow run folder. */
export async function readMlflowHistory(runDir: string, wanted?: ReadonlySet<string>): Promise<Record<string, MetricSeries>> {
  const out: Record<string, MetricSeries> = {};
  for (const [key, file] of await keyedFiles(path.join(runDir, 'metrics'))) {
    if (wanted && !wanted.has(key)) continue;
    out[key] = parseMlflowMetricFile((await readText(file)) ?? '');
  }
  return out;
}

/** Reads a DVCLive folder as one run. */
export async function readDvcliveRun(dvcliveDir: string, workspaceRoot: string): Promise<RunRecord> {
  const metricsText = await readText(path.join(dvcliveDir, 'metrics.json'));
  const paramsText = await readText(path.join(dvcliveDir, 'params.yaml'));
  const stat = await fs.promises.stat(path.join(dvcliveDir, metricsText === undefined ? '.' : 'metrics.json'));
  const relativeDir = path.relative(workspaceRoot, dvcliveDir).split(path.sep).join('/') || '.';
  return dvcliveRunRecord({
    relativeDir,
    params: paramsText === undefined ? {} : parseDvcliveParams(paramsText),
    metrics: metricsText === undefined ? {} : parseDvcliveMetricsJson(metricsText),
    modifiedAt: Math.round(stat.mtimeMs),
  });
}

export async function readDvcliveHistory(dvcliveDir: string, wanted?: ReadonlySet<string>): Promise<Record<string, MetricSeries>> {
  const out: Record<string, MetricSeries> = {};
  for (const [name, file] of await dvcliveMetricFiles(dvcliveDir)) {
    if (wanted && !wanted.has(name)) continue;
    out[name] = parseDvcliveTsv((await readText(file)) ?? '', name);
  }
  return out;
}

/** Finds `mlruns/` and DVCLive folders (`dvclive/`) up to three levels below the workspace root. */
export async function findImportSources(root: string, maxDepth = 3): Promise<{ mlruns: string[]; dvclive: string[] }> {
  const mlruns: string[] = [];
  const dvclive: string[] = [];
  const walk = async (dir: string, depth: number): Promise<void> => {
    const entries = await fs.promises.readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      if (!entry.isDirectory() || skipDirs.has(entry.name)) continue;
      const full = path.join(dir, entry.name);
      if (entry.name === 'mlruns') mlruns.push(full);
      else if (entry.name === 'dvclive') dvclive.push(full);
      else if (depth < maxDepth) await walk(full, depth + 1);
    }
  };
  await walk(root, 1);
  return { mlruns, dvclive };
}

/** The read-only runs of other trackers in the workspace, listed next to the store's own. */
export class ImportedRuns {
  private readonly folders = new Map<string, string>();

  constructor(readonly workspaceRoot: string) {}

  async list(): Promise<RunRecord[]> {
    const sources = await findImportSources(this.workspaceRoot);
    const runs: RunRecord[] = [];
    for (const dir of sources.mlruns) {
      const found = await readMlflowStore(dir);
      runs.push(...found.runs);
      for (const [id, folder] of found.folders) this.folders.set(id, folder);
    }
    for (const dir of sources.dvclive) {
      const run = await readDvcliveRun(dir, this.workspaceRoot);
      runs.push(run);
      this.folders.set(run.id, dir);
    }
    return runs.sort((a, b) => b.createdAt - a.createdAt);
  }

  private async folderOf(id: string): Promise<string | undefined> {
    if (!this.folders.has(id)) await this.list();
    return this.folders.get(id);
  }

  async get(id: string): Promise<RunRecord | undefined> {
    const folder = await this.folderOf(id);
    if (!folder) return undefined;
    if (id.startsWith('dvclive:')) return readDvcliveRun(folder, this.workspaceRoot);
    return (await this.list()).find((r) => r.id === id);
  }

  async history(id: string, wanted?: ReadonlySet<string>): Promise<Record<string, MetricSeries>> {
    const folder = await this.folderOf(id);
    if (!folder) return {};
    return id.startsWith('dvclive:') ? readDvcliveHistory(folder, wanted) : readMlflowHistory(folder, wanted);
  }
}
