/** What the skip check compares for one stage: its fingerprint now, at its last success, and its outputs. */
export interface StageCheck {
  /** The stage's fingerprint now (command, env, params read, dep hashes, outs, workdir). */
  readonly fingerprint: string;
  /** The fingerprint of its last successful run; undefined when it never succeeded. */
  readonly lastFingerprint: string | undefined;
  /** Whether every declared output still exists. */
  readonly outputsPresent: boolean;
}

/** A stage is skipped when nothing it depends on changed since it last succeeded and its outputs are there. */
export function stageUnchanged(check: StageCheck, force: boolean): boolean {
  return !force && check.lastFingerprint !== undefined && check.lastFingerprint === check.fingerprint && check.outputsPresent;
}

/**
 * As DVC's `repro`: when every selected stage would be skipped there is nothing to run, and no
 * run is recorded (an all-skipped run would only fill the tree with empty runs). `--force`
 * always runs.
 */
export function nothingToRun(checks: readonly StageCheck[], force: boolean): boolean {
  return !force && checks.every((check) => stageUnchanged(check, force));
}

/** The sentence the CLI and the editor show instead of recording an all-skipped run (no final period). */
export function upToDateText(stage?: string): string {
  return stage ? `Stage ${stage} and its upstream are up to date: nothing to run` : 'Pipeline is up to date: nothing to run';
}
