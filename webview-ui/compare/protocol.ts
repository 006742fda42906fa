// The contract between the Compare Runs panel's host (src/extension/compare/) and its webview
// (webview-ui/compare/). Both sides import these types; the host runs validateWebviewMessage on
// everything the webview posts, and the webview runs validateHostMessage on everything it
// receives, so a malformed message is dropped instead of half-applied.
// DOM-free on purpose: the host and the unit tests compile it without the DOM library.

/** A param as the run store records it. MLflow params are strings; other stores keep types. */
export type ParamValue = string | number | boolean | null;

/** The run store's statuses (src/core/runs/runModel.ts); `queued` and `running` are live. */
export type RunStatus = 'queued' | 'running' | 'finished' | 'failed' | 'cancelled' | 'killed';

/** Which direction is better for a metric; drives best-value highlighting and sort order. */
export type Goal = 'maximize' | 'minimize';

/** One selected run, as the panel shows it in the legend and the tables. */
export interface RunInfo {
  id: string;
  name: string;
  experiment: string;
  /** CSS colour ('#rrggbb'); the host takes it from runColour() so it matches the tree swatch. */
  colour: string;
  status: RunStatus;
  params: Record<string, ParamValue>;
  /** Latest value per metric; null when the store holds NaN or ±Infinity (JSON cannot carry them). */
  finalMetrics: Record<string, number | null>;
  isSweepChild: boolean;
  parentId: string | null;
  /** Run start, ms since the epoch; the origin of the relative-time axis (null: first point). */
  startTime: number | null;
}

/**
 * One metric's history for one run: three Float64Arrays of the same length. VS Code (engines
 * >= 1.57) transfers typed arrays to a webview as binary instead of JSON, so a million points
 * arrive in milliseconds and the charts draw straight from them without a copy.
 * Build one with toMetricHistory().
 */
export interface MetricHistory {
  steps: Float64Array;
  /** NaN and ±Infinity are kept as recorded; charts show them as gaps. */
  values: Float64Array;
  /** ms since the epoch. */
  timestamps: Float64Array;
}

/** A MetricHistory from plain arrays (what a run store parser produces); null becomes NaN. */
export function toMetricHistory(steps: readonly number[], values: readonly (number | null)[], timestamps: readonly number[]): MetricHistory {
  const n = Math.min(steps.length, values.length, timestamps.length);
  const out = { steps: new Float64Array(n), values: new Float64Array(n), timestamps: new Float64Array(n) };
  for (let i = 0; i < n; i++) {
    out.steps[i] = steps[i] as number;
    out.values[i] = values[i] ?? NaN;
    out.timestamps[i] = timestamps[i] as number;
  }
  return out;
}

/** Everything the panel shows. Sent whole in `init`, then kept current by `append`/`runUpdated`. */
export interface CompareState {
  runs: RunInfo[];
  /** Metric names in chart order; one chart per metric. */
  metrics: string[];
  /** metric name → run id → history. A run without a history for a metric is simply absent. */
  histories: Record<string, Record<string, MetricHistory>>;
  /** Shown first and used by the sweep views by default; null when the pipeline names none. */
  primaryMetric: string | null;
  /** Goals the host knows (e.g. from the pipeline); other metrics use metricGoal()'s name rule. */
  goals: Record<string, Goal>;
}

/** host → webview */
export type HostMessage =
  /** The whole state; the webview re-renders from it (first load, selection change, reload). */
  | { type: 'init'; state: CompareState }
  /** New points of a live run, appended to its history; a new metric name adds a chart. */
  | { type: 'append'; runId: string; metric: string; points: MetricHistory }
  /** A run's status, final metrics, params, name or colour changed. Unknown run ids are ignored. */
  | { type: 'runUpdated'; run: RunInfo }
  /** The colour theme changed; the webview re-reads the --vscode-* variables and redraws. */
  | { type: 'theme' };

/** webview → host */
export type WebviewMessage =
  /** Sent once the webview listens; the host queues posts until it arrives. */
  | { type: 'ready' }
  /** The user hid or showed a run by clicking its legend entry. */
  | { type: 'hideRun'; runId: string }
  | { type: 'showRun'; runId: string }
  /** The user asked to open a run (its name in a table, a line in the sweep views). */
  | { type: 'openRun'; runId: string }
  /** Webviews cannot write files: the host asks where to save and writes these. */
  | { type: 'exportCsv'; csv: string; suggestedName: string }
  | { type: 'exportPng'; dataUrl: string; suggestedName: string }
  /** Something failed inside the webview; the host logs it to its output channel. */
  | { type: 'error'; message: string };

export type TabId = 'charts' | 'metrics' | 'params' | 'sweep';
export type XAxisMode = 'step' | 'relative' | 'wall';

/**
 * What the webview keeps through vscode.setState: UI choices, never data. It is also the
 * `state` VS Code hands to the host's WebviewPanelSerializer after a reload, which reads
 * `runIds` to know which runs to load again (readPersistedState() cleans it up first).
 */
export interface PersistedState {
  version: 1;
  /** The compared runs, in order. Written by the webview from each `init`. */
  runIds: string[];
  hiddenRunIds: string[];
  logScale: boolean;
  /** EMA weight in [0, MAX_SMOOTHING]; 0 draws the raw points only. */
  smoothing: number;
  xAxis: XAxisMode;
  tab: TabId;
  showAllParams: boolean;
  scatterParam: string | null;
  scatterMetric: string | null;
  parallelMetric: string | null;
}

/** TensorBoard's ceiling: beyond it the EMA barely moves and hides the data. */
export const MAX_SMOOTHING = 0.99;

export const TAB_IDS: readonly TabId[] = ['charts', 'metrics', 'params', 'sweep'];
export const X_AXIS_MODES: readonly XAxisMode[] = ['step', 'relative', 'wall'];
export const RUN_STATUSES: readonly RunStatus[] = ['queued', 'running', 'finished', 'failed', 'cancelled', 'killed'];

export function defaultPersistedState(): PersistedState {
  return {
    version: 1, runIds: [], hiddenRunIds: [], logScale: false, smoothing: 0, xAxis: 'step',
    tab: 'charts', showAllParams: false, scatterParam: null, scatterMetric: null, parallelMetric: null,
  };
}

// Bounds that keep a hostile or buggy webview from making the host allocate or log without end.
const MAX_ID_LENGTH = 1024;
const MAX_ERROR_LENGTH = 4000;
/** A file name only: no folders, no leading dot, the extension that matches the content. */
const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9 ._()-]{0,150}$/;
const PNG_DATA_URL = /^data:image\/png;base64,[A-Za-z0-9+/]+={0,2}$/;

type Obj = Record<string, unknown>;
const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);
const isId = (x: unknown): x is string => typeof x === 'string' && x.length > 0 && x.length <= MAX_ID_LENGTH;
const isSafeName = (x: unknown, extension: string): x is string =>
  typeof x === 'string' && SAFE_NAME.test(x) && x.toLowerCase().endsWith(extension) && !x.includes('..');

/**
 * What the host runs on every message from the webview. Returns a fresh object holding only the
 * known fields, or undefined when the message is malformed (the host then ignores it).
 */
export function validateWebviewMessage(x: unknown): WebviewMessage | undefined {
  if (!isObj(x) || typeof x.type !== 'string') return undefined;
  switch (x.type) {
    case 'ready':
      return { type: 'ready' };
    case 'hideRun':
    case 'showRun':
    case 'openRun':
      return isId(x.runId) ? { type: x.type, runId: x.runId } : undefined;
    case 'exportCsv':
      return typeof x.csv === 'string' && isSafeName(x.suggestedName, '.csv')
        ? { type: 'exportCsv', csv: x.csv, suggestedName: x.suggestedName } : undefined;
    case 'exportPng':
      return typeof x.dataUrl === 'string' && PNG_DATA_URL.test(x.dataUrl) && isSafeName(x.suggestedName, '.png')
        ? { type: 'exportPng', dataUrl: x.dataUrl, suggestedName: x.suggestedName } : undefined;
    case 'error':
      return typeof x.message === 'string' ? { type: 'error', message: x.message.slice(0, MAX_ERROR_LENGTH) } : undefined;
    default:
      return undefined;
  }
}

const isFiniteNumber = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
const isNullableNumber = (x: unknown): x is number | null => x === null || isFiniteNumber(x);
const isParamValue = (x: unknown): x is ParamValue =>
  x === null || typeof x === 'string' || typeof x === 'boolean' || isFiniteNumber(x);
const isRecordOf = <T>(x: unknown, item: (v: unknown) => v is T): x is Record<string, T> =>
  isObj(x) && Object.values(x).every(item);
const isGoal = (x: unknown): x is Goal => x === 'maximize' || x === 'minimize';

export function isRunInfo(x: unknown): x is RunInfo {
  return isObj(x) && isId(x.id) && typeof x.name === 'string' && typeof x.experiment === 'string'
    && typeof x.colour === 'string' && (RUN_STATUSES as readonly unknown[]).includes(x.status)
    && isRecordOf(x.params, isParamValue) && isRecordOf(x.finalMetrics, isNullableNumber)
    && typeof x.isSweepChild === 'boolean' && (x.parentId === null || isId(x.parentId))
    && (x.startTime === null || isFiniteNumber(x.startTime));
}

/** Three Float64Arrays of one length. (Cross-realm typed arrays fail instanceof, hence the tag check.) */
export function isMetricHistory(x: unknown): x is MetricHistory {
  if (!isObj(x)) return false;
  const { steps, values, timestamps } = x;
  return isFloat64Array(steps) && isFloat64Array(values) && isFloat64Array(timestamps)
    && steps.length === values.length && steps.length === timestamps.length;
}

const isFloat64Array = (x: unknown): x is Float64Array =>
  x instanceof Float64Array || Object.prototype.toString.call(x) === '[object Float64Array]';

function isCompareState(x: unknown): x is CompareState {
  if (!isObj(x) || !Array.isArray(x.runs) || !x.runs.every(isRunInfo)) return false;
  if (!Array.isArray(x.metrics) || !x.metrics.every((m) => typeof m === 'string')) return false;
  if (!(x.primaryMetric === null || typeof x.primaryMetric === 'string')) return false;
  if (!isRecordOf(x.goals, isGoal) || !isObj(x.histories)) return false;
  return Object.values(x.histories).every((byRun) => isObj(byRun) && Object.values(byRun).every(isMetricHistory));
}

/** What the webview runs on every message it receives. */
export function validateHostMessage(x: unknown): HostMessage | undefined {
  if (!isObj(x) || typeof x.type !== 'string') return undefined;
  switch (x.type) {
    case 'init':
      return isCompareState(x.state) ? { type: 'init', state: x.state } : undefined;
    case 'append':
      return isId(x.runId) && typeof x.metric === 'string' && isMetricHistory(x.points)
        ? { type: 'append', runId: x.runId, metric: x.metric, points: x.points }
        : undefined;
    case 'runUpdated':
      return isRunInfo(x.run) ? { type: 'runUpdated', run: x.run } : undefined;
    case 'theme':
      return { type: 'theme' };
    default:
      return undefined;
  }
}

const stringList = (x: unknown): string[] => (Array.isArray(x) ? x.filter(isId) : []);
const nullableString = (x: unknown): string | null => (typeof x === 'string' ? x : null);

/**
 * Reads what vscode.getState() (webview) or a WebviewPanelSerializer (host) hands back: any
 * field that is missing, from an older version or malformed falls back to its default.
 */
export function readPersistedState(x: unknown): PersistedState {
  const d = defaultPersistedState();
  if (!isObj(x) || x.version !== 1) return d;
  return {
    version: 1,
    runIds: stringList(x.runIds),
    hiddenRunIds: stringList(x.hiddenRunIds),
    logScale: typeof x.logScale === 'boolean' ? x.logScale : d.logScale,
    smoothing: isFiniteNumber(x.smoothing) ? Math.min(MAX_SMOOTHING, Math.max(0, x.smoothing)) : d.smoothing,
    xAxis: (X_AXIS_MODES as readonly unknown[]).includes(x.xAxis) ? x.xAxis as XAxisMode : d.xAxis,
    tab: (TAB_IDS as readonly unknown[]).includes(x.tab) ? x.tab as TabId : d.tab,
    showAllParams: typeof x.showAllParams === 'boolean' ? x.showAllParams : d.showAllParams,
    scatterParam: nullableString(x.scatterParam),
    scatterMetric: nullableString(x.scatterMetric),
    parallelMetric: nullableString(x.parallelMetric),
  };
}
