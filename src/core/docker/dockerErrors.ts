/** Why a Docker plan could not be made; callers branch on `code`, never on the message. */
export type DockerPlanErrorCode = 'path-outside-context' | 'no-model-module' | 'bad-port' | 'bad-body-limit';

export class DockerPlanError extends Error {
  constructor(readonly code: DockerPlanErrorCode, message: string) {
    super(message);
    this.name = 'DockerPlanError';
  }
}
