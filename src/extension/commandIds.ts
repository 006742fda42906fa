/** Every command id the extension registers, declared once; package.json must list the same set. */
export const CommandIds = {
  showLogs: 'mlops.showLogs',
  refreshExperiments: 'mlops.experiments.refresh',
  refreshModels: 'mlops.models.refresh',
  refreshDeployments: 'mlops.deployments.refresh',
} as const;

/** View ids, matching `contributes.views` in package.json. */
export const ViewIds = {
  experiments: 'mlops.experiments',
  models: 'mlops.models',
  deployments: 'mlops.deployments',
} as const;
