// Parses with the `yaml` package and converts its AST to the ranged tree of yamlNodes.ts. Used for
// whatever the fast parser declines (see fastYaml.ts) and for wording YAML syntax errors.
import { isAlias, isMap, isScalar, isSeq, parseAllDocuments, parseDocument } from 'yaml';
import type { Document, Node as YamlAstNode } from 'yaml';
import type { TextRange } from './types';
import type { ScalarValue, YMap, YNode, YScalar } from './yamlNodes';

export interface YamlProblem {
  code: string;
  severity: 'error' | 'warning';
  message: string;
  range: TextRange;
}

export interface FallbackResult {
  root: YNode | null;
  problems: YamlProblem[];
  /** The text uses aliases, so it can only be read as a whole document. */
  hasAlias: boolean;
}

/** How many nodes alias expansion may create in one document before it stops (alias bombs). */
const ALIAS_NODE_BUDGET = 20_000;
/** Deeper trees are cut off with a diagnostic rather than risking the stack downstream. */
const MAX_TREE_DEPTH = 100;

const OPTIONS = { prettyErrors: false, uniqueKeys: false, merge: false, keepSourceTokens: false } as const;

/** Parses text[start, end) as one YAML document; ranges in the result are offsets into `text`. */
export function parseChunkWithYaml(text: string, start: number, end: number): FallbackResult {
  const source = start === 0 && end === text.length ? text : text.slice(start, end);
  const problems: YamlProblem[] = [];
  let doc: Document.Parsed;
  try {
    doc = parseDocument(source, OPTIONS);
  } catch (error) {
    return { root: null, problems: [stackProblem(error, text, start, end)], hasAlias: false };
  }
  const converter = new Converter(doc, start, problems);
  collectProblems(doc, start, end - start, problems);
  const root = converter.convertRoot();
  for (const p of problems) widenEmpty(p, text, start, end);
  return { root, problems, hasAlias: converter.hasAlias };
}

/**
 * Parses all of `text` as a YAML stream: the first document is the pipeline, later ones are
 * reported once and ignored.
 */
export function parseStreamWithYaml(text: string): FallbackResult {
  const problems: YamlProblem[] = [];
  let docs: Document.Parsed[];
  try {
    const parsed: Document.Parsed[] | { errors: { code: string; message: string; pos: [number, number] }[] } = parseAllDocuments(text, OPTIONS);
    docs = Array.isArray(parsed) ? parsed : [];
    if (!Array.isArray(parsed)) {
      for (const e of parsed.errors) problems.push(toProblem('error', e.code, e.message, e.pos, 0, text.length));
    }
  } catch (error) {
    return { root: null, problems: [stackProblem(error, text, 0, text.length)], hasAlias: false };
  }
  const first = docs[0];
  if (!first) return { root: null, problems, hasAlias: false };
  collectProblems(first, 0, text.length, problems);
  const second = docs[1];
  if (second) {
    const at = markerStart(text, second.range[0]);
    problems.push({
      code: 'yaml-multi-document',
      severity: 'warning',
      message: `A pipeline file holds one YAML document; the ${docs.length - 1 === 1 ? 'document' : `${docs.length - 1} documents`} after this '---' ${docs.length - 1 === 1 ? 'is' : 'are'} ignored.`,
      range: { start: at, end: Math.min(text.length, at + 3) },
    });
  }
  const converter = new Converter(first, 0, problems);
  const root = converter.convertRoot();
  for (const p of problems) widenEmpty(p, text, 0, text.length);
  return { root, problems, hasAlias: converter.hasAlias };
}

/**
 * `yaml` reports some errors at a single point (often the end of the input, for a missing
 * quote or bracket). A squiggle needs a width: cover the content of the line the error is on,
 * or of the last line with content before it.
 */
function widenEmpty(problem: YamlProblem, text: string, start: number, end: number): void {
  if (problem.range.end > problem.range.start) return;
  let p = Math.min(problem.range.start, end);
  while (p > start && /\s/.test(text[p - 1]!) && (p >= end || /\s/.test(text[p]!))) p--;
  const lineStart = text.lastIndexOf('\n', Math.max(start, p - 1)) + 1;
  let lineEnd = text.indexOf('\n', lineStart);
  if (lineEnd < 0 || lineEnd > end) lineEnd = end;
  let s = Math.max(lineStart, start);
  while (s < lineEnd && /\s/.test(text[s]!)) s++;
  let e = lineEnd;
  while (e > s && /\s/.test(text[e - 1]!)) e--;
  // An unclosed quote: from the opening quote, not from the key before it.
  const quote = /closing (["'])quote/.exec(problem.message)?.[1];
  if (quote) {
    const open = text.slice(s, e).indexOf(quote);
    if (open >= 0) s += open;
  }
  if (e > s) problem.range = { start: s, end: e };
}

function markerStart(text: string, docStart: number): number {
  const at = text.lastIndexOf('---', docStart + 3);
  return at >= 0 ? at : docStart;
}

function stackProblem(error: unknown, text: string, start: number, end: number): YamlProblem {
  if (!(error instanceof RangeError)) throw error;
  const lineEnd = text.indexOf('\n', start);
  return {
    code: 'yaml-too-deep',
    severity: 'error',
    message: 'This YAML is nested too deeply to read; flatten it.',
    range: { start, end: lineEnd < 0 || lineEnd > end ? end : lineEnd },
  };
}

function collectProblems(doc: Document.Parsed, offset: number, length: number, problems: YamlProblem[]): void {
  for (const e of doc.errors) problems.push(toProblem('error', e.code, e.message, e.pos, offset, length));
  for (const w of doc.warnings) problems.push(toProblem('warning', w.code, w.message, w.pos, offset, length));
}

/** `yaml`'s message, made a sentence. */
function yamlMessage(message: string): string {
  const trimmed = message.trim();
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

function toProblem(severity: 'error' | 'warning', _yamlCode: string, message: string, pos: [number, number], offset: number, max: number): YamlProblem {
  const start = Math.min(pos[0], max) + offset;
  const end = Math.max(start, Math.min(pos[1], max) + offset);
  return { code: severity === 'error' ? 'yaml-syntax' : 'yaml-warning', severity, message: yamlMessage(message), range: { start, end } };
}

class Converter {
  hasAlias = false;
  private budget = ALIAS_NODE_BUDGET;
  private expanding = 0;
  private budgetReported = false;
  private depthReported = false;
  private outermostAlias: TextRange = { start: 0, end: 0 };

  constructor(private readonly doc: Document.Parsed, private readonly offset: number, private readonly problems: YamlProblem[]) {}

  convertRoot(): YNode | null {
    const contents = this.doc.contents;
    if (!contents) return null;
    return this.convert(contents, 0);
  }

  private range(node: { range?: [number, number, number] | null } | null | undefined, fallback?: TextRange): TextRange {
    const r = node?.range;
    if (!r) return fallback ? { ...fallback } : { start: this.offset, end: this.offset };
    return { start: r[0] + this.offset, end: Math.max(r[0], r[1]) + this.offset };
  }

  private convert(node: YamlAstNode, depth: number): YNode {
    if (depth > MAX_TREE_DEPTH) {
      const range = this.range(node);
      if (!this.depthReported) {
        this.depthReported = true;
        this.problems.push({ code: 'yaml-too-deep', severity: 'error', message: `This YAML is nested more than ${MAX_TREE_DEPTH} levels deep; the deeper part is ignored.`, range: { start: range.start, end: Math.min(range.end, range.start + 1) } });
      }
      return nullAt(range.start);
    }
    if (this.expanding > 0 && --this.budget < 0) {
      return nullAt(this.range(node).start);
    }
    if (isAlias(node)) return this.convertAlias(node, depth);
    if (isScalar(node)) {
      const range = this.range(node);
      const value = toScalarValue(node.value);
      const style = node.type === 'QUOTE_DOUBLE' ? 'double' : node.type === 'QUOTE_SINGLE' ? 'single' : node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED' ? 'block' : 'plain';
      const implicit = value === null && style === 'plain' && node.source === '' && range.start === range.end;
      const scalar: YScalar = { kind: 'scalar', value, style, start: range.start, end: range.end, implicit };
      return scalar;
    }
    if (isMap(node)) {
      const mapRange = this.range(node);
      const map: YMap = { kind: 'map', pairs: [], flow: Boolean(node.flow), start: mapRange.start, end: mapRange.end };
      const merges: YNode[] = [];
      for (const item of node.items) {
        const keyNode = item.key as YamlAstNode | null;
        const valueNode = item.value as YamlAstNode | null;
        const keyRange = this.range(keyNode, valueNode ? { start: this.range(valueNode).start, end: this.range(valueNode).start } : mapRange);
        let key: string;
        if (isScalar(keyNode)) {
          key = keyNode.type === 'PLAIN' && typeof keyNode.source === 'string' ? keyNode.source : scalarText(keyNode.value);
          if (keyNode.type === 'PLAIN' && key === '<<' && valueNode) {
            merges.push(this.convert(valueNode, depth + 1));
            continue;
          }
        } else {
          // The entry is dropped: no key of the pipeline format is a list or a mapping.
          this.problems.push({ code: 'yaml-complex-key', severity: 'error', message: keyNode ? 'Keys must be plain strings, not lists or mappings.' : 'This entry has no key.', range: keyRange });
          continue;
        }
        const value = valueNode ? this.convert(valueNode, depth + 1) : nullAt(keyRange.end);
        map.pairs.push({ key, keyStart: keyRange.start, keyEnd: keyRange.end, value });
      }
      if (merges.length > 0) this.applyMerges(map, merges);
      return map;
    }
    if (isSeq(node)) {
      const items = node.items.map((item) => (item ? this.convert(item as YamlAstNode, depth + 1) : nullAt(this.range(node).start)));
      const seqRange = this.range(node);
      return { kind: 'seq', items, flow: Boolean(node.flow), start: seqRange.start, end: seqRange.end };
    }
    return nullAt(this.offset);
  }

  private convertAlias(node: YamlAstNode & { source: string; resolve(doc: Document): unknown }, depth: number): YNode {
    this.hasAlias = true;
    const range = this.range(node);
    const target = node.resolve(this.doc) as YamlAstNode | undefined;
    if (!target) {
      this.problems.push({ code: 'yaml-syntax', severity: 'error', message: `Unknown alias '*${node.source}': define the anchor '&${node.source}' before using it.`, range });
      return nullAt(range.start);
    }
    if (this.expanding === 0) this.outermostAlias = range;
    if (this.budget <= 0) return this.budgetExceeded();
    this.expanding++;
    const result = this.convert(target, depth + 1);
    this.expanding--;
    if (this.budget < 0) return this.budgetExceeded();
    return result;
  }

  /** Reported once, at the alias written outside any expansion (the one the user can change). */
  private budgetExceeded(): YNode {
    const range = this.outermostAlias;
    if (!this.budgetReported) {
      this.budgetReported = true;
      this.problems.push({ code: 'yaml-alias-limit', severity: 'error', message: `Aliases here expand to more than ${ALIAS_NODE_BUDGET} values; the expansion is cut off.`, range: { ...range } });
    }
    return nullAt(range.start);
  }

  /** `<<: *base` / `<<: [*a, *b]`: keys from merged maps that the map does not set itself. */
  private applyMerges(map: YMap, merges: YNode[]): void {
    const present = new Set(map.pairs.map((p) => p.key));
    const sources: YNode[] = [];
    for (const m of merges) {
      if (m.kind === 'seq') sources.push(...m.items);
      else sources.push(m);
    }
    for (const source of sources) {
      if (source.kind !== 'map') {
        this.problems.push({ code: 'yaml-syntax', severity: 'error', message: "'<<' merges mappings only.", range: { start: source.start, end: source.end } });
        continue;
      }
      for (const pair of source.pairs) {
        if (present.has(pair.key)) continue;
        present.add(pair.key);
        map.pairs.push(pair);
      }
    }
  }
}

function nullAt(at: number): YScalar {
  return { kind: 'scalar', value: null, style: 'plain', start: at, end: at, implicit: true };
}

function toScalarValue(value: unknown): ScalarValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value === 'bigint') return Number(value);
  return scalarText(value);
}

/** A scalar value some tag made into an object (a date, binary data): its JSON form. */
function scalarText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return value.toString();
  return JSON.stringify(value) ?? '';
}
