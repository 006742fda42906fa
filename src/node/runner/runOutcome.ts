export type RunStatus = 'finished' | 'failed' | 'cancelled';

/** How a request to run ended: a recorded run's status, or 'up-to-date' when nothing ran and nothing was recorded. */
export type OutcomeStatus = RunStatus | 'up-to-date';

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
  /** The recorded run; empty when the status is 'up-to-date' (no run was recorded). */
  readonly runId: string;
  readonly name: string;
  readonly status: OutcomeStatus;
  /** Every selected stage; when 'up-to-date', each one as skipped. */
  readonly stages: readonly StageOutcome[];
  /** The first failing stage, for the one-sentence error the user sees. */
  readonly failure?: StageOutcome;
  /** Child runs of a sweep. */
  readonly children?: readonly RunOutcome[];
}

/** One line about how a stage ended, as the terminal and `mlops run` print it. */
export function describeStage(stage: StageOutcome): string {
  switch (stage.status) {
    case 'ran': return `✔ ${stage.name} (${((stage.durationMs ?? 0) / 1000).toFixed(1)} s)`;
    case 'skipped': return `⏭ ${stage.name}: ${stage.reason ?? 'skipped'}`;
    case 'not-run': return `· ${stage.name}: ${stage.reason ?? 'not run'}`;
    default: return `✘ ${describeFailure(stage)}`;
  }
}

/** One sentence about a failed stage: which, how, and the last thing it said. */
export function describeFailure(stage: StageOutcome): string {
  const how = stage.reason ?? (stage.exitCode === null || stage.exitCode === undefined ? 'was stopped' : `exited with code ${stage.exitCode}`);
  const last = stage.lastStderr?.at(-1);
  return `Stage '${stage.name}' ${how}${last ? `: ${last}` : ''}`;
}
