import * as os from 'node:os';
import { POW10, readNumberColumns, readNumberRow } from './csvNumberRows';
import type { NumberColumnsPart } from './csvNumberRows';
import { runEvalWorker } from './evalWorker';

/** Below this size one thread reads the file: a worker's start-up costs more than half the scan saves. */
export const PARALLEL_MIN_BYTES = 32 << 20;

/** True when a second core can read part of a large CSV file. */
export function canReadInParallel(size: number, minBytes = PARALLEL_MIN_BYTES): boolean {
  const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  return size >= minBytes && cores > 1;
}

/**
 * Reads bytes [start, end) of a CSV file on a worker thread as columns of plain decimals (see
 * readNumberColumns), while the caller reads the part before `start`. The worker runs the two
 * functions from their source text (they are self-contained), so no worker file has to ship
 * next to the bundles; its columns are transferred back, not copied.
 */
export function readNumberColumnsOnWorker(file: string, start: number, end: number, width: number, expectedRows: number): Promise<NumberColumnsPart> {
  const source = [
    "const { parentPort, workerData: w } = require('node:worker_threads');",
    `const part = (${readNumberColumns.toString()})(require('node:fs'), w.file, w.start, w.end, w.width, (${readNumberRow.toString()}), ${JSON.stringify(POW10)}, w.expectedRows);`,
    'parentPort.postMessage(part, part.columns.map((c) => c.buffer));',
  ].join('\n');
  return runEvalWorker<NumberColumnsPart>(source, 'CSV reading worker', { workerData: { file, start, end, width, expectedRows } });
}
