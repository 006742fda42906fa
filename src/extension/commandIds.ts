/** Every command id the extension registers, declared once; package.json must list the same set. */
export const CommandIds = {
  showLogs: 'mlops.showLogs',
  refreshExperiments: 'mlops.experiments.refresh',
  refreshModels: 'mlops.models.refresh',
  modelCopyUri: 'mlops.models.copyUri',
  modelRevealArtifact: 'mlops.models.revealArtifact',
  modelSetAlias: 'mlops.models.setAlias',
  modelCompareWith: 'mlops.models.compareWith',
  modelDeploy: 'mlops.models.deploy',
  modelShowAuditTrail: 'mlops.models.showAuditTrail',
  registerModel: 'mlops.runs.registerModel',
  refreshDeployments: 'mlops.deployments.refresh',
  runPipeline: 'mlops.runs.runPipeline',
  runPipelineForce: 'mlops.runs.runPipelineForce',
  runStage: 'mlops.runs.runStage',
  runSweep: 'mlops.runs.runSweep',
  rerunWithParams: 'mlops.runs.rerunWithParams',
  cancelRun: 'mlops.runs.cancel',
  compareRuns: 'mlops.runs.compare',
  runShowLogs: 'mlops.runs.showLogs',
  runRerun: 'mlops.runs.rerun',
  runRerunWithParams: 'mlops.runs.rerunRunWithParams',
  runRename: 'mlops.runs.rename',
  runTag: 'mlops.runs.tag',
  runNote: 'mlops.runs.note',
  runStar: 'mlops.runs.star',
  runUnstar: 'mlops.runs.unstar',
  runDelete: 'mlops.runs.delete',
  runCopyParams: 'mlops.runs.copyParams',
  runRevealArtifacts: 'mlops.runs.revealArtifacts',
  runRestoreCode: 'mlops.runs.restoreCode',
  showMoreRuns: 'mlops.experiments.showMore',
  filterRuns: 'mlops.experiments.filter',
  sortRuns: 'mlops.experiments.sort',
  createPipeline: 'mlops.pipeline.create',
  openPipelineDocs: 'mlops.pipeline.openDocs',
  dockerize: 'mlops.docker.dockerize',
  configureEngine: 'mlops.docker.configure',
  showDockerLogs: 'mlops.docker.showLogs',
  deploy: 'mlops.deploy.deploy',
  openEndpoint: 'mlops.deploy.openEndpoint',
  sendTestRequest: 'mlops.deploy.sendTestRequest',
  showContainerLogs: 'mlops.deploy.showLogs',
  promote: 'mlops.deploy.promote',
  rollback: 'mlops.deploy.rollback',
  stopDeployment: 'mlops.deploy.stop',
  checkDrift: 'mlops.monitor.checkDrift',
} as const;

/** Context keys for `when` clauses, matching package.json. */
export const ContextKeys = {
  runActive: 'mlops.runActive',
  /** The workspace holds an mlops.yaml or *.mlops.yaml. */
  hasPipeline: 'mlops.hasPipeline',
} as const;

/** View ids, matching `contributes.views` in package.json. */
export const ViewIds = {
  experiments: 'mlops.experiments',
  models: 'mlops.models',
  deployments: 'mlops.deployments',
} as const;
