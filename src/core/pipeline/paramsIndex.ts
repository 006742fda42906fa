// The params file as the pipeline sees it: which dotted keys exist, and how to add a missing one.
import { ChunkedYamlParser } from './yamlDocument';
import type { YamlProblem } from './yamlDocument';
import { insertNestedKey } from './yamlEdits';
import type { Insertion } from './yamlEdits';
import { getPair } from './yamlNodes';
import type { YMap, YNode, YPair } from './yamlNodes';

export type ParamLookup =
  | { found: true }
  /** `blockedBy` is the longest existing prefix when it holds a value, not a section. */
  | { found: false; blockedBy?: string };

export class ParamsIndex {
  readonly root: YNode | null;
  /** YAML problems in the params file, or a root that is not a mapping. */
  readonly problems: YamlProblem[];
  private readonly lookups = new Map<string, ParamLookup>();

  constructor(readonly text: string, parser = new ChunkedYamlParser()) {
    const parsed = parser.parse(text);
    this.root = parsed.root;
    this.problems = parsed.problems.filter((p) => p.severity === 'error');
    if (this.root && this.root.kind !== 'map') {
      this.problems.push({ code: 'params-not-mapping', severity: 'error', message: 'the params file must be a mapping of keys to values', range: { start: this.root.start, end: this.root.end } });
    }
  }

  get usable(): boolean {
    return this.problems.length === 0;
  }

  /** Looks up a dotted key; a key naming a section counts as found. */
  lookup(key: string): ParamLookup {
    // Most keys name nested sections that exist: walk them without splitting the key or caching.
    if (this.foundNested(key)) return FOUND;
    // A stage usually names a key twice (in `params:` and in its command).
    let result = this.lookups.get(key);
    if (!result) {
      result = this.lookupUncached(key);
      this.lookups.set(key, result);
    }
    return result;
  }

  /** Whether `key` is found as nested sections, the path lookupIn tries first. */
  private foundNested(key: string): boolean {
    let node = this.root;
    let from = 0;
    for (;;) {
      if (node?.kind !== 'map') return false;
      const dot = key.indexOf('.', from);
      const pair = pairOfPart(node, key, from, dot < 0 ? key.length : dot);
      if (!pair) return false;
      if (dot < 0) return true;
      node = pair.value;
      from = dot + 1;
    }
  }

  private lookupUncached(key: string): ParamLookup {
    if (key.indexOf('.') < 0) {
      // The common case of a section or top-level key: one indexed lookup, no allocation.
      const root = this.root;
      if (root?.kind === 'map' && pairOf(root, key)) return FOUND;
    }
    return lookupIn(this.root, key.split('.'), 0);
  }

  /** An edit to the params file text adding `key` with `valueText`, if it can be added. */
  insertion(key: string, valueText: string): Insertion | undefined {
    return insertNestedKey(this.text, this.root, key.split('.'), valueText);
  }

  /** Every key and section, dotted, in file order (for completion). */
  allKeys(limit = 5000): { key: string; value: YNode }[] {
    const out: { key: string; value: YNode }[] = [];
    const visit = (node: YNode, prefix: string, depth: number): void => {
      if (node.kind !== 'map' || depth > 20) return;
      for (const pair of node.pairs) {
        if (out.length >= limit) return;
        const key = prefix ? `${prefix}.${pair.key}` : pair.key;
        out.push({ key, value: pair.value });
        visit(pair.value, key, depth + 1);
      }
    };
    if (this.root) visit(this.root, '', 0);
    return out;
  }
}

const keyIndexes = new WeakMap<YMap, Map<string, YPair>>();

/** The pair for `key` in a mapping (the last one, as YAML reads duplicates), via a lazily built index. */
function pairOf(map: YMap, key: string): YPair | undefined {
  if (map.pairs.length < 16) return getPair(map, key);
  let index = keyIndexes.get(map);
  if (!index) {
    index = new Map();
    for (const pair of map.pairs) index.set(pair.key, pair);
    keyIndexes.set(map, index);
  }
  return index.get(key);
}

/** pairOf for key[from, to), without slicing it out of the key when the mapping is small. */
function pairOfPart(map: YMap, key: string, from: number, to: number): YPair | undefined {
  if (from === 0 && to === key.length) return pairOf(map, key);
  if (map.pairs.length >= 16) return pairOf(map, key.slice(from, to));
  const length = to - from;
  for (let i = map.pairs.length - 1; i >= 0; i--) {
    const pair = map.pairs[i]!;
    if (pair.key.length === length && key.startsWith(pair.key, from)) return pair;
  }
  return undefined;
}

const FOUND: ParamLookup = { found: true };
const NOT_FOUND: ParamLookup = { found: false };

function lookupIn(node: YNode | null, segments: string[], i: number): ParamLookup {
  if (i === segments.length) return FOUND;
  if (!node) return NOT_FOUND;
  if (node.kind === 'map') {
    // Nested sections first (the usual layout), then keys that contain dots themselves.
    const pair = pairOf(node, segments[i]!);
    const nested = pair ? lookupIn(pair.value, segments, i + 1) : undefined;
    if (nested?.found) return nested;
    for (let j = segments.length; j > i + 1; j--) {
      const dotted = pairOf(node, segments.slice(i, j).join('.'));
      if (!dotted) continue;
      const result = lookupIn(dotted.value, segments, j);
      if (result.found) return result;
    }
    return nested ?? NOT_FOUND;
  }
  if (node.kind === 'seq') {
    const index = Number(segments[i]);
    const item = Number.isInteger(index) ? node.items[index] : undefined;
    return item ? lookupIn(item, segments, i + 1) : NOT_FOUND;
  }
  if (node.value === null && node.implicit) return NOT_FOUND;
  // A value where a section was needed: say which key holds it (the message names it).
  return { found: false, blockedBy: segments.slice(0, i).join('.') };
}
