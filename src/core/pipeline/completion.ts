// Completion: keys and values from the schema, stage names, params keys, other stages' outputs.
import { analyzePipeline } from './pipelineAnalyzer';
import type { PipelineAnalysis } from './pipelineAnalyzer';
import { cursorContext } from './lineContext';
import type { PathSegment } from './lineContext';
import { ParamsIndex } from './paramsIndex';
import { describeExpected, itemSchema, knownProperties, resolveSchema, schemaAtPath, schemaTypes } from './schema';
import type { SchemaNode } from './schema';
import { schemaDocumentation } from './hover';
import type { TextRange } from './types';

export interface PipelineCompletion {
  label: string;
  kind: 'key' | 'value' | 'stage' | 'param';
  detail?: string;
  documentation?: string;
  /** Plain text (not a snippet) to insert instead of the label. */
  insertText?: string;
  /** The text the completion replaces. */
  range?: TextRange;
}

export function completionsAt(text: string, offset: number, context: { params?: { text: string } | undefined } = {}): PipelineCompletion[] {
  try {
    // A range the editor could not use is dropped rather than passed on.
    return complete(text, offset, context).map((c) => (c.range && !(c.range.start >= 0 && c.range.start <= c.range.end && c.range.end <= text.length) ? withoutRange(c) : c));
  } catch {
    return []; // completion must never take the editor down; diagnostics report real problems
  }
}

function withoutRange(c: PipelineCompletion): PipelineCompletion {
  const { range: _range, ...rest } = c;
  return rest;
}

function complete(text: string, offset: number, context: { params?: { text: string } | undefined }): PipelineCompletion[] {
  const cursor = cursorContext(text, offset);
  const range = cursor.word;
  const path = cursor.path;
  switch (cursor.mode) {
    case 'key':
      return keyCompletions(path, cursor.siblings, range, context, !cursor.line.key);
    case 'value':
      return valueCompletions(text, path, range, context);
    case 'item':
      return valueCompletions(text, path, range, context);
    case 'interpolation':
      return interpolationCompletions(text, offset, path, range, context);
    default:
      return [];
  }
}

function keyCompletions(path: PathSegment[], siblings: Set<string>, range: TextRange, context: { params?: { text: string } | undefined }, addColon: boolean): PipelineCompletion[] {
  if (isParamsKeyMap(path)) {
    return paramKeys(context).filter((k) => !siblings.has(k.key)).map((k) => ({ label: k.key, kind: 'param', detail: k.detail, insertText: addColon ? `${k.key}: ` : k.key, range }));
  }
  if (path.length === 1 && path[0] === 'stages') return []; // a new stage name is the user's to choose
  const schema = schemaAtPath(path);
  if (!schema || !schemaTypes(schema).includes('object')) return [];
  const out: PipelineCompletion[] = [];
  for (const [key, propSchema] of knownProperties(schema)) {
    if (siblings.has(key)) continue;
    out.push({
      label: key,
      kind: 'key',
      detail: describeExpected(propSchema),
      documentation: schemaDocumentation(key, propSchema),
      insertText: addColon ? `${key}: ` : key,
      range,
    });
  }
  return out;
}

function valueCompletions(text: string, path: PathSegment[], range: TextRange, context: { params?: { text: string } | undefined }): PipelineCompletion[] {
  const last = path[path.length - 1];
  const owner = typeof last === 'number' ? path[path.length - 2] : last;
  const inStage = path[0] === 'stages' && path.length >= 3;
  const isItem = typeof last === 'number';
  if (inStage && owner === 'needs' && isItem) {
    const self = String(path[1]);
    return analysisOf(text).stages.filter((s) => s.name !== self).map((s) => ({ label: s.name, kind: 'stage', detail: s.outs.length > 0 ? `writes ${s.outs.join(', ')}` : 'stage', range }));
  }
  if (inStage && owner === 'params' && isItem) {
    return paramKeys(context).map((k) => ({ label: k.key, kind: 'param', detail: k.detail, range }));
  }
  if (inStage && owner === 'deps' && isItem) {
    const self = String(path[1]);
    const out: PipelineCompletion[] = [];
    for (const stage of analysisOf(text).stages) {
      if (stage.name === self) continue;
      for (const o of [...stage.outs, ...(stage.metrics ? [stage.metrics] : [])]) out.push({ label: o, kind: 'value', detail: `written by stage '${stage.name}'`, range });
    }
    return out;
  }
  const schema = schemaAtPath(path);
  if (!schema) return [];
  return scalarChoices(schema).map((value) => ({ label: value, kind: 'value', detail: describeExpected(schema), documentation: resolveSchema(schema).description ?? '', range }));
}

/** Values worth offering for a scalar: its enum, true/false, or its default. */
function scalarChoices(schema: SchemaNode): string[] {
  const s = resolveSchema(schema);
  if (s.enum) return s.enum.map(String);
  const types = schemaTypes(s);
  if (types.includes('boolean')) return ['true', 'false'];
  if (s.default !== undefined && (typeof s.default === 'string' || typeof s.default === 'number')) return [String(s.default)];
  const items = types.includes('array') ? itemSchema(s) : undefined;
  if (items && resolveSchema(items).enum) return resolveSchema(items).enum!.map(String);
  return [];
}

function interpolationCompletions(text: string, offset: number, path: PathSegment[], range: TextRange, context: { params?: { text: string } | undefined }): PipelineCompletion[] {
  const closed = text.charCodeAt(range.end) === 125; // '}' already there
  const close = closed ? '' : '}';
  const self = path[0] === 'stages' ? String(path[1]) : undefined;
  const out: PipelineCompletion[] = [];
  for (const k of paramKeys(context)) out.push({ label: `params.${k.key}`, kind: 'param', detail: k.detail, insertText: `params.${k.key}${close}`, range });
  for (const stage of analysisOf(text).stages) {
    if (stage.name === self) continue;
    out.push({ label: `${stage.name}.outs`, kind: 'stage', detail: stage.outs.length > 0 ? stage.outs.join(' ') : 'no outs', insertText: `${stage.name}.outs${close}`, range });
  }
  void offset;
  return out;
}

function isParamsKeyMap(path: PathSegment[]): boolean {
  return (path.length === 2 && path[0] === 'sweep' && path[1] === 'matrix')
    || (path.length === 3 && path[0] === 'sweep' && path[1] === 'search' && path[2] === 'params');
}

let lastParams: { text: string; keys: { key: string; detail: string }[] } | undefined;

function paramKeys(context: { params?: { text: string } | undefined }): { key: string; detail: string }[] {
  const text = context.params?.text;
  if (text === undefined) return [];
  if (lastParams?.text !== text) {
    const index = new ParamsIndex(text);
    const keys = index.allKeys().map(({ key, value }) => ({
      key,
      detail: value.kind === 'map' ? 'section' : value.kind === 'seq' ? 'list' : `= ${String(value.value)}`,
    }));
    lastParams = { text, keys };
  }
  return lastParams.keys;
}

let lastAnalysis: { text: string; analysis: PipelineAnalysis } | undefined;

function analysisOf(text: string): PipelineAnalysis {
  if (lastAnalysis?.text !== text) lastAnalysis = { text, analysis: analyzePipeline(text) };
  return lastAnalysis.analysis;
}
