// Text edits that add keys to YAML the user wrote, keeping its layout: a nested key goes under
// the deepest section that exists, indented like its siblings, after that section's last line.
import type { TextRange } from './types';
import { getPair } from './yamlNodes';
import type { YMap, YNode } from './yamlNodes';

export interface Insertion {
  range: TextRange;
  newText: string;
}

/**
 * An edit adding the dotted `path` (e.g. ['train', 'lr']) with `valueText` to the document whose
 * root is `root`, or undefined when the path exists or a prefix of it is a value rather than a
 * section. `root` null means an empty document.
 */
export function insertNestedKey(text: string, root: YNode | null, path: readonly string[], valueText: string): Insertion | undefined {
  const step = indentStep(text, root);
  if (!root || (root.kind === 'scalar' && root.value === null)) {
    const prefix = text.length > 0 && !text.endsWith('\n') ? '\n' : '';
    return { range: { start: text.length, end: text.length }, newText: `${prefix}${blockLines(path, 0, step, valueText)}\n` };
  }
  let node: YNode = root;
  let i = 0;
  let owner: { keyStart: number } | undefined;
  while (i < path.length && node.kind === 'map') {
    const pair = getPair(node, path[i]!);
    if (!pair) break;
    owner = pair;
    node = pair.value;
    i++;
  }
  if (i === path.length) return undefined;
  const rest = path.slice(i);
  if (node.kind === 'map') return addToMap(text, node, rest, valueText, step);
  if (node.kind === 'scalar' && node.implicit && owner) {
    // `train:` with nothing under it yet.
    const at = lineEnd(text, owner.keyStart);
    return { range: { start: at, end: at }, newText: `\n${blockLines(rest, columnOf(text, owner.keyStart) + step, step, valueText)}` };
  }
  return undefined;
}

/** An edit adding `key: valueText` to a mapping, flow or block. */
export function insertKeyInMap(text: string, map: YMap, key: string, valueText: string): Insertion {
  return addToMap(text, map, [key], valueText, indentStep(text, map));
}

function addToMap(text: string, map: YMap, rest: readonly string[], valueText: string, step: number): Insertion {
  if (map.flow) {
    const close = map.end - 1;
    const entry = flowEntry(rest, valueText);
    return { range: { start: close, end: close }, newText: map.pairs.length > 0 ? `, ${entry}` : entry };
  }
  const first = map.pairs[0]!;
  const indent = columnOf(text, first.keyStart);
  const at = lineEnd(text, lastContent(text, map.start, map.end));
  return { range: { start: at, end: at }, newText: `\n${blockLines(rest, indent, step, valueText)}` };
}

function blockLines(path: readonly string[], indent: number, step: number, valueText: string): string {
  return path.map((seg, k) => `${' '.repeat(indent + k * step)}${seg}:${k === path.length - 1 ? ` ${valueText}` : ''}`).join('\n');
}

function flowEntry(path: readonly string[], valueText: string): string {
  const [head, ...tail] = path;
  return tail.length === 0 ? `${head ?? ''}: ${valueText}` : `${head ?? ''}: {${flowEntry(tail, valueText)}}`;
}

/** The offset of the last non-blank character in [start, end), so trailing newlines are skipped. */
function lastContent(text: string, start: number, end: number): number {
  let p = Math.min(end, text.length);
  while (p > start && /\s/.test(text[p - 1]!)) p--;
  return Math.max(start, p - 1);
}

/** Where the line holding `offset` ends (before its line break). */
function lineEnd(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  if (nl < 0) return text.length;
  return nl > 0 && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
}

function columnOf(text: string, offset: number): number {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return offset - lineStart;
}

/** The indentation step the document uses for nested mappings (2 when it shows none). */
function indentStep(text: string, root: YNode | null): number {
  const visit = (node: YNode, depth: number): number | undefined => {
    if (depth > 20 || node.kind !== 'map' || node.flow) return undefined;
    const base = node.pairs[0] ? columnOf(text, node.pairs[0].keyStart) : 0;
    for (const pair of node.pairs) {
      const value = pair.value;
      if (value.kind === 'map' && !value.flow && value.pairs[0]) {
        const step = columnOf(text, value.pairs[0].keyStart) - base;
        if (step > 0) return step;
      }
    }
    return undefined;
  };
  return (root && visit(root, 0)) ?? 2;
}
