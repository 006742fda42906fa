/** Why the runner refused or stopped; callers branch on `code`, never on the message. */
export type RunnerErrorCode =
  | 'unknown-stage'
  | 'cycle'
  | 'missing-param'
  | 'unknown-interpolation'
  | 'bad-override'
  | 'no-sweep'
  | 'invalid-pipeline'
  | 'untrusted';

export class RunnerError extends Error {
  constructor(readonly code: RunnerErrorCode, message: string) {
    super(message);
    this.name = 'RunnerError';
  }
}
