import { isLiveStatus, type RunRecord, type RunnerInfo } from './runModel';

/** What a node adapter found out about a runner process. */
export type RunnerState = 'alive' | 'dead' | 'unknown';

export interface LivenessInput {
  /** Probes a runner on this host; 'unknown' for another host. */
  readonly probe: (runner: RunnerInfo) => RunnerState;
  /** Milliseconds since the run's lease file was last touched; undefined if it has none. */
  readonly leaseAgeMs?: number;
  /** A lease older than this means the runner is gone (when the probe cannot tell). */
  readonly leaseTimeoutMs: number;
}

/**
 * The status a reader shows. A run the runner left queued or running is `killed` when its
 * runner process is gone: dead by pid (same host), or silent for longer than the lease timeout
 * (another host, or no pid). The stored file is not changed; `recordedStatus` keeps what it said.
 */
export function effectiveRecord(record: RunRecord, input: LivenessInput): RunRecord {
  if (!isLiveStatus(record.status) || record.source !== 'mlops') return record;
  let state: RunnerState = record.runner ? input.probe(record.runner) : 'unknown';
  if (state === 'unknown' && input.leaseAgeMs !== undefined) state = input.leaseAgeMs > input.leaseTimeoutMs ? 'dead' : 'alive';
  if (state !== 'dead') return record;
  return { ...record, status: 'killed', recordedStatus: record.status };
}
