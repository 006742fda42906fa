// The contract between the Compare Runs panel's host (src/extension/compare/) and its webview
// (webview-ui/compare/). Both sides import these types; the host runs validateWebviewMessage on
// everything the webview posts, and the webview runs checkHostMessage on everything it
// receives, so a malformed message is refused (and said why) instead of half-applied.
// DOM-free on purpose: the host and the unit tests compile it without the DOM library.

/** A param as the run store records it. MLflow params are strings; other stores keep types. */
export type ParamValue = string | number | boolean | null;

/** The run store's statuses (src/core/runs/runModel.ts); `queued` and `running` are live. */
export type RunStatus = 'queued' | 'running' | 'finished' | 'failed' | 'cancelled' | 'killed';

/** Which direction is better for a metric; drives best-value highlighting and sort order. */
export type Goal = 'maximize' | 'minimize';

/** One of the pipeline's gates as judged when the run finished (the run store's GateOutcome). */
export interface GateInfo {
  /** `<metric> <op> <value>`, e.g. `test/accuracy >= 0.9`. */
  expression: string;
  /** The run's final value of the metric; null when it recorded none. */
  actual: number | null;
  passed: boolean;
}

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
  /** The pipeline's gates as judged when the run finished; absent when none were stored. */
  gates?: GateInfo[];
}

/**
 * One metric's history for one run: three Float64Arrays of the same length. They travel packed
 * into one binary buffer per message (PackedHistories), so a million points arrive in
 * milliseconds and the charts draw straight from views onto it without a copy.
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

/** Everything the panel shows: what the webview rebuilds from `init` (see unpackState). */
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

/** CompareState without its histories: the JSON part of `init`. */
export type CompareSummary = Omit<CompareState, 'histories'>;

/**
 * Where one history lies in a PackedHistories' `data`, counted in Float64 elements: `length`
 * steps from `offset`, then `length` values, then `length` timestamps.
 */
export interface PackedSeries {
  runId: string;
  metric: string;
  offset: number;
  length: number;
}

/**
 * Every history of one message in ONE ArrayBuffer. VS Code carries each ArrayBuffer of a
 * message as a separate argument of its host-to-window IPC and loses them past about 255, so a
 * buffer per series (runs × metrics × 3) made 7 runs of 20 metrics arrive empty. One buffer per
 * message holds any number of runs and metrics; the webview reads views onto it, no copies.
 * Build one with packHistories().
 */
export interface PackedHistories {
  series: PackedSeries[];
  data: ArrayBuffer;
}

/** One run's history of one metric, as packHistories() takes and unpackHistories() gives them. */
export interface HistoryEntry {
  runId: string;
  metric: string;
  history: MetricHistory;
}

/** host → webview */
export type HostMessage =
  /** The whole state; the webview re-renders from it (first load, selection change, reload). */
  | { type: 'init'; state: CompareSummary; histories: PackedHistories }
  /** New points of live runs since the last append (any runs, any metrics); a new metric name adds a chart. */
  | { type: 'append'; points: PackedHistories }
  /** A run's status, final metrics, params, name or colour changed. Unknown run ids are ignored. */
  | { type: 'runUpdated'; run: RunInfo }
  /** The colour theme changed; the webview re-reads the --vscode-* variables and redraws. */
  | { type: 'theme' }
  /** The host could not read the runs; the panel shows this sentence instead of waiting for data. */
  | { type: 'loadFailed'; message: string };

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

const isGateInfo = (x: unknown): x is GateInfo =>
  isObj(x) && typeof x.expression === 'string' && isNullableNumber(x.actual) && typeof x.passed === 'boolean';

export function isRunInfo(x: unknown): x is RunInfo {
  return isObj(x) && isId(x.id) && typeof x.name === 'string' && typeof x.experiment === 'string'
    && typeof x.colour === 'string' && (RUN_STATUSES as readonly unknown[]).includes(x.status)
    && isRecordOf(x.params, isParamValue) && isRecordOf(x.finalMetrics, isNullableNumber)
    && typeof x.isSweepChild === 'boolean' && (x.parentId === null || isId(x.parentId))
    && (x.startTime === null || isFiniteNumber(x.startTime))
    && (x.gates === undefined || (Array.isArray(x.gates) && x.gates.every(isGateInfo)));
}

const isArrayBuffer = (x: unknown): x is ArrayBuffer =>
  x instanceof ArrayBuffer || Object.prototype.toString.call(x) === '[object ArrayBuffer]';
const isCount = (x: unknown): x is number => typeof x === 'number' && Number.isInteger(x) && x >= 0;

/** Why a CompareSummary is malformed, or undefined when it is fine. */
function summaryProblem(x: unknown): string | undefined {
  if (!isObj(x)) return 'the state is missing';
  if (!Array.isArray(x.runs)) return 'the run list is missing';
  const badRun = x.runs.findIndex((r) => !isRunInfo(r));
  if (badRun >= 0) return `run ${badRun + 1} of ${x.runs.length} is malformed`;
  if (!Array.isArray(x.metrics) || !x.metrics.every((m) => typeof m === 'string')) return 'the metric list is malformed';
  if (!(x.primaryMetric === null || typeof x.primaryMetric === 'string')) return 'the primary metric is malformed';
  if (!isRecordOf(x.goals, isGoal)) return 'the metric goals are malformed';
  return undefined;
}

/**
 * Why a PackedHistories is malformed or incomplete (a series reaching past the data that
 * arrived), or undefined when every series lies inside its buffer.
 */
export function packedHistoriesProblem(x: unknown): string | undefined {
  if (!isObj(x) || !Array.isArray(x.series)) return 'the series list is missing';
  const series = x.series as unknown[];
  if (!isArrayBuffer(x.data)) return `the data of ${series.length} series did not arrive (no buffer in the message)`;
  const available = Math.floor(x.data.byteLength / Float64Array.BYTES_PER_ELEMENT);
  for (const [i, s] of series.entries()) {
    if (!isObj(s) || !isId(s.runId) || typeof s.metric !== 'string' || !isCount(s.offset) || !isCount(s.length)) {
      return `series ${i + 1} of ${series.length} is malformed`;
    }
    if (s.offset + 3 * s.length > available) {
      return `the data of “${s.metric}” for run ${s.runId} is missing (${series.length} series need ${s.offset + 3 * s.length} numbers, ${available} arrived)`;
    }
  }
  return undefined;
}

/** A host message, or why it was refused (one clause, for the panel and the log). */
export type HostMessageCheck = { ok: true; message: HostMessage } | { ok: false; type: string; problem: string };

/** What the webview runs on every message it receives; says what is wrong with a bad one. */
export function checkHostMessage(x: unknown): HostMessageCheck {
  if (!isObj(x) || typeof x.type !== 'string') return { ok: false, type: typeof x, problem: 'it is not a message' };
  const type = x.type.slice(0, 60);
  const refuse = (problem: string): HostMessageCheck => ({ ok: false, type, problem });
  switch (x.type) {
    case 'init': {
      const problem = summaryProblem(x.state) ?? packedHistoriesProblem(x.histories);
      if (problem) return refuse(problem);
      const state = x.state as Obj & CompareSummary;
      const summary: CompareSummary = { runs: state.runs, metrics: state.metrics, primaryMetric: state.primaryMetric, goals: state.goals };
      return { ok: true, message: { type: 'init', state: summary, histories: x.histories as PackedHistories } };
    }
    case 'append': {
      const problem = packedHistoriesProblem(x.points);
      return problem ? refuse(problem) : { ok: true, message: { type: 'append', points: x.points as PackedHistories } };
    }
    case 'runUpdated':
      return isRunInfo(x.run) ? { ok: true, message: { type: 'runUpdated', run: x.run } } : refuse('the run is malformed');
    case 'theme':
      return { ok: true, message: { type: 'theme' } };
    case 'loadFailed':
      return typeof x.message === 'string'
        ? { ok: true, message: { type: 'loadFailed', message: x.message.slice(0, MAX_ERROR_LENGTH) } } : refuse('it has no message');
    default:
      return refuse('the type is unknown');
  }
}

/** checkHostMessage without the reason: the message, or undefined when it is malformed. */
export function validateHostMessage(x: unknown): HostMessage | undefined {
  const check = checkHostMessage(x);
  return check.ok ? check.message : undefined;
}

/**
 * Packs histories into one buffer (see PackedHistories). The host calls it for every `init`
 * and `append`; NaN and ±Infinity travel as they are.
 */
export function packHistories(entries: Iterable<HistoryEntry>): PackedHistories {
  const list = [...entries];
  const lengthOf = ({ history: h }: HistoryEntry) => Math.min(h.steps.length, h.values.length, h.timestamps.length);
  const total = list.reduce((n, e) => n + 3 * lengthOf(e), 0);
  const data = new Float64Array(total);
  const series: PackedSeries[] = [];
  let offset = 0;
  for (const entry of list) {
    const { runId, metric, history } = entry;
    const length = lengthOf(entry);
    data.set(history.steps.subarray(0, length), offset);
    data.set(history.values.subarray(0, length), offset + length);
    data.set(history.timestamps.subarray(0, length), offset + 2 * length);
    series.push({ runId, metric, offset, length });
    offset += 3 * length;
  }
  return { series, data: data.buffer };
}

/** The histories of a PackedHistories that passed packedHistoriesProblem(): views onto its buffer. */
export function unpackHistories(packed: PackedHistories): HistoryEntry[] {
  const { data } = packed;
  const column = (start: number, length: number) => new Float64Array(data, start * Float64Array.BYTES_PER_ELEMENT, length);
  return packed.series.map(({ runId, metric, offset, length }) => ({
    runId, metric,
    history: { steps: column(offset, length), values: column(offset + length, length), timestamps: column(offset + 2 * length, length) },
  }));
}

/** The whole `init` message for a state: its summary as JSON, its histories in one buffer. */
export function packState(state: CompareState): Extract<HostMessage, { type: 'init' }> {
  const entries: HistoryEntry[] = [];
  for (const [metric, byRun] of Object.entries(state.histories)) {
    for (const [runId, history] of Object.entries(byRun)) entries.push({ runId, metric, history });
  }
  const { runs, metrics, primaryMetric, goals } = state;
  return { type: 'init', state: { runs, metrics, primaryMetric, goals }, histories: packHistories(entries) };
}

/** The CompareState an `init` message describes (histories are views onto its buffer). */
export function unpackState(message: Extract<HostMessage, { type: 'init' }>): CompareState {
  // Null-prototype maps: a metric or run named "__proto__" is data, not a prototype.
  const histories = Object.create(null) as CompareState['histories'];
  for (const { runId, metric, history } of unpackHistories(message.histories)) {
    (histories[metric] ??= Object.create(null) as Record<string, MetricHistory>)[runId] = history;
  }
  return { ...message.state, histories };
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
