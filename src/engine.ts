// The heavy half of the extension, bundled on its own as dist/engine.js and loaded on first
// use (src/extension/engine.ts): the pipeline checker with its YAML parser and schema, the run
// store, the runner and git. Activation then loads only the thin VS Code glue.
export { analyzePipeline, completionsAt, hoverAt, paramsFileOf, PipelineAnalyzer } from './core/pipeline/analyze';
export { diffRunCode, restoreRunCode } from './node/git/gitSnapshot';
export { loadPipeline } from './node/runner/loadPipeline';
export { runInWorkspace } from './node/runner/workspaceRuns';
export { ImportedRuns } from './node/runs/importedRuns';
export { RunStore } from './node/runs/runStore';
export { readMlflowRegistry } from './node/registry/mlflowRegistry';
export { registerRun } from './node/registry/registerRun';
export { registryDir } from './node/registry/registryLayout';
export { verifyAuditLog } from './node/registry/auditLog';
export { lookupModelRef, looksLikeModelRef } from './node/registry/modelRefLookup';
export { listOwnModels, readVersions, setModelAlias } from './node/registry/registryStore';
export { whoAmI } from './node/registry/whoAmI';
export { findImportSources } from './node/runs/importedRuns';
export { runDriftCheck } from './node/monitor/driftCheck';
export { resolveSettings as resolveDriftSettings } from './core/monitor/driftReport';
