// The image `mlops deploy` rolls out when no --image is given: built from the run by dockerize()
// (src/node/docker/dockerize.ts, which also checks the run's gates).
import type { DockerEngine } from '../node/docker/engineClient';
import type { CliIo } from './cliCommand';
import { CommandExit, EXIT } from './dockerCliSupport';

export interface BuildRequest {
  engine: DockerEngine;
  pipelineFile: string;
  runRef?: string;
  base?: string;
  overrideGates: boolean;
  io: CliIo;
}

/** Builds the run's image and returns its tag. */
export function buildForDeploy(request: BuildRequest): Promise<string> {
  void request;
  return Promise.reject(new CommandExit(EXIT.usage, 'building the image from the run is not available yet: build it and give --image TAG.'));
}
