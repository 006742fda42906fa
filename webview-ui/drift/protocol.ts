// The contract between the drift report panel's host (src/extension/monitor/) and its webview
// (webview-ui/drift/). The host runs validateWebviewMessage on everything the webview posts;
// the webview runs checkHostMessage on everything it receives. DOM-free: the host and the unit
// tests compile it without the DOM library.

/** Bin counts of one feature, reference vs live (src/core/monitor/histogram.ts). */
export type HistogramData =
  | { kind: 'numeric'; edges: number[]; reference: number[]; live: number[] }
  | { kind: 'categorical'; categories: string[]; reference: number[]; live: number[] };

/**
 * One feature (or the model's outputs) as the report shows it. Statistics are null where the
 * engine produced NaN or ±Infinity (messages travel as JSON, which has neither).
 */
export interface FeatureView {
  name: string;
  kind: 'numeric' | 'categorical';
  /** True for the model's outputs compared with `monitor.output` (prediction drift). */
  isPrediction: boolean;
  test: 'ks' | 'chi-square';
  /** KS D or χ². */
  statistic: number | null;
  pValue: number | null;
  /** After the multiple-testing correction of `settings.correction`. */
  adjustedPValue: number | null;
  psi: number | null;
  psiBand: 'none' | 'moderate' | 'significant';
  jsDistance: number | null;
  /** KS D (numeric) or Cramér's V (categorical). */
  effectSize: number | null;
  /** Numeric features: the Wasserstein distance, and divided by the reference's standard deviation (null for categorical ones). */
  wasserstein: number | null;
  normedWasserstein: number | null;
  drifted: boolean;
  referenceRows: number;
  liveRows: number;
  notes: string[];
  histogram: HistogramData;
}

export interface DriftSettingsView {
  method: 'psi' | 'ks' | 'wasserstein';
  threshold: number;
  pValue: number;
  correction: 'bonferroni' | 'holm' | 'none';
}

/** A finished check. */
export interface DriftReportView {
  /** What was checked, for the heading: a deployment name or the pipeline's live file. */
  subject: string;
  /** The deployment checked, when the live data is a deployment's request log. */
  deployment: string | null;
  reference: string;
  live: string;
  liveRows: number;
  /** ISO-8601. */
  checkedAt: string;
  settings: DriftSettingsView;
  drifted: boolean;
  driftedCount: number;
  features: FeatureView[];
  /** Whether the pipeline can be retrained from here (the Retrain button). */
  canRetrain: boolean;
}

export type HostMessage =
  /** A check is running (the panel opened before the numbers are ready). */
  | { type: 'checking'; subject: string }
  | { type: 'report'; report: DriftReportView }
  /** The pipeline has no `monitor:` section: the empty state, naming the pipeline file. */
  | { type: 'noMonitor'; pipeline: string }
  /** The check could not run: one sentence (bad input, no request log, engine unreachable). */
  | { type: 'failed'; subject: string; message: string };

export type WebviewMessage =
  | { type: 'ready' }
  /** The Retrain button: run the pipeline with `monitor.retrain`. */
  | { type: 'retrain' }
  | { type: 'error'; message: string };

const MAX_ERROR_LENGTH = 4000;

function isObj(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** The host's check of every webview message: a fresh object with the known fields, or undefined. */
export function validateWebviewMessage(x: unknown): WebviewMessage | undefined {
  if (!isObj(x)) return undefined;
  switch (x.type) {
    case 'ready':
      return { type: 'ready' };
    case 'retrain':
      return { type: 'retrain' };
    case 'error':
      return typeof x.message === 'string' ? { type: 'error', message: x.message.slice(0, MAX_ERROR_LENGTH) } : undefined;
    default:
      return undefined;
  }
}

const isNumber = (x: unknown): x is number => typeof x === 'number';
const isNumberList = (x: unknown): x is number[] => Array.isArray(x) && x.every(isNumber);
const isStringList = (x: unknown): x is string[] => Array.isArray(x) && x.every((s) => typeof s === 'string');

function histogramProblem(x: unknown): string | undefined {
  if (!isObj(x) || !isNumberList(x.reference) || !isNumberList(x.live) || x.reference.length !== x.live.length) return 'its counts are malformed';
  if (x.kind === 'numeric') return isNumberList(x.edges) && x.edges.length === x.reference.length + 1 ? undefined : 'its edges do not match its bins';
  if (x.kind === 'categorical') return isStringList(x.categories) && x.categories.length === x.reference.length ? undefined : 'its categories do not match its bins';
  return 'its kind is unknown';
}

function featureProblem(x: unknown): string | undefined {
  if (!isObj(x) || typeof x.name !== 'string') return 'a feature has no name';
  const statistics = ['statistic', 'pValue', 'adjustedPValue', 'psi', 'jsDistance', 'effectSize', 'wasserstein', 'normedWasserstein'];
  const bad = statistics.find((k) => !isNumber(x[k]) && x[k] !== null) ?? ['referenceRows', 'liveRows'].find((k) => !isNumber(x[k]));
  if (bad) return `feature "${x.name}" has no number ${bad}`;
  if (typeof x.drifted !== 'boolean' || typeof x.isPrediction !== 'boolean' || !isStringList(x.notes)) return `feature "${x.name}" is malformed`;
  const histogram = histogramProblem(x.histogram);
  return histogram ? `the histogram of "${x.name}": ${histogram}` : undefined;
}

function reportProblem(x: unknown): string | undefined {
  if (!isObj(x) || !Array.isArray(x.features) || !isObj(x.settings)) return 'the report is malformed';
  if (typeof x.drifted !== 'boolean' || !isNumber(x.driftedCount) || typeof x.subject !== 'string') return 'the verdict is malformed';
  for (const f of x.features) {
    const problem = featureProblem(f);
    if (problem) return problem;
  }
  return undefined;
}

/** The webview's check of every host message; says why a malformed one is refused. */
export function checkHostMessage(x: unknown): { ok: true; message: HostMessage } | { ok: false; reason: string } {
  const refuse = (reason: string) => ({ ok: false as const, reason: `a ${isObj(x) ? String(x.type) : 'non-object'} message was refused: ${reason}` });
  if (!isObj(x)) return refuse('it is not an object');
  switch (x.type) {
    case 'checking':
      return typeof x.subject === 'string' ? { ok: true, message: { type: 'checking', subject: x.subject } } : refuse('it has no subject');
    case 'report': {
      const problem = reportProblem(x.report);
      return problem ? refuse(problem) : { ok: true, message: { type: 'report', report: x.report as DriftReportView } };
    }
    case 'noMonitor':
      return typeof x.pipeline === 'string' ? { ok: true, message: { type: 'noMonitor', pipeline: x.pipeline } } : refuse('it names no pipeline');
    case 'failed':
      return typeof x.message === 'string' && typeof x.subject === 'string'
        ? { ok: true, message: { type: 'failed', subject: x.subject, message: x.message.slice(0, MAX_ERROR_LENGTH) } } : refuse('it has no message');
    default:
      return refuse('the type is unknown');
  }
}
