import type { BuildOutcome } from '../../core/docker/buildProgress';

/** Why dockerize could not produce an image; callers branch on `code`, never on the message. */
export type DockerizeErrorCode =
  | 'invalid-pipeline' // the pipeline cannot be read or lacks what an image needs
  | 'no-run' // no run matches, or none is deployable
  | 'ambiguous-run' // a prefix matches several runs
  | 'model-changed' // the model file is not the one the run produced
  | 'context' // a file the Dockerfile copies is missing or ignored
  | 'no-server' // the shipped server could not be found next to the bundle
  | 'build-failed'; // the engine ran the build and a step failed

/**
 * A dockerize failure: `message` is the one sentence the user sees; `detail` (the build log's
 * last lines) goes to the log. Engine failures stay EngineErrors (code `no-engine`, `timeout`, …).
 */
export class DockerizeError extends Error {
  constructor(readonly code: DockerizeErrorCode, message: string, readonly detail?: string, readonly build?: Extract<BuildOutcome, { ok: false }>) {
    super(message);
    this.name = 'DockerizeError';
  }
}
