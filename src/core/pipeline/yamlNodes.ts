// The ranged YAML tree both parsers produce (the fast line parser and the `yaml` package
// fallback), so everything downstream sees one shape whatever parsed the text. Ranges are flat
// `start`/`end` fields (UTF-16 offsets, end exclusive): a big pipeline has hundreds of thousands
// of nodes, and one object per node instead of two halves the garbage collector's work.

export type ScalarValue = string | number | boolean | null;

export interface YScalar {
  kind: 'scalar';
  value: ScalarValue;
  style: 'plain' | 'single' | 'double' | 'block';
  start: number;
  end: number;
  /** An empty value (`key:` with nothing after it); its range is empty, just after the key. */
  implicit: boolean;
}

export interface YPair {
  /** Keys are always read as strings: plain keys as written, quoted keys decoded. */
  key: string;
  keyStart: number;
  keyEnd: number;
  value: YNode;
}

export interface YMap {
  kind: 'map';
  pairs: YPair[];
  flow: boolean;
  start: number;
  end: number;
}

export interface YSeq {
  kind: 'seq';
  items: YNode[];
  flow: boolean;
  start: number;
  end: number;
}

export type YNode = YScalar | YMap | YSeq;

export function nodeTypeName(node: YNode): string {
  if (node.kind === 'map') return 'a mapping';
  if (node.kind === 'seq') return 'a list';
  const v = node.value;
  if (v === null) return node.implicit ? 'empty' : 'null';
  if (typeof v === 'boolean') return 'a boolean';
  if (typeof v === 'number') return 'a number';
  return 'a string';
}

export function getPair(map: YMap, key: string): YPair | undefined {
  // Last one wins, as in the `yaml` package; duplicates are reported separately.
  for (let i = map.pairs.length - 1; i >= 0; i--) {
    const pair = map.pairs[i]!;
    if (pair.key === key) return pair;
  }
  return undefined;
}

export function getValue(node: YNode | undefined | null, key: string): YNode | undefined {
  return node?.kind === 'map' ? getPair(node, key)?.value : undefined;
}

export function stringValue(node: YNode | undefined): string | undefined {
  return node?.kind === 'scalar' && typeof node.value === 'string' ? node.value : undefined;
}

export function numberValue(node: YNode | undefined): number | undefined {
  return node?.kind === 'scalar' && typeof node.value === 'number' ? node.value : undefined;
}

/** Moves every range in the tree by `delta`; used when a cached chunk moved in the text. */
export function shiftNode(node: YNode, delta: number): void {
  node.start += delta;
  node.end += delta;
  if (node.kind === 'map') {
    for (const pair of node.pairs) {
      pair.keyStart += delta;
      pair.keyEnd += delta;
      shiftNode(pair.value, delta);
    }
  } else if (node.kind === 'seq') {
    for (const item of node.items) shiftNode(item, delta);
  }
}

/** Plain JS value of a node (maps become objects, later duplicate keys win). */
export function toPlain(node: YNode | undefined | null): unknown {
  if (!node) return null;
  if (node.kind === 'scalar') return node.value;
  if (node.kind === 'seq') return node.items.map(toPlain);
  const out: Record<string, unknown> = {};
  for (const pair of node.pairs) {
    Object.defineProperty(out, pair.key, { value: toPlain(pair.value), enumerable: true, writable: true, configurable: true });
  }
  return out;
}
