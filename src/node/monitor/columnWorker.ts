import * as os from 'node:os';
import { HISTOGRAM_BINS } from '../../core/monitor/histogram';
import { binCounts, compareSorted, countBelow, numericHistogram } from '../../core/monitor/numericComparison';
import type { NumericComparison } from '../../core/monitor/numericComparison';
import { radixSortFloat64 } from '../../core/monitor/radixSort';
import { runEvalWorker } from './evalWorker';

/** One numeric feature: its sorted reference and its live values (any order; sorted in place). */
export interface ColumnJob {
  readonly reference: Float64Array;
  readonly live: Float64Array;
  readonly edges: readonly number[];
}

/** Below this many live values in all, starting a worker (tens of ms) costs more than it saves. */
const WORKER_MIN_VALUES = 400_000;
const MAX_THREADS = 4;

/**
 * Sorts each live column and compares it with its reference (compareSorted). Sorting a million
 * values per feature is most of the check's time after reading, and features are independent,
 * so with several cores the features are shared round-robin between this thread and worker
 * threads. The live buffers are transferred, not copied: a job's `live` array is unusable here
 * afterwards. The workers run the same functions from their source text (compareSorted,
 * numericHistogram and radixSortFloat64 are self-contained for that), so no separate worker file
 * has to be shipped next to the bundles.
 */
export async function compareColumns(jobs: readonly ColumnJob[]): Promise<NumericComparison[]> {
  const results = new Array<NumericComparison>(jobs.length);
  const total = jobs.reduce((sum, job) => sum + job.live.length, 0);
  const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  const threads = total >= WORKER_MIN_VALUES ? Math.min(cores, MAX_THREADS, jobs.length) : 1;
  const shares: number[][] = Array.from({ length: threads }, () => []);
  jobs.forEach((_, index) => shares[index % threads]!.push(index));
  const pending = shares.slice(1).map((indices) => onWorker(indices.map((i) => jobs[i]!)).then((out) => out.forEach((r, k) => (results[indices[k]!] = r))));
  for (const index of shares[0]!) {
    const job = jobs[index]!;
    results[index] = compareSorted(job.reference, radixSortFloat64(job.live), job.edges, HISTOGRAM_BINS);
  }
  await Promise.all(pending);
  return results;
}

let source: string | undefined;
/** The worker's code: the pure functions by their own (possibly minified) names, then the loop. */
function workerSource(): string {
  source ??= [
    "const { parentPort } = require('node:worker_threads');",
    ...[radixSortFloat64, binCounts, countBelow, numericHistogram, compareSorted].map((f) => `const ${f.name} = ${f.toString()};`),
    'parentPort.once("message", (jobs) => {',
    `  parentPort.postMessage(jobs.map((job) => ${compareSorted.name}(job.reference, ${radixSortFloat64.name}(new Float64Array(job.buffer, job.offset, job.length)), job.edges, job.histogramBins)));`,
    '});',
  ].join('\n');
  return source;
}

function onWorker(jobs: readonly ColumnJob[]): Promise<NumericComparison[]> {
  const message = jobs.map((job) => ({ reference: job.reference, edges: job.edges, histogramBins: HISTOGRAM_BINS, buffer: job.live.buffer, offset: job.live.byteOffset, length: job.live.length }));
  return runEvalWorker<NumericComparison[]>(workerSource(), 'drift worker', { input: message, transfer: uniqueBuffers(jobs.map((job) => job.live.buffer)) });
}

function uniqueBuffers(buffers: readonly ArrayBufferLike[]): ArrayBuffer[] {
  return [...new Set(buffers)].filter((b): b is ArrayBuffer => b instanceof ArrayBuffer);
}
