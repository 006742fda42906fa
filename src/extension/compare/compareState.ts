import type { MetricSeries, RunRecord } from '../../core/runs/runModel';
import type { CompareState, Goal, MetricHistory, RunInfo, RunStatus as PanelStatus } from '../../../webview-ui/compare/protocol';
import { runColour } from '../../../webview-ui/compare/palette';
import type { StoredRun } from '../experiments/workspaceStores';

const statusForPanel: Record<RunRecord['status'], PanelStatus> = {
  queued: 'queued',
  running: 'running',
  finished: 'finished',
  failed: 'failed',
  cancelled: 'cancelled',
  killed: 'killed',
};

/** JSON cannot carry NaN or ±Infinity: the panel receives null there (and draws a gap). */
function finite(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}

export function runInfo(run: RunRecord, colourIndex: number): RunInfo {
  const params: RunInfo['params'] = {};
  for (const [key, value] of Object.entries(run.params)) {
    params[key] = value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? value : JSON.stringify(value);
  }
  return {
    id: run.id,
    name: run.name,
    experiment: run.experiment,
    colour: runColour(colourIndex),
    status: statusForPanel[run.status],
    params,
    finalMetrics: Object.fromEntries(Object.entries(run.metrics).map(([k, v]) => [k, finite(v)])),
    isSweepChild: run.parentId !== undefined,
    parentId: run.parentId ?? null,
    startTime: run.startedAt ?? run.createdAt,
    ...(run.gates && run.gates.length > 0
      ? { gates: run.gates.map((g) => ({ expression: g.expression, actual: g.actual === 'missing' ? null : g.actual, passed: g.passed })) }
      : {}),
  };
}

/** The store's columns go to the webview as they are: postMessage carries typed arrays natively. */
export function toHistory(series: MetricSeries): MetricHistory {
  return { steps: series.steps, values: series.values, timestamps: series.timestamps };
}

/** Everything the panel shows for these runs, read from their stores. */
export async function buildCompareState(
  runs: readonly StoredRun[],
  colourOf: (runId: string) => number,
  pipeline: { primaryMetric?: string | undefined; goal?: Goal | undefined },
): Promise<CompareState> {
  const histories: CompareState['histories'] = {};
  // One loadHistories per reader: a store reads all its runs' histories in one pass.
  const byReader = new Map<StoredRun['reader'], string[]>();
  for (const stored of runs) byReader.set(stored.reader, [...(byReader.get(stored.reader) ?? []), stored.run.id]);
  for (const [reader, ids] of byReader) {
    for (const history of await reader.loadHistories(ids)) {
      for (const [metric, series] of Object.entries(history.series)) {
        (histories[metric] ??= {})[history.runId] = toHistory(series);
      }
    }
  }
  const metrics = new Set(Object.keys(histories));
  for (const { run } of runs) for (const name of Object.keys(run.metrics)) if (!metrics.has(name)) metrics.add(name);
  const ordered = [...metrics].filter((m) => histories[m]).sort();
  const primary = pipeline.primaryMetric;
  if (primary && ordered.includes(primary)) {
    ordered.splice(ordered.indexOf(primary), 1);
    ordered.unshift(primary); // the primary metric's chart comes first
  }
  return {
    runs: runs.map((s) => runInfo(s.run, colourOf(s.run.id))),
    metrics: ordered,
    histories,
    primaryMetric: primary ?? null,
    goals: primary && pipeline.goal ? { [primary]: pipeline.goal } : {},
  };
}
