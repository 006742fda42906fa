import { Worker, type TransferListItem } from 'node:worker_threads';

/**
 * Runs `source` (CommonJS text, so no worker file has to ship next to the bundles) on a worker
 * thread and resolves with the first message it posts; the worker is then terminated. `input`,
 * when given, is posted to it with `transfer`. `what` names the thread in the error when it
 * stops without answering.
 */
export function runEvalWorker<T>(
  source: string,
  what: string,
  options: { workerData?: unknown; input?: unknown; transfer?: readonly TransferListItem[] } = {},
): Promise<T> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(source, { eval: true, workerData: options.workerData });
    let settled = false;
    worker.once('message', (out: T) => {
      settled = true;
      resolve(out);
      void worker.terminate();
    });
    worker.once('error', (error) => {
      settled = true;
      reject(error);
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`the ${what} thread stopped (exit code ${code})`));
    });
    if (options.input !== undefined) worker.postMessage(options.input, [...(options.transfer ?? [])]);
  });
}
