// The pipeline checker: parse (yamlDocument.ts), check against the schema
// (schemaValidator.ts), check what spans values (semantics.ts), and hand back diagnostics, stage
// symbols and the pipeline model. It never throws: whatever the bytes, the answer is diagnostics.
import { ParamsIndex } from './paramsIndex';
import { pipelineSchema } from './schema';
import { validateAgainstSchema } from './schemaValidator';
import type { ValidationMemo } from './schemaValidator';
import { checkSemantics, DEFAULT_PARAMS_FILE } from './semantics';
import type { StageFactsCache, StageListCache } from './semantics';
import type { StageGraph } from './stageGraph';
import type { AnalyzeOptions, PipelineDiagnostic, PipelineModel, StageSymbol } from './types';
import { ChunkedYamlParser } from './yamlDocument';
import type { TextChange } from './yamlDocument';
import type { YNode } from './yamlNodes';

export interface PipelineAnalysis {
  /** Sorted by position; at most MAX_DIAGNOSTICS, then one 'too-many-problems'. */
  diagnostics: PipelineDiagnostic[];
  /** One per stage, in file order (built on first access). */
  readonly stages: StageSymbol[];
  /** The params file named by the pipeline, relative to its folder ('params.yaml' by default). */
  paramsFile: string;
  /** The pipeline as plain values; wrongly typed values are left out (built on first access). */
  readonly model: PipelineModel;
  /**
   * The ranged YAML tree (null for an empty document). With a PipelineAnalyzer it is shared with
   * the analyzer's caches and valid only until its next analyze() call.
   */
  root: YNode | null;
}

/** More than this many problems are summarised: nobody reads them, and editors slow down. */
export const MAX_DIAGNOSTICS = 1000;

/** Checks a pipeline once. For re-checking as the user types, keep a PipelineAnalyzer. */
export function analyzePipeline(text: string, options?: AnalyzeOptions): PipelineAnalysis {
  return new PipelineAnalyzer(false).analyze(text, options);
}

/**
 * Checks one document again and again, reusing what did not change: unchanged stages are neither
 * re-parsed nor re-validated, and an unchanged params file is not re-read.
 */
export class PipelineAnalyzer {
  private readonly parser: ChunkedYamlParser;
  private params: { text: string; index: ParamsIndex } | undefined;
  private readonly memo: ValidationMemo | undefined;
  private readonly facts: StageFactsCache | undefined;
  private readonly graph: { graph?: StageGraph } | undefined;
  private readonly stageList: StageListCache | undefined;

  /** `incremental` false reads each text from scratch, which is faster for a single call. */
  constructor(incremental = true) {
    this.parser = new ChunkedYamlParser('stages', incremental);
    // The schema every stage is checked against (as written in the schema, before $ref resolution).
    const stagesSchema = pipelineSchema.properties?.['stages'];
    const entry = stagesSchema && typeof stagesSchema.additionalProperties === 'object' ? stagesSchema.additionalProperties : undefined;
    this.memo = incremental && entry ? { target: entry, cache: new WeakMap() } : undefined;
    this.facts = incremental ? new WeakMap() : undefined;
    this.graph = incremental ? {} : undefined;
    this.stageList = incremental ? {} : undefined;
  }

  /**
   * Checks `text`. `changes`, when given, are the edits that turned the text of the previous call
   * into this one (as the editor reports them): the analyzer then knows what is unchanged without
   * comparing the texts. The answer is the same with or without them.
   */
  analyze(text: string, options: AnalyzeOptions = {}, changes?: readonly TextChange[]): PipelineAnalysis {
    try {
      return this.analyzeUnchecked(text, options, changes);
    } catch (error) {
      // A bug must not take the editor's checking down with it: report it where it is seen. What
      // the parser remembers may be half updated, and later changes would be read against it.
      this.parser.reset();
      const message = error instanceof Error ? error.message : String(error);
      const lineEnd = text.indexOf('\n');
      return {
        diagnostics: [{ code: 'internal-error', severity: 'error', message: `The pipeline checker failed on this file (${message}). Please report it.`, range: { start: 0, end: lineEnd < 0 ? text.length : lineEnd } }],
        stages: [],
        paramsFile: DEFAULT_PARAMS_FILE,
        model: { paramsFile: DEFAULT_PARAMS_FILE, stages: [], gates: [] },
        root: null,
      };
    }
  }

  private analyzeUnchecked(text: string, options: AnalyzeOptions, changes: readonly TextChange[] | undefined): PipelineAnalysis {
    const parsed = this.parser.parse(text, changes);
    const diagnostics: PipelineDiagnostic[] = parsed.problems.map((p) => ({ code: p.code, severity: p.severity, message: p.message, range: { ...p.range } }));
    const root = parsed.root;
    if (!root) {
      if (!diagnostics.some((d) => d.severity === 'error')) {
        diagnostics.push({ code: 'empty-pipeline', severity: 'error', message: "The pipeline is empty: add a 'stages' section (see docs/pipeline.md).", range: { start: 0, end: 0 } });
      }
    } else if (root.kind !== 'map') {
      const lineEnd = text.indexOf('\n', root.start);
      const end = lineEnd < 0 || lineEnd > root.end ? root.end : lineEnd;
      diagnostics.push({ code: 'wrong-type', severity: 'error', message: `A pipeline must be a mapping of keys such as 'stages', not ${root.kind === 'seq' ? 'a list' : 'a single value'}.`, range: { start: root.start, end: Math.max(end, root.start) } });
    } else {
      diagnostics.push(...validateAgainstSchema(text, root, pipelineSchema, this.memo));
    }
    const semantic = checkSemantics({
      text,
      root,
      params: options.params ? this.paramsIndex(options.params.text) : undefined,
      paramsPath: options.params?.path,
      pathExists: options.pathExists,
      ...(this.facts ? { factsCache: this.facts } : {}),
      ...(this.graph ? { graphCache: this.graph } : {}),
      ...(this.stageList ? { stageListCache: this.stageList } : {}),
    });
    diagnostics.push(...semantic.diagnostics);
    return {
      diagnostics: finish(diagnostics, text.length),
      paramsFile: semantic.paramsFile,
      root,
      // Built on first access (the checker itself does not need them).
      get stages() {
        return semantic.stages;
      },
      get model() {
        return semantic.model;
      },
    };
  }

  private paramsIndex(text: string): ParamsIndex {
    if (this.params?.text !== text) this.params = { text, index: new ParamsIndex(text, new ChunkedYamlParser(undefined, false)) };
    return this.params.index;
  }
}

/** Clamps, de-duplicates (aliases repeat the same node) and sorts, then caps the list. */
function finish(diagnostics: PipelineDiagnostic[], length: number): PipelineDiagnostic[] {
  const seen = new Set<string>();
  const out: PipelineDiagnostic[] = [];
  for (const d of diagnostics) {
    d.range.start = Math.max(0, Math.min(d.range.start, length));
    d.range.end = Math.max(d.range.start, Math.min(d.range.end, length));
    const key = `${d.code}\u0000${d.range.start}\u0000${d.range.end}\u0000${d.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(d);
  }
  out.sort((a, b) => a.range.start - b.range.start || a.range.end - b.range.end || a.code.localeCompare(b.code));
  if (out.length <= MAX_DIAGNOSTICS) return out;
  const kept = out.slice(0, MAX_DIAGNOSTICS);
  const last = kept[kept.length - 1]!;
  kept.push({ code: 'too-many-problems', severity: 'info', message: `${out.length - MAX_DIAGNOSTICS} more problems are not shown; fix the ones above first.`, range: { ...last.range } });
  return kept;
}

/**
 * The params file a pipeline names, read from its top-level `params:` line without analysing
 * the pipeline: lets the editor load the params file before the one analysis of a keystroke.
 * `analysis.paramsFile` is the authority; this agrees with it for any ordinary pipeline.
 */
export function paramsFileOf(text: string): string {
  const match = /^params[ \t]*:[ \t]*("[^"\n]*"|'[^'\n]*'|[^#\n]*?)[ \t]*(?:#.*)?\r?$/m.exec(text);
  const value = match?.[1]?.replace(/^(["'])(.*)\1$/, '$2').trim();
  return value ? value : DEFAULT_PARAMS_FILE;
}
