// The public face of the pipeline checker: everything the editor, the CLI and the runner use,
// from one module. The work happens in the modules re-exported here.
export { analyzePipeline, PipelineAnalyzer, MAX_DIAGNOSTICS, paramsFileOf } from './pipelineAnalyzer';
export type { PipelineAnalysis } from './pipelineAnalyzer';
export type {
  AnalyzeOptions, GateModel, GateOperator, MetricGoal, PipelineDiagnostic, PipelineModel, QuickFix, RelatedInformation,
  SearchDistribution, Severity, StageModel, StageSymbol, TextEdit, TextRange,
} from './types';
export { LineIndex } from './lineIndex';
export type { TextChange } from './yamlDocument';
export { completionsAt } from './completion';
export type { PipelineCompletion } from './completion';
export { hoverAt } from './hover';
export { DIAGNOSTIC_CODES } from './diagnosticCodes';
