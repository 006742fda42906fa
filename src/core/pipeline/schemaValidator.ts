// Validates the ranged YAML tree against the pipeline schema. A small walker over the keywords
// the schema uses (schema.ts lists them) rather than a general JSON Schema engine: it needs no
// conversion to plain JSON, reports on the exact key or value, words messages for people
// ("'deps' in stage 'train' must be a list of strings, not a string"), attaches fixes, and is
// fast enough to run on every keystroke. The schema is compiled once (refs resolved, property
// tables built, patterns compiled) so the walk itself does no lookups beyond one Map per key.
import { closestMatches } from './suggest';
import { describeExpected, resolveSchema, schemaTypes } from './schema';
import type { SchemaNode, SchemaType } from './schema';
import type { PipelineDiagnostic, QuickFix, TextRange } from './types';
import { nodeTypeName } from './yamlNodes';
import type { YMap, YNode, YPair, YScalar, YSeq } from './yamlNodes';

export type PathSegment = string | number;

/** The key a value belongs to: where to point when the value is empty or a key is missing. */
interface Owner {
  keyStart: number;
  keyEnd: number;
}

/** Per-entry results kept between runs (the stages), keyed by the cached pair objects. */
export interface ValidationMemo {
  /** The schema whose entries (under additionalProperties) are memoised. */
  target: SchemaNode;
  cache: WeakMap<YPair, { base: number; diagnostics: PipelineDiagnostic[] }>;
}

const OBJECT = 1;
const ARRAY = 2;
const STRING = 4;
const NUMBER = 8;
const INTEGER = 16;
const BOOLEAN = 32;
const NULL = 64;
const MASKS: Record<SchemaType, number> = { object: OBJECT, array: ARRAY, string: STRING, number: NUMBER | INTEGER, integer: INTEGER, boolean: BOOLEAN, null: NULL };

/** A schema with everything the walk needs precomputed. */
interface Compiled {
  source: SchemaNode;
  /** Accepted node types; 0 accepts anything. */
  mask: number;
  enumValues: unknown[] | undefined;
  constValue: unknown;
  pattern: RegExp | undefined;
  minLength: number | undefined;
  minimum: number | undefined;
  maximum: number | undefined;
  exclusiveMinimum: number | undefined;
  minItems: number | undefined;
  uniqueItems: boolean;
  minProperties: number | undefined;
  items: Compiled | undefined;
  props: Map<string, Compiled> | undefined;
  propNames: string[];
  patternProps: [RegExp, Compiled][] | undefined;
  /** false: no other keys; a schema: other keys' values; undefined: anything. */
  additional: Compiled | false | undefined;
  propertyNames: Compiled | undefined;
  required: string[];
  oneOf: Compiled[] | undefined;
  not: Compiled | undefined;
}

const COMPILED = Symbol('compiled');
type WithCompiled = SchemaNode & { [COMPILED]?: Compiled };

function compile(raw: SchemaNode): Compiled {
  const holder = raw as WithCompiled;
  const cached = holder[COMPILED];
  if (cached) return cached;
  const s = resolveSchema(raw);
  let mask = 0;
  if (s.type !== undefined || s.enum !== undefined) for (const t of schemaTypes(s)) mask |= MASKS[t];
  const c: Compiled = {
    source: s,
    mask,
    enumValues: s.enum,
    constValue: s.const,
    pattern: s.pattern !== undefined ? new RegExp(s.pattern, 'u') : undefined,
    minLength: s.minLength,
    minimum: s.minimum,
    maximum: s.maximum,
    exclusiveMinimum: s.exclusiveMinimum,
    minItems: s.minItems,
    uniqueItems: s.uniqueItems === true,
    minProperties: s.minProperties,
    items: undefined,
    props: undefined,
    propNames: Object.keys(s.properties ?? {}),
    patternProps: undefined,
    additional: s.additionalProperties === false ? false : undefined,
    propertyNames: undefined,
    required: s.required ?? [],
    oneOf: undefined,
    not: undefined,
  };
  // Stored before compiling children, so a recursive schema would terminate.
  Object.defineProperty(holder, COMPILED, { value: c, enumerable: false });
  if (s.items) c.items = compile(s.items);
  if (s.properties) c.props = new Map(Object.entries(s.properties).map(([k, v]) => [k, compile(v)]));
  if (s.patternProperties) c.patternProps = Object.entries(s.patternProperties).map(([p, v]) => [new RegExp(p, 'u'), compile(v)]);
  if (typeof s.additionalProperties === 'object') c.additional = compile(s.additionalProperties);
  if (s.propertyNames) c.propertyNames = compile(s.propertyNames);
  if (s.oneOf) c.oneOf = s.oneOf.map(compile);
  if (s.not) c.not = compile(s.not);
  return c;
}

function nodeMask(node: YNode): number {
  if (node.kind === 'map') return OBJECT;
  if (node.kind === 'seq') return ARRAY;
  const v = node.value;
  if (typeof v === 'string') return STRING;
  if (typeof v === 'number') return Number.isInteger(v) ? NUMBER | INTEGER : NUMBER;
  if (typeof v === 'boolean') return BOOLEAN;
  return NULL;
}

function accepts(c: Compiled, node: YNode): boolean {
  if (c.mask === 0) return true;
  const m = nodeMask(node);
  // A float schema (NUMBER|INTEGER) takes any number; an integer schema only whole ones.
  return (c.mask & m) !== 0 && (m !== NUMBER || (c.mask & NUMBER) !== 0);
}

export function validateAgainstSchema(text: string, root: YNode, schema: SchemaNode, memo?: ValidationMemo): PipelineDiagnostic[] {
  const out: PipelineDiagnostic[] = [];
  const target = memo ? compile(memo.target) : undefined;
  new SchemaValidator(text, out, memo, target).validate(root, compile(schema), [], undefined);
  return out;
}

class SchemaValidator {
  constructor(private readonly text: string, private out: PipelineDiagnostic[], private readonly memo: ValidationMemo | undefined, private readonly memoTarget: Compiled | undefined) {}

  validate(node: YNode, schema: Compiled, path: PathSegment[], owner: Owner | undefined): void {
    if (schema.oneOf) {
      this.validateOneOf(node, schema, path, owner);
      return;
    }
    if (!accepts(schema, node)) {
      this.wrongType(node, schema.source, path, owner);
      return;
    }
    if (node.kind === 'scalar') this.validateScalar(node, schema, path, owner);
    else if (node.kind === 'seq') this.validateSeq(node, schema, path, owner);
    else this.validateMap(node, schema, path, owner);
  }

  private validateOneOf(node: YNode, schema: Compiled, path: PathSegment[], owner: Owner | undefined): void {
    let typed: Compiled | Compiled[] | undefined;
    for (const branch of schema.oneOf!) {
      if (!accepts(branch, node)) continue;
      if (typed === undefined) typed = branch;
      else if (Array.isArray(typed)) typed.push(branch);
      else typed = [typed, branch];
    }
    if (typed === undefined) {
      this.wrongType(node, schema.source, path, owner);
      return;
    }
    if (!Array.isArray(typed)) {
      this.validate(node, typed, path, owner);
      return;
    }
    // Several branches fit the type: report the one that fits best (fewest problems).
    let best: PipelineDiagnostic[] | undefined;
    const saved = this.out;
    for (const branch of typed) {
      this.out = [];
      this.validate(node, branch, path, owner);
      const errors = this.out;
      if (!best || errors.length < best.length) best = errors;
      if (errors.length === 0) break;
    }
    this.out = saved;
    for (const d of best ?? []) this.out.push(d);
  }

  private validateScalar(node: YScalar, schema: Compiled, path: PathSegment[], owner: Owner | undefined): void {
    const value = node.value;
    if (schema.enumValues && !schema.enumValues.includes(value)) {
      this.badEnum(node, schema.enumValues, path, owner);
      return;
    }
    if (schema.constValue !== undefined && value !== schema.constValue) {
      this.report('bad-enum', 'error', this.valueRange(node, owner), `${describePath(path, true)} must be ${JSON.stringify(schema.constValue)}.`);
      return;
    }
    if (typeof value === 'string') {
      if (schema.minLength !== undefined && value.length < schema.minLength) {
        this.report('empty-value', 'error', this.valueRange(node, owner), `${describePath(path, true)} must not be empty.`);
        return;
      }
      if (schema.pattern && !schema.pattern.test(value)) {
        this.report('bad-format', 'error', this.valueRange(node, owner), `'${value}' is not a valid value for ${describePath(path, false)}. ${schema.source.description ?? `It must match ${schema.source.pattern ?? ''}.`}`);
        return;
      }
    } else if (typeof value === 'number') {
      const { minimum, maximum, exclusiveMinimum } = schema;
      const tooLow = (minimum !== undefined && value < minimum) || (exclusiveMinimum !== undefined && value <= exclusiveMinimum);
      const tooHigh = maximum !== undefined && value > maximum;
      const bounded = minimum !== undefined || maximum !== undefined || exclusiveMinimum !== undefined;
      if (tooLow || tooHigh || (bounded && Number.isNaN(value))) {
        let bound: string;
        if (minimum !== undefined && maximum !== undefined) bound = `between ${minimum} and ${maximum}`;
        else if (minimum !== undefined) bound = `at least ${minimum}`;
        else if (exclusiveMinimum !== undefined) bound = `greater than ${exclusiveMinimum}`;
        else bound = `at most ${maximum ?? ''}`;
        this.report('out-of-range', 'error', this.valueRange(node, owner), `${describePath(path, true)} must be ${bound}, not ${String(value)}.`);
        return;
      }
    }
    if (schema.not && this.matches(node, schema.not, path)) {
      this.report('bad-format', 'error', this.valueRange(node, owner), `'${String(value)}' is not allowed for ${describePath(path, false)}. ${schema.not.source.description ?? ''}`.trim());
    }
  }

  private validateSeq(node: YSeq, schema: Compiled, path: PathSegment[], owner: Owner | undefined): void {
    const items = node.items;
    if (schema.minItems !== undefined && items.length < schema.minItems) {
      this.report('empty-value', 'error', this.valueRange(node, owner), `${describePath(path, true)} needs at least ${schema.minItems === 1 ? 'one item' : `${schema.minItems} items`}.`);
    }
    const itemSchema = schema.items;
    if (itemSchema) {
      for (let i = 0; i < items.length; i++) {
        path.push(i);
        this.validate(items[i]!, itemSchema, path, undefined);
        path.pop();
      }
    }
    if (schema.uniqueItems && items.length > 1) {
      // Lists are short: a quadratic scan allocates nothing, unlike a Map per list.
      for (let i = 1; i < items.length; i++) {
        const item = items[i]!;
        if (item.kind !== 'scalar' || item.value === null) continue;
        for (let j = 0; j < i; j++) {
          const first = items[j]!;
          if (first.kind !== 'scalar' || first.value !== item.value) continue;
          this.report('duplicate-item', 'warning', rangeOfNode(item), `'${String(item.value)}' is listed twice in ${describePath(path, false)}.`, undefined, [{ message: 'first listed here', range: rangeOfNode(first) }]);
          break;
        }
      }
    }
  }

  private validateMap(node: YMap, schema: Compiled, path: PathSegment[], owner: Owner | undefined): void {
    const pairs = node.pairs;
    // Small mappings (almost all) find duplicates by scanning; big ones (stages) with a Map.
    const seen = pairs.length > 12 ? new Map<string, YPair>() : undefined;
    const props = schema.props;
    const additional = schema.additional;
    for (let i = 0; i < pairs.length; i++) {
      const pair = pairs[i]!;
      const first = seen ? seen.get(pair.key) : firstWithKey(pairs, pair.key, i);
      if (first) {
        this.report('duplicate-key', 'error', keyRange(pair), `'${pair.key}' is set twice ${where(path)}; only the last one counts.`, undefined, [{ message: `'${pair.key}' first set here`, range: keyRange(first) }]);
      } else {
        seen?.set(pair.key, pair);
      }
      const own = props?.get(pair.key);
      if (own) {
        path.push(pair.key);
        this.validate(pair.value, own, path, pair);
        path.pop();
        continue;
      }
      const patterned = schema.patternProps ? patternProperty(schema.patternProps, pair.key) : undefined;
      if (patterned) {
        path.push(pair.key);
        this.validate(pair.value, patterned, path, pair);
        path.pop();
        continue;
      }
      if (additional === false) {
        this.unknownKey(pair, schema.propNames, pairs, path);
        continue;
      }
      if (additional !== undefined && additional === this.memoTarget) {
        this.memoised(pair, schema, additional, path);
        continue;
      }
      this.validateEntry(pair, schema, additional, path);
    }
    for (const key of schema.required) {
      if (seen ? seen.has(key) : firstWithKey(pairs, key, pairs.length)) continue;
      const range = owner ? { start: owner.keyStart, end: owner.keyEnd } : firstKeyRange(node);
      const message = path.length === 0 ? `The pipeline has no '${key}'.` : `${describePath(path, true)} is missing '${key}'.`;
      this.report('missing-required', 'error', range, message);
    }
    if (schema.minProperties !== undefined && pairs.length < schema.minProperties) {
      this.report('empty-value', 'error', this.valueRange(node, owner), `${describePath(path, true)} needs at least one entry.`);
    }
  }

  /** An entry validated by propertyNames / additionalProperties (a stage, an env variable, ...). */
  private validateEntry(pair: YPair, schema: Compiled, additional: Compiled | undefined, path: PathSegment[]): void {
    if (schema.propertyNames) this.validateName(pair, schema.propertyNames, path);
    if (additional) {
      path.push(pair.key);
      this.validate(pair.value, additional, path, pair);
      path.pop();
    }
  }

  private memoised(pair: YPair, schema: Compiled, additional: Compiled, path: PathSegment[]): void {
    const memo = this.memo!;
    const cached = memo.cache.get(pair);
    if (cached) {
      const delta = pair.keyStart - cached.base;
      // Copies, so nothing a caller does to one analysis's diagnostics leaks into the next.
      for (const d of cached.diagnostics) this.out.push(shiftDiagnostic(d, delta));
      return;
    }
    const saved = this.out;
    this.out = [];
    this.validateEntry(pair, schema, additional, path);
    const diagnostics = this.out;
    this.out = saved;
    for (const d of diagnostics) this.out.push(shiftDiagnostic(d, 0));
    memo.cache.set(pair, { base: pair.keyStart, diagnostics });
  }

  private validateName(pair: YPair, names: Compiled, path: PathSegment[]): void {
    const key = pair.key;
    const invalid = (names.pattern && !names.pattern.test(key)) || (names.minLength !== undefined && key.length < names.minLength);
    if (invalid) {
      this.report('bad-name', 'error', keyRange(pair), `'${key}' is not a valid name ${where(path)}. ${names.source.description ?? ''}`.trim());
      return;
    }
    const not = names.not;
    if (not && ((not.constValue !== undefined && key === not.constValue) || (not.enumValues?.includes(key) ?? false))) {
      this.report('bad-name', 'error', keyRange(pair), `'${key}' cannot be used as a name ${where(path)}. ${not.source.description ?? ''}`.trim());
    }
  }

  /** Whether the node satisfies the schema, without reporting anything. */
  private matches(node: YNode, schema: Compiled, path: PathSegment[]): boolean {
    if (schema.constValue !== undefined) return node.kind === 'scalar' && node.value === schema.constValue;
    const saved = this.out;
    this.out = [];
    this.validate(node, schema, path, undefined);
    const ok = this.out.length === 0;
    this.out = saved;
    return ok;
  }

  private wrongType(node: YNode, schema: SchemaNode, path: PathSegment[], owner: Owner | undefined): void {
    const expected = describeExpected(schema);
    const range = this.valueRange(node, owner);
    if (node.kind === 'scalar' && node.implicit) {
      this.report('wrong-type', 'error', range, `${describePath(path, true)} is empty; it must be ${expected}.`);
      return;
    }
    const fixes: QuickFix[] = [];
    const types = schemaTypes(schema);
    if (node.kind === 'scalar' && node.style !== 'block' && node.value !== null) {
      const source = this.text.slice(node.start, node.end);
      if (types.includes('array') && !types.includes('string')) {
        fixes.push({ title: `Make it a list: [${source}]`, edits: [{ target: 'pipeline', range, newText: `[${source}]` }], preferred: true });
      } else if (types.includes('string') && node.style === 'plain') {
        fixes.push({ title: `Quote it as a string: "${source}"`, edits: [{ target: 'pipeline', range, newText: JSON.stringify(source) }], preferred: true });
      }
    }
    this.report('wrong-type', 'error', range, `${describePath(path, true)} must be ${expected}, not ${nodeTypeName(node)}.`, fixes);
  }

  private badEnum(node: YScalar, allowed: unknown[], path: PathSegment[], owner: Owner | undefined): void {
    const range = this.valueRange(node, owner);
    const names = allowed.map((v) => String(v));
    const value = node.value;
    if (node.implicit) {
      this.report('bad-enum', 'error', range, `${describePath(path, true)} is empty; expected one of: ${names.join(', ')}.`);
      return;
    }
    const suggestions = typeof value === 'string' ? closestMatches(value, names) : [];
    const offered = suggestions.length > 0 ? suggestions : names;
    const fixes: QuickFix[] = offered.map((name, i) => {
      const fix: QuickFix = { title: `Change to '${name}'`, edits: [{ target: 'pipeline', range, newText: name }] };
      if (i === 0 && suggestions.length > 0) fix.preferred = true;
      return fix;
    });
    const hint = suggestions.length > 0 ? ` Did you mean '${suggestions[0]!}'?` : '';
    this.report('bad-enum', 'error', range, `'${String(value)}' is not a valid value for ${describePath(path, false)}.${hint} Expected one of: ${names.join(', ')}.`, fixes);
  }

  private unknownKey(pair: YPair, known: string[], pairs: YPair[], path: PathSegment[]): void {
    // Prefer keys not already set: "dep" next to an existing "deps" is still most likely "deps".
    const present = new Set(pairs.map((p) => p.key));
    const absent = known.filter((k) => !present.has(k));
    const suggestions = closestMatches(pair.key, absent.length > 0 ? absent : known);
    const range = keyRange(pair);
    const fixes: QuickFix[] = suggestions.map((name, i) => {
      const fix: QuickFix = { title: `Change to '${name}'`, edits: [{ target: 'pipeline', range, newText: name }] };
      if (i === 0) fix.preferred = true;
      return fix;
    });
    const hint = suggestions.length > 0 ? ` Did you mean '${suggestions[0]!}'?` : ` Expected one of: ${known.join(', ')}.`;
    this.report('unknown-key', 'error', range, `Unknown key '${pair.key}' ${where(path)}.${hint}`, fixes);
  }

  /** Where to point for a problem with a value: the value itself, or its key when it is empty or a block. */
  private valueRange(node: YNode, owner: Owner | undefined): TextRange {
    if (node.kind === 'scalar' && node.implicit && owner) return { start: owner.keyStart, end: owner.keyEnd };
    if (node.kind !== 'scalar' && !node.flow && owner) return { start: owner.keyStart, end: owner.keyEnd };
    return rangeOfNode(node);
  }

  private report(code: string, severity: PipelineDiagnostic['severity'], range: TextRange, message: string, fixes?: QuickFix[], related?: PipelineDiagnostic['related']): void {
    const d: PipelineDiagnostic = { code, severity, message, range };
    if (fixes && fixes.length > 0) d.fixes = fixes;
    if (related && related.length > 0) d.related = related;
    this.out.push(d);
  }
}

function firstWithKey(pairs: YPair[], key: string, before: number): YPair | undefined {
  for (let j = 0; j < before; j++) if (pairs[j]!.key === key) return pairs[j];
  return undefined;
}

function patternProperty(patterns: [RegExp, Compiled][], key: string): Compiled | undefined {
  for (const [pattern, schema] of patterns) if (pattern.test(key)) return schema;
  return undefined;
}

function rangeOfNode(node: YNode): TextRange {
  return { start: node.start, end: node.end };
}

function keyRange(pair: YPair): TextRange {
  return { start: pair.keyStart, end: pair.keyEnd };
}

function firstKeyRange(map: YMap): TextRange {
  const first = map.pairs[0];
  return first ? keyRange(first) : { start: map.start, end: map.start };
}

export function shiftDiagnostic(d: PipelineDiagnostic, delta: number): PipelineDiagnostic {
  const shift = (r: TextRange): TextRange => ({ start: r.start + delta, end: r.end + delta });
  const out: PipelineDiagnostic = { code: d.code, severity: d.severity, message: d.message, range: shift(d.range) };
  if (d.fixes) {
    out.fixes = d.fixes.map((f) => {
      const fix: QuickFix = { title: f.title, edits: f.edits.map((e) => ({ target: e.target, range: e.target === 'pipeline' ? shift(e.range) : { start: e.range.start, end: e.range.end }, newText: e.newText })) };
      if (f.preferred !== undefined) fix.preferred = f.preferred;
      return fix;
    });
  }
  if (d.related) out.related = d.related.map((r) => ({ message: r.message, range: shift(r.range) }));
  return out;
}

/**
 * How a message names a place: "the pipeline", "'stages'", "stage 'train'", "'deps' in stage
 * 'train'", "item 2 of 'deps' in stage 'train'", "'deploy.weight'".
 */
export function describePath(path: readonly PathSegment[], capitalize: boolean): string {
  const text = describe(path);
  return capitalize ? text.charAt(0).toUpperCase() + text.slice(1) : text;
}

function describe(path: readonly PathSegment[]): string {
  if (path.length === 0) return 'the pipeline';
  const last = path[path.length - 1]!;
  if (typeof last === 'number') return `item ${last + 1} of ${describe(path.slice(0, -1))}`;
  if (path[0] === 'stages' && path.length >= 2) {
    const stage = `stage '${String(path[1])}'`;
    if (path.length === 2) return stage;
    return `'${dotted(path.slice(2))}' in ${stage}`;
  }
  return `'${dotted(path)}'`;
}

function dotted(path: readonly PathSegment[]): string {
  return path.map((s) => (typeof s === 'number' ? `[${s}]` : s)).join('.').replace(/\.\[/g, '[');
}

/** "at the top level", "in stage 'train'", "in 'deploy'". */
export function where(path: readonly PathSegment[]): string {
  if (path.length === 0) return 'at the top level';
  return `in ${describe(path)}`;
}
