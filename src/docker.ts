// The Docker adapter, bundled on its own as dist/docker.js (dockerode, its modem, ssh2 and the
// tar writer) and required the first time a Docker feature is used, like dist/engine.js:
// activation never pays for it. Errors are matched by `name` and `code` across bundles.
export { resolveEngineEndpoint, EngineEndpointError } from './core/docker/engineEndpoint';
export type { EngineEndpoint, EngineSource, EngineTls } from './core/docker/engineEndpoint';
export { connectEngine, engineCall, openEngine, pingEngine, resolveSystemEndpoint, shortCallMs } from './node/docker/engineClient';
export type { CallLimits, DockerEngine, EngineOptions, PingResult } from './node/docker/engineClient';
export { EngineError } from './node/docker/engineErrors';
export type { EngineErrorCode } from './node/docker/engineErrors';
export { BuildError, buildImage } from './node/docker/imageBuilder';
export type { BuildEvent, BuildOptions, BuiltImage } from './node/docker/imageBuilder';
export type { TarFile } from './node/docker/contextTar';
export {
  inspectContainer, listContainers, removeContainer, removeContainersByLabel, removeImagesByLabel, runContainer,
  stopContainer, waitUntilReady,
} from './node/docker/containers';
export type { ContainerInfo, HealthcheckOverride, LabelFilter, ReadyOptions, RunContainerOptions, StartedContainer } from './node/docker/containers';
export { copyFileIntoContainer, copyFilesOutOfContainer, execInContainer, streamLogs } from './node/docker/containerIo';
export type { ExecResult, LogOptions, LogSource, LogStream } from './node/docker/containerIo';
export { DEFAULT_ROUTER_IMAGE, DeployError, deploy, listDeployments, promote, readDeployment, rollback, routerImageFor, sendTestRequest, shadowDisagreement, undeploy } from './node/deploy/deployer';
export type { ChangeOptions, DeployOptions, DeployResult } from './node/deploy/deployer';
export { chooseBase, dockerize, resolveDeployableRun } from './node/docker/dockerize';
export type { BuildStepProgress, DockerizeOptions, DockerizeResult } from './node/docker/dockerize';
export { DockerizeError } from './node/docker/dockerizeError';
export type { DockerizeErrorCode } from './node/docker/dockerizeError';
export type { DeployableRun } from './node/docker/deployableRun';
export { checkGates, describeFailingGates } from './core/deploy/gateCheck';
export type { FailingGate, GateInput, GateResult } from './core/deploy/gateCheck';
