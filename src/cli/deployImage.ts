// The image `mlops deploy` rolls out when no --image is given: the run's image `<model>:run-<id>`
// (or a registered version's `<model>:<version>`), built by dockerize() when the engine does not
// have it. The gates are checked first: a failing run or version is refused unless
// --override-gates comes with a reason.
import { planImageTag } from '../core/docker/imageLabels';
import type { DeployableRun } from '../node/docker/deployableRun';
import type { DockerEngine } from '../node/docker/engineClient';
import type { CliIo } from './cliCommand';
import { dockerApi, errorNamed } from './dockerBundle';
import { CommandExit, EXIT } from './dockerCliSupport';

export interface GateRequest {
  pipelineFile: string;
  runRef?: string;
  overrideGates: boolean;
  /** Required with overrideGates; written out, for the audit trail. */
  reason?: string;
  io: CliIo;
  /** A run this workspace does not know (an image built elsewhere) is not checked, only noted. */
  unknownRunOk?: boolean;
}

export interface BuildRequest extends GateRequest {
  engine: DockerEngine;
  base?: string;
}

/** The run (named, or the latest that passes), refused when it fails its gates unless overridden. */
export async function checkRunGates(request: GateRequest & { unknownRunOk: true }): Promise<DeployableRun | undefined>;
export async function checkRunGates(request: GateRequest): Promise<DeployableRun>;
export async function checkRunGates(request: GateRequest): Promise<DeployableRun | undefined> {
  const docker = dockerApi();
  try {
    const resolved = await docker.resolveDeployableRun(request.pipelineFile, request.runRef);
    const { run, gates, registered } = resolved;
    if (!gates.passed) {
      const failing = docker.describeFailingGates(gates.failing);
      const what = registered ? `${registered.model}:${registered.version} (run ${run.id})` : `Run ${run.id}`;
      if (!request.overrideGates) throw new CommandExit(EXIT.failed, `${what} fails its gates: ${failing}; deploy it anyway with --override-gates --reason "…".`);
      request.io.err(`${what} fails its gates (${failing}); deploying it anyway. Reason given: ${request.reason ?? ''}\n`);
    }
    return resolved;
  } catch (error) {
    if (errorNamed(error, 'DockerizeError') && error.code === 'no-run' && request.unknownRunOk) {
      request.io.err(`The image's run ${request.runRef ?? ''} is not recorded here, so its gates are not checked.\n`);
      return undefined;
    }
    if (errorNamed(error, 'DockerizeError')) throw new CommandExit(BAD_INPUT.has(error.code ?? '') ? EXIT.usage : EXIT.failed, error.message);
    throw error;
  }
}

/** DockerizeError codes that are the caller's input (exit 2), as `mlops dockerize` has them. */
const BAD_INPUT = new Set(['invalid-pipeline', 'ambiguous-run', 'context']);

/** The tag of the run's (or registered version's) image, built when missing, and what it was made from. */
export async function buildForDeploy(request: BuildRequest): Promise<{ tag: string; resolved: DeployableRun }> {
  const docker = dockerApi();
  try {
    const resolved = await checkRunGates(request);
    const { run, pipeline, image, registered } = resolved;
    if (pipeline.model?.name) {
      const tag = planImageTag({ name: image.model, version: image.version });
      if (await imageExists(request.engine, tag)) return { tag, resolved };
    }
    request.io.err(`Building the image of ${registered ? `${registered.model}:${registered.version}` : `run ${run.id}`} (mlops dockerize).\n`);
    const built = await docker.dockerize({
      engine: request.engine, pipelineFile: request.pipelineFile, runRef: registered ? `${registered.model}:${registered.version}` : run.id, ...(request.base ? { base: request.base } : {}),
      onEvent: (_line, progress) => { if (progress) request.io.err(`[${progress.step}/${progress.total}] ${progress.instruction}\n`); },
    });
    return { tag: built.tag, resolved };
  } catch (error) {
    if (errorNamed(error, 'DockerizeError')) throw new CommandExit(BAD_INPUT.has(error.code ?? '') ? EXIT.usage : EXIT.failed, error.message);
    throw error;
  }
}

async function imageExists(engine: DockerEngine, tag: string): Promise<boolean> {
  const docker = dockerApi();
  try {
    await docker.engineCall(engine, `inspect the image ${tag}`, { timeoutMs: docker.shortCallMs }, () => engine.docker.getImage(tag).inspect());
    return true;
  } catch (error) {
    if (errorNamed(error, 'EngineError') && error.code === 'not-found') return false;
    throw error;
  }
}
