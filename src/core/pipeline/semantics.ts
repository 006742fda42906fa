// Checks that span more than one value: references between stages, the dependency graph, params
// against the params file, files on disk, sweeps, gates and deployment. Also builds the stage
// symbols and the plain pipeline model, lazily. Values with the wrong type are skipped here; the
// schema check reports them.
//
// Facts about a stage refer to its parsed nodes rather than copying values and ranges: cached
// nodes keep their ranges current as the text around them changes (yamlDocument.ts), so cached
// facts stay right, and a full check allocates little beyond the parse itself.
import { parseGate } from './gates';
import type { ParamsIndex } from './paramsIndex';
import { normalizePath } from './paths';
import { StageGraph } from './stageGraph';
import type { Coord, GraphStage } from './stageGraph';
import type {
  AnalyzeOptions, GateModel, PipelineDiagnostic, PipelineModel, QuickFix, SearchDistribution, StageModel, StageSymbol, TextRange,
} from './types';
import { insertKeyInMap } from './yamlEdits';
import { getPair, getValue, numberValue, stringValue, toPlain } from './yamlNodes';
import type { YMap, YNode, YPair, YScalar } from './yamlNodes';

export const DEFAULT_PARAMS_FILE = 'params.yaml';

/** A string scalar (list items, file names): its value is a string. */
type StringNode = YScalar & { value: string };

/** `${...}` inside a cmd string: `from`/`to` are offsets from the start of its node. */
interface Interpolation {
  node: YScalar;
  from: number;
  to: number;
  /** The params key, stage name, or the text for a bad reference. */
  value: string;
}

/** What makes one stage run after another, for messages and ranges. */
type Cause = StringNode | Interpolation;

/** What a stage says, read once per parsed stage (cached by an incremental analyzer). */
export interface StageFacts {
  pair: YPair;
  deps: readonly StringNode[];
  /** outs, then logs and metrics: every path the stage writes. */
  writes: readonly StringNode[];
  outCount: number;
  needs: readonly StringNode[];
  params: readonly StringNode[];
  cmdParams: readonly Interpolation[];
  stageRefs: readonly Interpolation[];
  badRefs: readonly { ref: Interpolation; message: string }[];
  metrics: string | undefined;
  logs: string | undefined;
  /** Built on first use. */
  model: StageModel | undefined;
  /** The params references this stage makes that `checkedAgainst` lacks, kept between runs. */
  checkedAgainst: ParamsIndex | undefined;
  paramMisses: readonly ParamMiss[];
  /** Built on first use. */
  graph: GraphStage | undefined;
  /** Deps and writes that point outside the pipeline's folder (a warning each). */
  outside: readonly StringNode[];
}

/** A params reference missing from the params file. */
interface ParamMiss {
  key: string;
  cause: Cause;
  shown: string;
  blockedBy: string | undefined;
}

export type StageFactsCache = WeakMap<YPair, StageFacts>;

/**
 * The last run's stage list, for an incremental analyzer: while the stage names are the same, in
 * the same order, which entries count (the first of each name) is the same too.
 */
export interface StageListCache {
  pairs?: readonly YPair[];
  list?: StageFacts[];
  /** Index in `pairs` of each entry of `list`. */
  from?: number[];
}

export interface SemanticResult {
  diagnostics: PipelineDiagnostic[];
  /** Computed on first access, from values captured during the check. */
  readonly stages: StageSymbol[];
  /** Computed on first access, from values captured during the check. */
  readonly model: PipelineModel;
  paramsFile: string;
}

export interface SemanticInput {
  text: string;
  root: YNode | null;
  /** undefined: the params file does not exist. */
  params: ParamsIndex | undefined;
  paramsPath: string | undefined;
  pathExists: AnalyzeOptions['pathExists'];
  /** Kept by an incremental analyzer between runs. */
  factsCache?: StageFactsCache;
  /** The last run's graph, reused while every stage's graph-relevant values are unchanged. */
  graphCache?: { graph?: StageGraph };
  /** Kept by an incremental analyzer between runs. */
  stageListCache?: StageListCache;
}

export function checkSemantics(input: SemanticInput): SemanticResult {
  return new SemanticChecker(input).run();
}

const EMPTY: readonly never[] = Object.freeze([]);

class SemanticChecker {
  private readonly out: PipelineDiagnostic[] = [];
  private readonly text: string;
  private readonly root: YMap | undefined;
  private stages: StageFacts[] = [];
  private graph: StageGraph | undefined;

  constructor(private readonly input: SemanticInput) {
    this.text = input.text;
    this.root = input.root?.kind === 'map' ? input.root : undefined;
  }

  run(): SemanticResult {
    const paramsFile = stringValue(getValue(this.root, 'params')) ?? DEFAULT_PARAMS_FILE;
    this.collectStages();
    this.checkGraph();
    this.checkInterpolations();
    this.checkParams();
    this.checkSweep();
    const gates = this.checkGates();
    this.checkDeployment();
    this.checkFiles();
    // Symbols and the model are for the outline, CodeLens and the runner, not for diagnostics:
    // build them when asked, from a snapshot of the positions they need.
    const symbols = this.symbolsLater();
    const model = this.modelLater(paramsFile, gates);
    let stagesValue: StageSymbol[] | undefined;
    let modelValue: PipelineModel | undefined;
    return {
      diagnostics: this.out,
      paramsFile,
      get stages(): StageSymbol[] {
        return (stagesValue ??= symbols());
      },
      get model(): PipelineModel {
        return (modelValue ??= model());
      },
    };
  }

  // ---- stages ----

  private collectStages(): void {
    const stagesNode = getValue(this.root, 'stages');
    const listCache = this.input.stageListCache;
    if (stagesNode?.kind !== 'map') {
      if (listCache) listCache.pairs = listCache.list = listCache.from = undefined;
      return;
    }
    const pairs = stagesNode.pairs;
    if (listCache && this.reuseStageList(pairs, listCache)) return;
    const seen = new Set<string>();
    const from: number[] = [];
    for (let i = 0; i < pairs.length; i++) {
      const pair = pairs[i]!;
      if (seen.has(pair.key)) continue; // duplicate names are a schema error
      seen.add(pair.key);
      this.stages.push(this.factsOf(pair));
      from.push(i);
    }
    if (listCache) {
      listCache.pairs = pairs;
      listCache.list = this.stages;
      listCache.from = from;
    }
  }

  /** Takes the last run's list when the names are unchanged; only edited stages are read again. */
  private reuseStageList(pairs: readonly YPair[], cache: StageListCache): boolean {
    const before = cache.pairs;
    if (!before || !cache.list || !cache.from || before.length !== pairs.length) return false;
    for (let i = 0; i < pairs.length; i++) if (before[i] !== pairs[i] && before[i]!.key !== pairs[i]!.key) return false;
    const list = cache.list.slice();
    const from = cache.from;
    for (let k = 0; k < list.length; k++) {
      const pair = pairs[from[k]!]!;
      if (list[k]!.pair !== pair) list[k] = this.factsOf(pair);
    }
    this.stages = list;
    cache.pairs = pairs;
    cache.list = list;
    return true;
  }

  private factsOf(pair: YPair): StageFacts {
    const cache = this.input.factsCache;
    let facts = cache?.get(pair);
    if (!facts) {
      facts = stageFacts(this.text, pair);
      cache?.set(pair, facts);
    }
    return facts;
  }

  // ---- the graph ----

  private checkGraph(): void {
    const graphStages = this.stages.map(graphStageOf);
    const cache = this.input.graphCache;
    const graph = cache?.graph?.matches(graphStages) ? cache.graph : new StageGraph(graphStages, cache !== undefined);
    if (cache) cache.graph = graph;
    this.graph = graph;
    for (const problem of graph.problems) {
      const cause = this.causeAt(problem.at);
      const range = causeRange(cause);
      const related = problem.related?.map((r) => ({ message: r.message, range: causeRange(this.causeAt(r.at)) }));
      let fixes: QuickFix[] | undefined;
      if (problem.suggestions && problem.suggestions.length > 0) {
        const nameRange = 'node' in cause ? this.interpolationNameRange(cause) : range;
        fixes = problem.suggestions.map((name, i) => {
          const fix: QuickFix = { title: `Change to '${name}'`, edits: [{ target: 'pipeline', range: nameRange, newText: name }] };
          if (i === 0) fix.preferred = true;
          return fix;
        });
      }
      this.report(problem.code, problem.severity, range, problem.message, fixes, related);
    }
  }

  /** The node or interpolation a graph coordinate names, in this run's text. */
  private causeAt(at: Coord): Cause {
    const facts = this.stages[at.stage]!;
    switch (at.list) {
      case 'deps': return facts.deps[at.index]!;
      case 'writes': return facts.writes[at.index]!;
      case 'needs': return facts.needs[at.index]!;
      case 'stageRefs': return facts.stageRefs[at.index]!;
    }
  }

  /** The stage name inside `${name.outs}`. */
  private interpolationNameRange(ref: Interpolation): TextRange {
    const at = interpolationRange(ref);
    const start = at.start + 2 + leadingSpaces(this.text, at.start + 2);
    return { start, end: start + ref.value.length };
  }

  private checkInterpolations(): void {
    for (const facts of this.stages) for (const { ref, message } of facts.badRefs) this.report('bad-interpolation', 'error', interpolationRange(ref), message);
  }

  // ---- params ----

  private checkParams(): void {
    const sweepKeys = this.sweepKeys();
    let first: TextRange | undefined;
    for (const f of this.stages) {
      const p = f.params[0];
      const c = f.cmdParams[0];
      if (p || c) {
        first = p && (!c || p.start < interpolationRange(c).start) ? rangeOf(p) : interpolationRange(c!);
        break;
      }
    }
    if (!first && sweepKeys.length === 0) return;
    const params = this.input.params;
    if (!params) {
      this.missingParamsFile(first, sweepKeys);
      return;
    }
    const paramsFile = this.input.paramsPath ?? DEFAULT_PARAMS_FILE;
    if (!params.usable) {
      const problem = params.problems[0]!;
      const at = this.paramsAnchor(first ?? sweepKeys[0]?.range);
      const line = params.text.slice(0, problem.range.start).split('\n').length;
      this.report('params-file-invalid', 'error', at, `${paramsFile} cannot be read (line ${line}: ${problem.message.replace(/\.$/, '')}), so params references are not checked.`);
      return;
    }
    for (const facts of this.stages) {
      if (facts.checkedAgainst !== params) {
        // Look the stage's keys up once per params file; an unchanged stage replays the result.
        let misses: ParamMiss[] | undefined;
        for (const node of facts.params) misses = this.lookupParam(params, node.value, node, false, misses);
        for (const ref of facts.cmdParams) misses = this.lookupParam(params, ref.value, ref, true, misses);
        facts.paramMisses = misses ?? EMPTY;
        facts.checkedAgainst = params;
      }
      for (const miss of facts.paramMisses) this.reportParamMiss(params, miss, paramsFile);
    }
    for (const { key, range, value } of sweepKeys) {
      const found = params.lookup(key);
      if (found.found) continue;
      const fixes = found.blockedBy ? [] : this.addParamFix(params, key, value, paramsFile);
      this.report('sweep-param-missing', 'error', range, `The sweep varies '${key}', which is not in ${paramsFile}.`, fixes);
    }
    this.checkSweepParamsUsed(sweepKeys);
  }

  /** `interpolated`: written as `${params.key}` in a command, else listed in `params`. */
  private lookupParam(params: ParamsIndex, key: string, cause: Cause, interpolated: boolean, misses: ParamMiss[] | undefined): ParamMiss[] | undefined {
    if (!PARAM_KEY.test(key)) return misses; // the schema reports malformed keys
    const found = params.lookup(key);
    if (found.found) return misses;
    const shown = interpolated ? `\${params.${key}}` : `'${key}'`;
    (misses ??= []).push({ key, cause, shown, blockedBy: found.blockedBy });
    return misses;
  }

  private reportParamMiss(params: ParamsIndex, miss: ParamMiss, paramsFile: string): void {
    const { key, shown, blockedBy } = miss;
    const range = causeRange(miss.cause);
    if (blockedBy) {
      this.report('param-missing', 'error', range, `${shown}: '${blockedBy}' in ${paramsFile} is a value, not a section, so it has no '${key.slice(blockedBy.length + 1)}'.`);
      return;
    }
    this.report('param-missing', 'error', range, `${shown} is not in ${paramsFile}.`, this.addParamFix(params, key, 'null', paramsFile));
  }

  private addParamFix(params: ParamsIndex, key: string, valueText: string, paramsFile: string): QuickFix[] {
    const insertion = params.insertion(key, valueText);
    if (!insertion) return [];
    return [{ title: `Add '${key}: ${valueText}' to ${paramsFile}`, edits: [{ target: 'params', range: insertion.range, newText: insertion.newText }], preferred: true }];
  }

  private missingParamsFile(first: TextRange | undefined, sweepKeys: SweepKey[]): void {
    const paramsFile = stringValue(getValue(this.root, 'params')) ?? DEFAULT_PARAMS_FILE;
    const values = new Map<string, string>();
    for (const k of sweepKeys) if (!values.has(k.key)) values.set(k.key, k.value);
    for (const facts of this.stages) {
      for (const n of facts.params) if (!values.has(n.value) && PARAM_KEY.test(n.value)) values.set(n.value, 'null');
      for (const r of facts.cmdParams) if (!values.has(r.value) && PARAM_KEY.test(r.value)) values.set(r.value, 'null');
    }
    const keys = [...values.keys()];
    const at = this.paramsAnchor(first ?? sweepKeys[0]?.range);
    const fixes: QuickFix[] = keys.length > 0 ? [{
      title: `Create ${paramsFile} with the ${keys.length === 1 ? 'referenced key' : `${keys.length} referenced keys`}`,
      edits: [{ target: 'params', range: { start: 0, end: 0 }, newText: nestedYaml(values) }],
      preferred: true,
    }] : [];
    const shown = keys.slice(0, 3).join(', ') + (keys.length > 3 ? ', ...' : '');
    this.report('params-file-missing', 'error', at, `${paramsFile} does not exist, but the pipeline reads params from it (${shown}).`, fixes);
  }

  /** Where to report a problem with the params file: its `params:` value, else the first use. */
  private paramsAnchor(fallback: TextRange | undefined): TextRange {
    const pair = this.root ? getPair(this.root, 'params') : undefined;
    if (pair) return pair.value.kind === 'scalar' && !pair.value.implicit ? rangeOf(pair.value) : { start: pair.keyStart, end: pair.keyEnd };
    return fallback ? { start: fallback.start, end: fallback.end } : { start: 0, end: 0 };
  }

  // ---- sweep ----

  /** Keys the sweep varies, with a value to give them if they are added to the params file. */
  private sweepKeys(): SweepKey[] {
    const sweep = getValue(this.root, 'sweep');
    const keys: SweepKey[] = [];
    const matrix = getValue(sweep, 'matrix');
    if (matrix?.kind === 'map') {
      for (const pair of matrix.pairs) {
        const first = pair.value.kind === 'seq' ? pair.value.items[0] : undefined;
        keys.push({ key: pair.key, range: { start: pair.keyStart, end: pair.keyEnd }, value: first ? yamlValueText(this.text, first) : 'null' });
      }
    }
    const searchParams = getValue(getValue(sweep, 'search'), 'params');
    if (searchParams?.kind === 'map') {
      for (const pair of searchParams.pairs) {
        const min = getValue(pair.value, 'min');
        const choice = getValue(pair.value, 'choice');
        const sample = min ?? (choice?.kind === 'seq' ? choice.items[0] : undefined);
        keys.push({ key: pair.key, range: { start: pair.keyStart, end: pair.keyEnd }, value: sample ? yamlValueText(this.text, sample) : 'null' });
      }
    }
    return keys.filter((k) => PARAM_KEY.test(k.key));
  }

  private checkSweepParamsUsed(keys: SweepKey[]): void {
    for (const { key, range } of keys) {
      let used = false;
      // Read when a stage reads the key, a section holding it, or a key inside it.
      const covers = (read: string): boolean => read === key || key.startsWith(`${read}.`) || read.startsWith(`${key}.`);
      for (const facts of this.stages) {
        if (facts.params.some((n) => covers(n.value)) || facts.cmdParams.some((r) => covers(r.value))) {
          used = true;
          break;
        }
      }
      if (!used) this.report('sweep-param-unused', 'warning', range, `No stage reads '${key}' (through its params or \${params.${key}}), so sweeping it changes nothing.`);
    }
  }

  private checkSweep(): void {
    const pair = this.root ? getPair(this.root, 'sweep') : undefined;
    if (!pair || pair.value.kind !== 'map') return;
    const matrix = getPair(pair.value, 'matrix');
    const search = getPair(pair.value, 'search');
    if (matrix && search) {
      this.report('sweep-needs-one', 'error', { start: search.keyStart, end: search.keyEnd }, "A sweep has either 'matrix' or 'search', not both.");
    } else if (!matrix && !search) {
      this.report('sweep-needs-one', 'error', { start: pair.keyStart, end: pair.keyEnd }, "'sweep' needs a 'matrix' (every combination) or a 'search' (random samples).");
    }
    const params = search ? getValue(search.value, 'params') : undefined;
    if (params?.kind !== 'map') return;
    for (const p of params.pairs) {
      const distribution = stringValue(getValue(p.value, 'distribution'));
      const minNode = getValue(p.value, 'min');
      const maxNode = getValue(p.value, 'max');
      const min = numberValue(minNode);
      const max = numberValue(maxNode);
      if (min === undefined || max === undefined || !minNode || !maxNode) continue;
      if (min > max) this.report('sweep-bad-range', 'error', maxNode, `'max' (${max}) is below 'min' (${min}) for '${p.key}'.`);
      if (distribution === 'log_uniform' && min <= 0) this.report('sweep-bad-range', 'error', minNode, `A log_uniform distribution needs 'min' above 0, not ${min}.`);
      if (distribution === 'int_uniform') {
        for (const [node, value] of [[minNode, min], [maxNode, max]] as const) {
          if (!Number.isInteger(value)) this.report('sweep-bad-range', 'error', node, `An int_uniform distribution needs whole numbers, not ${value}.`);
        }
      }
    }
  }

  // ---- gates ----

  /** Reports malformed gates and returns the well-formed ones (with their ranges as of now). */
  private checkGates(): GateModel[] {
    const valid: GateModel[] = [];
    const gates = getValue(this.root, 'gates');
    if (gates?.kind !== 'seq') return valid;
    for (const item of gates.items) {
      if (item.kind !== 'scalar' || typeof item.value !== 'string' || item.value === '') continue;
      const result = parseGate(item.value);
      if (result.ok) {
        valid.push({ metric: result.metric, op: result.op, value: result.value, range: rangeOf(item) });
        continue;
      }
      // Point at the bad part when the value is written as-is (no escapes or folding).
      const offset = item.style === 'plain' ? 0 : item.style === 'block' ? -1 : 1;
      const exact = offset >= 0 && this.text.slice(item.start + offset, item.start + offset + item.value.length) === item.value;
      const range = exact && result.at ? { start: item.start + offset + result.at.start, end: item.start + offset + result.at.end } : rangeOf(item);
      const fixes: QuickFix[] = exact && result.fix ? [{ title: `Change to '${result.fix.text}'`, edits: [{ target: 'pipeline', range, newText: result.fix.text }], preferred: true }] : [];
      this.report('bad-gate', 'error', range, result.message, fixes);
    }
    return valid;
  }

  // ---- deployment ----

  private checkDeployment(): void {
    const root = this.root;
    if (!root) return;
    const deploy = getPair(root, 'deploy');
    if (!deploy) return;
    const keyRange = { start: deploy.keyStart, end: deploy.keyEnd };
    if (!getPair(root, 'docker')) this.report('deploy-needs-docker', 'error', keyRange, "'deploy' needs a 'docker' section that says how to build the serving image.");
    if (!getPair(root, 'model')) this.report('deploy-needs-model', 'error', keyRange, "'deploy' needs a 'model' section that says which model to serve.");
    const body = deploy.value;
    if (body.kind !== 'map') return;
    const strategy = getPair(body, 'strategy');
    const weight = getPair(body, 'weight');
    if (strategy && stringValue(strategy.value) === 'canary' && !weight) {
      const insertion = insertKeyInMap(this.text, body, 'weight', '10');
      this.report('canary-needs-weight', 'error', strategy.value, "A canary deployment needs 'weight': the percentage of traffic (1 to 99) the new version receives.", [
        { title: "Add 'weight: 10'", edits: [{ target: 'pipeline', range: insertion.range, newText: insertion.newText }], preferred: true },
      ]);
    }
    if (weight && (!strategy || stringValue(strategy.value) !== 'canary')) {
      this.report('weight-ignored', 'warning', { start: weight.keyStart, end: weight.keyEnd }, "'weight' only applies to 'strategy: canary' and is ignored here.");
    }
  }

  // ---- files on disk ----

  private checkFiles(): void {
    const exists = this.input.pathExists;
    // Worked out once per stage (stageFacts): an unchanged stage only replays its warnings.
    for (const facts of this.stages) for (const node of facts.outside) this.report('path-outside', 'warning', node, `'${node.value}' is outside the pipeline's folder; paths are relative to the folder holding the pipeline file.`);
    if (!exists) return;
    const graph = this.graph;
    if (graph) {
      // Only deps no stage writes can be missing.
      for (let k = 0; k < graph.unproducedStage.length; k++) {
        const node = this.stages[graph.unproducedStage[k]!]!.deps[graph.unproducedItem[k]!]!;
        this.checkExists(exists, node, 'dep-missing', true);
      }
    }
    const files: [string, string][] = [['model', 'path'], ['model', 'module'], ['model', 'example'], ['docker', 'requirements'], ['docker', 'serve'], ['monitor', 'reference']];
    for (const [section, key] of files) {
      const node = getValue(getValue(this.root, section), key);
      if (node?.kind === 'scalar' && typeof node.value === 'string' && node.value) this.checkExists(exists, node as StringNode, 'file-missing');
    }
  }

  /** `unproduced`: the graph already knows no stage writes it. */
  private checkExists(exists: (path: string) => boolean, node: StringNode, code: string, unproduced = false): void {
    const path = normalizePath(node.value);
    if (path === undefined || UNCHECKABLE.test(node.value) || (mayBeOutside(path) && isOutsidePath(path))) return;
    if (!unproduced && this.graph?.producerOf(path) !== undefined) return;
    if (!safeExists(exists, path)) this.report(code, 'warning', node, `'${node.value}' does not exist, and no stage writes it.`);
  }

  // ---- results, built on demand ----

  private symbolsLater(): () => StageSymbol[] {
    const stages = this.stages;
    // Positions now: cached nodes move when the analyzer next reads an edited text.
    const starts = stages.map((s) => s.pair.keyStart);
    const keyEnds = stages.map((s) => s.pair.keyEnd);
    const ends = stages.map((s) => Math.max(s.pair.keyEnd, s.pair.value.end));
    const graph = this.graph;
    return () => {
      const upstream = graph ? graph.upstream() : stages.map(() => []);
      return stages.map((s, i) => {
        const model = stageModelOf(s);
        const symbol: StageSymbol = {
          name: s.pair.key,
          range: { start: starts[i]!, end: ends[i]! },
          nameRange: { start: starts[i]!, end: keyEnds[i]! },
          deps: model.deps,
          outs: model.outs,
          needs: model.needs,
          upstream: upstream[i]!,
        };
        if (s.metrics !== undefined) symbol.metrics = s.metrics;
        if (s.logs !== undefined) symbol.logs = s.logs;
        return symbol;
      });
    };
  }

  private modelLater(paramsFile: string, gates: GateModel[]): () => PipelineModel {
    const root = this.root;
    const stages = this.stages;
    return () => {
      const model: PipelineModel = { paramsFile, stages: stages.map(stageModelOf), gates };
      try {
        fillModel(model, root);
      } catch {
        // A model is read leniently; a section that cannot be read is left out.
      }
      return model;
    };
  }

  private report(code: string, severity: PipelineDiagnostic['severity'], range: TextRange, message: string, fixes?: QuickFix[], related?: PipelineDiagnostic['related']): void {
    const d: PipelineDiagnostic = { code, severity, message, range: { start: range.start, end: range.end } };
    if (fixes && fixes.length > 0) d.fixes = fixes;
    if (related && related.length > 0) d.related = related;
    this.out.push(d);
  }
}

interface SweepKey {
  key: string;
  range: TextRange;
  /** YAML text for the key's value if it is added to the params file. */
  value: string;
}

const PARAM_KEY = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/;
/** Globs and interpolations: paths that cannot be looked up on disk as written. */
const UNCHECKABLE = /[*?[\]$]/;

function rangeOf(node: { start: number; end: number }): TextRange {
  return { start: node.start, end: node.end };
}

function interpolationRange(ref: Interpolation): TextRange {
  return { start: ref.node.start + ref.from, end: ref.node.start + ref.to };
}

function causeRange(cause: Cause): TextRange {
  return 'node' in cause ? interpolationRange(cause) : rangeOf(cause);
}

/** The stage as the graph sees it (cached on its facts): its lists, not copies of them. */
function graphStageOf(facts: StageFacts): GraphStage {
  return (facts.graph ??= { name: facts.pair.key, writes: facts.writes, deps: facts.deps, needs: facts.needs, stageRefs: facts.stageRefs, key: undefined });
}

/** Reads what a stage says, in one pass over its keys. */
function stageFacts(text: string, pair: YPair): StageFacts {
  const facts: StageFacts = {
    pair,
    deps: EMPTY, writes: EMPTY, outCount: 0, needs: EMPTY, params: EMPTY,
    cmdParams: EMPTY, stageRefs: EMPTY, badRefs: EMPTY,
    metrics: undefined, logs: undefined, model: undefined,
    checkedAgainst: undefined, paramMisses: EMPTY, graph: undefined, outside: EMPTY,
  };
  const body = pair.value;
  if (body.kind !== 'map') return facts;
  let outs: readonly StringNode[] = EMPTY;
  let logs: StringNode | undefined;
  let metrics: StringNode | undefined;
  const interpolations: Interpolations = { cmdParams: undefined, stageRefs: undefined, badRefs: undefined };
  for (const p of body.pairs) {
    const v = p.value;
    switch (p.key) {
      case 'deps': facts.deps = stringItems(v); break;
      case 'outs': outs = stringItems(v); break;
      case 'needs': facts.needs = stringItems(v); break;
      case 'params': facts.params = stringItems(v); break;
      case 'logs':
        logs = isString(v) && v.value ? v : undefined;
        facts.logs = isString(v) ? v.value : undefined;
        break;
      case 'metrics':
        metrics = isString(v) && v.value ? v : undefined;
        facts.metrics = isString(v) ? v.value : undefined;
        break;
      case 'cmd':
        if (isString(v)) scanNode(text, v, interpolations);
        else if (v.kind === 'seq') for (const item of v.items) if (isString(item)) scanNode(text, item, interpolations);
        break;
    }
  }
  facts.outCount = outs.length;
  // concat sizes the array once; spreading grows it item by item.
  if (logs && metrics) facts.writes = outs.concat(logs, metrics);
  else if (logs || metrics) facts.writes = outs.concat((logs ?? metrics)!);
  else facts.writes = outs;
  if (interpolations.cmdParams) facts.cmdParams = interpolations.cmdParams;
  if (interpolations.stageRefs) facts.stageRefs = interpolations.stageRefs;
  if (interpolations.badRefs) facts.badRefs = interpolations.badRefs;
  facts.outside = outsidePaths(facts.deps, facts.writes);
  return facts;
}

/** The deps, then the writes, whose paths leave the pipeline's folder. */
function outsidePaths(deps: readonly StringNode[], writes: readonly StringNode[]): readonly StringNode[] {
  const out = addOutside(addOutside(undefined, deps), writes);
  return out ?? EMPTY;
}

function addOutside(out: StringNode[] | undefined, list: readonly StringNode[]): StringNode[] | undefined {
  for (const node of list) {
    if (!mayBeOutside(node.value)) continue;
    const path = normalizePath(node.value);
    if (path !== undefined && isOutsidePath(path)) (out ??= []).push(node);
  }
  return out;
}

/**
 * Looks for `${` in the node's own text only (an unbounded indexOf per command would make a big
 * file quadratic) and without slicing it: most commands have none.
 */
function scanNode(text: string, node: YScalar, out: Interpolations): void {
  const last = node.end - 1;
  for (let i = node.start; i < last; i++) {
    if (text.charCodeAt(i) === 36 && text.charCodeAt(i + 1) === 123) {
      scanInterpolations(text.slice(node.start, node.end), node, out);
      return;
    }
  }
}

function isString(node: YNode): node is StringNode {
  return node.kind === 'scalar' && typeof node.value === 'string';
}

/** The non-empty string items of a list; the list's own array when all of them are. */
function stringItems(node: YNode): readonly StringNode[] {
  if (node.kind !== 'seq') return EMPTY;
  const items = node.items;
  let all = true;
  for (const item of items) {
    if (!isString(item) || item.value === '') {
      all = false;
      break;
    }
  }
  if (all) return items as StringNode[];
  return items.filter((item): item is StringNode => isString(item) && item.value !== '');
}

/** The stage as plain values (cached on its facts). */
function stageModelOf(facts: StageFacts): StageModel {
  if (facts.model) return facts.model;
  const pair = facts.pair;
  const body = pair.value;
  const values = (list: readonly StringNode[]): string[] => list.map((n) => n.value);
  const model: StageModel = {
    name: pair.key,
    cmd: '',
    deps: values(facts.deps),
    params: values(facts.params),
    outs: values(facts.writes.slice(0, facts.outCount)),
    needs: values(facts.needs),
    env: {},
  };
  if (facts.logs !== undefined) model.logs = facts.logs;
  if (facts.metrics !== undefined) model.metrics = facts.metrics;
  if (body.kind === 'map') {
    for (const p of body.pairs) {
      const v = p.value;
      if (p.key === 'cmd') {
        if (isString(v)) model.cmd = v.value;
        else if (v.kind === 'seq') model.cmd = v.items.map((i) => (isString(i) ? i.value : ''));
      } else if (p.key === 'env' && v.kind === 'map') {
        for (const e of v.pairs) if (isString(e.value)) setOwn(model.env, e.key, e.value.value);
      } else if (p.key === 'description' && isString(v)) {
        model.description = v.value;
      } else if (p.key === 'workdir' && isString(v)) {
        model.workdir = v.value;
      }
    }
  }
  facts.model = model;
  return model;
}

/** The top-level sections of the model, read leniently. */
function fillModel(model: PipelineModel, root: YMap | undefined): void {
  const name = stringValue(getValue(root, 'name'));
  if (name !== undefined) model.name = name;
  const metrics = getValue(root, 'metrics');
  if (metrics?.kind === 'map') {
    const primary = stringValue(getValue(metrics, 'primary'));
    const goal = stringValue(getValue(metrics, 'goal'));
    model.metrics = {};
    if (primary !== undefined) model.metrics.primary = primary;
    if (goal === 'maximize' || goal === 'minimize') model.metrics.goal = goal;
  }
  const sweep = getValue(root, 'sweep');
  if (sweep?.kind === 'map') {
    const out: NonNullable<PipelineModel['sweep']> = {};
    const matrix = getValue(sweep, 'matrix');
    if (matrix?.kind === 'map') {
      const m: Record<string, unknown[]> = {};
      for (const p of matrix.pairs) if (p.value.kind === 'seq') setOwn(m, p.key, toPlain(p.value) as unknown[]);
      out.matrix = m;
    }
    const search = getValue(sweep, 'search');
    if (search?.kind === 'map') {
      const params: Record<string, SearchDistribution> = {};
      const sp = getValue(search, 'params');
      if (sp?.kind === 'map') {
        for (const p of sp.pairs) {
          const d = toSearchDistribution(p.value);
          if (d) setOwn(params, p.key, d);
        }
      }
      const samples = numberValue(getValue(search, 'samples'));
      const seed = numberValue(getValue(search, 'seed'));
      out.search = { params };
      if (samples !== undefined) out.search.samples = samples;
      if (seed !== undefined) out.search.seed = seed;
    }
    const parallel = numberValue(getValue(sweep, 'parallel'));
    if (parallel !== undefined) out.parallel = parallel;
    model.sweep = out;
  }
  const pick = <K extends string>(section: string, strings: K[], numbers: K[]): Partial<Record<K, string | number>> | undefined => {
    const node = getValue(root, section);
    if (node?.kind !== 'map') return undefined;
    const o: Partial<Record<K, string | number>> = {};
    for (const k of strings) {
      const v = stringValue(getValue(node, k));
      if (v !== undefined) o[k] = v;
    }
    for (const k of numbers) {
      const v = numberValue(getValue(node, k));
      if (v !== undefined) o[k] = v;
    }
    return o;
  };
  const m = pick('model', ['name', 'path', 'flavor', 'module', 'example'], []);
  if (m) model.model = m as PipelineModel['model'];
  const docker = pick('docker', ['base', 'requirements', 'serve'], ['port', 'maxBodyBytes']);
  if (docker) model.docker = docker as PipelineModel['docker'];
  const deploy = pick('deploy', ['target', 'strategy'], ['port', 'weight']);
  if (deploy) model.deploy = deploy as PipelineModel['deploy'];
  const monitor = pick('monitor', ['reference', 'live', 'method', 'correction', 'output'], ['threshold', 'pValue']);
  if (monitor) model.monitor = monitor as PipelineModel['monitor'];
}

/**
 * Finds `${...}` in a cmd string, in its source text so ranges are exact. `${NAME}` without a
 * dot is left to the shell (environment variables); dotted references are ours.
 */
interface Interpolations {
  cmdParams: Interpolation[] | undefined;
  stageRefs: Interpolation[] | undefined;
  badRefs: { ref: Interpolation; message: string }[] | undefined;
}

/** Starts a list with a literal (room for one, as most have) rather than growing an empty one (room for 16). */
function addTo<K extends keyof Interpolations>(out: Interpolations, list: K, item: NonNullable<Interpolations[K]>[number]): void {
  const items = out[list] as unknown[] | undefined;
  if (items) items.push(item);
  else out[list] = [item] as Interpolations[K];
}

function scanInterpolations(source: string, node: YScalar, out: Interpolations): void {
  let p = source.indexOf('${');
  while (p >= 0) {
    const close = source.indexOf('}', p + 2);
    const lineBreak = source.indexOf('\n', p);
    if (close < 0 || (lineBreak >= 0 && lineBreak < close)) {
      const end = lineBreak >= 0 ? lineBreak : source.length;
      addTo(out, 'badRefs', { ref: { node, from: p, to: end, value: source.slice(p, end) }, message: "'${' is not closed: write ${params.<key>} or ${<stage>.outs}." });
      return;
    }
    const inner = source.slice(p + 2, close).trim();
    const from = p;
    const to = close + 1;
    if (inner.startsWith('params.') && inner.length > 7) {
      addTo(out, 'cmdParams', { node, from, to, value: inner.slice(7) });
    } else if (inner.endsWith('.outs') && inner.indexOf('.') === inner.length - 5 && inner.length > 5) {
      addTo(out, 'stageRefs', { node, from, to, value: inner.slice(0, -5) });
    } else if (inner.includes('.') || inner === '' || inner === 'params') {
      addTo(out, 'badRefs', { ref: { node, from, to, value: inner }, message: `'\${${inner}}' is not a reference this pipeline understands: write \${params.<key>} for a params value or \${<stage>.outs} for a stage's outputs.` });
    }
    p = source.indexOf('${', close + 1);
  }
}

function toSearchDistribution(node: YNode): SearchDistribution | undefined {
  const choice = getValue(node, 'choice');
  if (choice?.kind === 'seq') return { choice: toPlain(choice) as unknown[] };
  const distribution = stringValue(getValue(node, 'distribution'));
  const min = numberValue(getValue(node, 'min'));
  const max = numberValue(getValue(node, 'max'));
  if ((distribution === 'uniform' || distribution === 'log_uniform' || distribution === 'int_uniform') && min !== undefined && max !== undefined) {
    return { distribution, min, max };
  }
  return undefined;
}

function setOwn<T>(target: Record<string, T>, key: string, value: T): void {
  // Keys come from user YAML: never let "__proto__" reach a prototype.
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function leadingSpaces(text: string, at: number): number {
  let n = 0;
  while (text.charCodeAt(at + n) === 32) n++;
  return n;
}

/** A value as YAML text for the params file: scalars as written, anything else as null. */
function yamlValueText(text: string, node: YNode): string {
  if (node.kind !== 'scalar' || node.style === 'block') return 'null';
  if (typeof node.value === 'string' && node.style === 'plain') return node.value;
  return text.slice(node.start, node.end);
}

/** The params file to create for the given dotted keys and values. */
function nestedYaml(values: Map<string, string>): string {
  interface Tree { [key: string]: Tree | string }
  const tree: Tree = Object.create(null) as Tree;
  for (const [key, value] of values) {
    const parts = key.split('.');
    let node = tree;
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i]!;
      const existing = node[part];
      if (i === parts.length - 1) {
        if (existing === undefined) node[part] = value;
      } else {
        if (typeof existing === 'string') break;
        node = existing ?? (node[part] = Object.create(null) as Tree);
      }
    }
  }
  const lines: string[] = [];
  const write = (node: Tree, indent: number): void => {
    for (const [key, value] of Object.entries(node)) {
      if (typeof value === 'string') lines.push(`${' '.repeat(indent)}${key}: ${value}`);
      else {
        lines.push(`${' '.repeat(indent)}${key}:`);
        write(value, indent + 2);
      }
    }
  };
  write(tree, 0);
  return `${lines.join('\n')}\n`;
}

/** A cheap first test: only absolute paths, drive letters and '..' can leave the folder. */
function mayBeOutside(path: string): boolean {
  const c = path.charCodeAt(0);
  return c === 47 || c === 92 || path.charCodeAt(1) === 58 || path.includes('..');
}

function isOutsidePath(n: string): boolean {
  return n.startsWith('/') || n === '..' || n.startsWith('../') || /^[A-Za-z]:/.test(n);
}

function safeExists(exists: (p: string) => boolean, path: string): boolean {
  try {
    return exists(path);
  } catch {
    return true; // an unanswerable question is not a problem worth a squiggle
  }
}


