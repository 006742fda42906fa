export type RunStatus = 'finished' | 'failed' | 'cancelled';

export interface StageOutcome {
  readonly name: string;
  readonly status: 'ran' | 'skipped' | 'failed' | 'cancelled' | 'not-run';
  readonly exitCode?: number | null;
  readonly durationMs?: number;
  /** Why it was skipped, or why it failed, in one sentence. */
  readonly reason?: string;
  readonly lastStderr?: readonly string[];
}

export interface RunOutcome {
  readonly runId: string;
  readonly name: string;
  readonly status: RunStatus;
  readonly stages: readonly StageOutcome[];
  /** The first failing stage, for the one-sentence error the user sees. */
  readonly failure?: StageOutcome;
  /** Child runs of a sweep. */
  readonly children?: readonly RunOutcome[];
}

/** One sentence about a failed stage: which, how, and the last thing it said. */
export function describeFailure(stage: StageOutcome): string {
  const how = stage.reason ?? (stage.exitCode === null || stage.exitCode === undefined ? 'was stopped' : `exited with code ${stage.exitCode}`);
  const last = stage.lastStderr?.at(-1);
  return `Stage '${stage.name}' ${how}${last ? `: ${last}` : ''}`;
}
