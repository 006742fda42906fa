// Public types of the pipeline analysis. Offsets are UTF-16 offsets into the text they refer to
// (a JavaScript string index), ranges are end-exclusive.

export type Severity = 'error' | 'warning' | 'info';

export interface TextRange {
  start: number;
  end: number;
}

/** An edit to the pipeline text, or to the params file text when `target` is 'params'. */
export interface TextEdit {
  target: 'pipeline' | 'params';
  range: TextRange;
  newText: string;
}

export interface QuickFix {
  title: string;
  edits: TextEdit[];
  preferred?: boolean;
}

export interface RelatedInformation {
  message: string;
  range: TextRange;
}

export interface PipelineDiagnostic {
  /** Stable identifier, listed in docs/pipeline.md; match on this, never on the message. */
  code: string;
  severity: Severity;
  message: string;
  range: TextRange;
  fixes?: QuickFix[];
  related?: RelatedInformation[];
}

export interface AnalyzeOptions {
  /** The params file's contents, if it exists; `path` is relative to the pipeline's folder. */
  params?: { text: string; path: string } | undefined;
  /** Whether a path (relative to the pipeline's folder) exists; absent = skip existence checks. */
  pathExists?: (relativePath: string) => boolean;
}

export interface StageSymbol {
  name: string;
  /** From the start of the stage's name to the end of its body. */
  range: TextRange;
  nameRange: TextRange;
  deps: string[];
  outs: string[];
  needs: string[];
  /** The stage's `metrics` and `logs` files, when set; they are outputs too. */
  metrics?: string;
  logs?: string;
  /** Stages this one runs after: its `needs`, the producers of its deps and `${x.outs}` references. */
  upstream: string[];
}

export type MetricGoal = 'maximize' | 'minimize';
export type GateOperator = '>=' | '>' | '<=' | '<' | '==' | '!=';

export interface GateModel {
  metric: string;
  op: GateOperator;
  value: number;
  range: TextRange;
}

export type SearchDistribution =
  | { distribution: 'uniform' | 'log_uniform' | 'int_uniform'; min: number; max: number }
  | { choice: unknown[] };

export interface StageModel {
  name: string;
  description?: string;
  /** A string runs via `sh -c`; a list is an argv. Interpolations are left as written. */
  cmd: string | string[];
  deps: string[];
  params: string[];
  outs: string[];
  logs?: string;
  metrics?: string;
  needs: string[];
  env: Record<string, string>;
  workdir?: string;
}

/**
 * The pipeline as plain values, read leniently: a value with the wrong type is left out (the
 * diagnostics say why), so consumers can use what is valid while the user is typing.
 */
export interface PipelineModel {
  name?: string;
  paramsFile: string;
  metrics?: { primary?: string; goal?: MetricGoal };
  stages: StageModel[];
  sweep?: {
    matrix?: Record<string, unknown[]>;
    search?: { samples?: number; seed?: number; params: Record<string, SearchDistribution> };
    parallel?: number;
  };
  gates: GateModel[];
  model?: { name?: string; path?: string; flavor?: string; module?: string; example?: string };
  docker?: { base?: string; requirements?: string; serve?: string; port?: number; maxBodyBytes?: number };
  deploy?: { target?: string; port?: number; strategy?: string; weight?: number };
  monitor?: { reference?: string; live?: string; method?: string; threshold?: number; pValue?: number; correction?: string; output?: string };
}
