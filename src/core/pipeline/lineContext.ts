// Where the cursor is in the pipeline's structure, read from indentation alone. Completion and
// hover run on text that is often half-typed and not valid YAML, so they cannot rely on a parse:
// this walks up the lines above the cursor to find the keys it sits under.
import type { TextRange } from './types';

export type PathSegment = string | number;

export interface LineKey {
  key: string;
  start: number;
  end: number;
  /** Offset of the ':' after the key. */
  colon: number;
}

export interface LineInfo {
  start: number;
  /** End of the line's text (before CR/LF). */
  end: number;
  /** Leading spaces. */
  indent: number;
  /** Offsets of the '- ' sequence markers at the start of the line. */
  dashes: number[];
  /** Offset of the first character after indentation and sequence markers. */
  content: number;
  key?: LineKey;
  /** Offset where the key's value starts (after ': ' and spaces); the line end if none. */
  valueStart: number;
  /** Nothing after the key's colon but spaces or a comment. */
  valueEmpty: boolean;
  blank: boolean;
  comment: boolean;
}

export type CursorMode =
  /** Typing a key in the mapping at `path`. */
  | 'key'
  /** Typing the value at `path` (the last segment is its key). */
  | 'value'
  /** Typing a list item; `path` ends with the item's index (0 when unknown). */
  | 'item'
  /** Inside `${...}` in a command. */
  | 'interpolation'
  | 'none';

export interface CursorContext {
  mode: CursorMode;
  path: PathSegment[];
  /** The partial word the cursor is in or after: what a completion replaces. */
  word: TextRange;
  line: LineInfo;
  /** Keys already present beside the cursor's key (key mode only). */
  siblings: Set<string>;
  /** Whether the value is inside a flow list (`[a, b|`). */
  inFlow: boolean;
}

const MAX_LINES_SCANNED = 50_000;

export function lineAt(text: string, offset: number): LineInfo {
  const start = text.lastIndexOf('\n', Math.max(0, offset - 1)) + 1;
  return parseLine(text, offset === 0 ? 0 : start);
}

export function parseLine(text: string, start: number): LineInfo {
  let end = text.indexOf('\n', start);
  if (end < 0) end = text.length;
  if (end > start && text.charCodeAt(end - 1) === 13) end--;
  let p = start;
  while (p < end && text.charCodeAt(p) === 32) p++;
  const indent = p - start;
  const dashes: number[] = [];
  while (p < end && text.charCodeAt(p) === 45 && (p + 1 === end || text.charCodeAt(p + 1) === 32)) {
    dashes.push(p);
    p++;
    while (p < end && text.charCodeAt(p) === 32) p++;
  }
  const info: LineInfo = { start, end, indent, dashes, content: p, valueStart: end, valueEmpty: true, blank: p === end && dashes.length === 0, comment: text.charCodeAt(p) === 35 && dashes.length === 0 };
  if (info.blank || info.comment) return info;
  const key = scanKey(text, p, end);
  if (key) {
    info.key = key;
    let v = key.colon + 1;
    while (v < end && (text.charCodeAt(v) === 32 || text.charCodeAt(v) === 9)) v++;
    info.valueStart = v;
    info.valueEmpty = v === end || text.charCodeAt(v) === 35;
  }
  return info;
}

function scanKey(text: string, p: number, end: number): LineKey | undefined {
  const c = text.charCodeAt(p);
  if (c === 34 || c === 39) {
    const close = text.indexOf(String.fromCharCode(c), p + 1);
    if (close < 0 || close >= end || text.charCodeAt(close + 1) !== 58) return undefined;
    return { key: text.slice(p + 1, close), start: p, end: close + 1, colon: close + 1 };
  }
  if (c === 91 || c === 123 || c === 35 || c === 38 || c === 42 || c === 33 || c === 124 || c === 62) return undefined;
  for (let q = p; q < end; q++) {
    const ch = text.charCodeAt(q);
    if (ch === 58 && (q + 1 === end || text.charCodeAt(q + 1) === 32 || text.charCodeAt(q + 1) === 9)) {
      let keyEnd = q;
      while (keyEnd > p && text.charCodeAt(keyEnd - 1) === 32) keyEnd--;
      if (keyEnd === p) return undefined;
      return { key: text.slice(p, keyEnd), start: p, end: keyEnd, colon: q };
    }
    if (ch === 35 && q > p && text.charCodeAt(q - 1) === 32) return undefined;
  }
  return undefined;
}

function lineBefore(text: string, lineStart: number): number | undefined {
  if (lineStart <= 0) return undefined;
  return text.lastIndexOf('\n', lineStart - 2) + 1;
}

/**
 * The keys and list items enclosing a line whose own key or item marker is at `column`, from the
 * root down. `item` says the line is a list item, whose list may sit at its key's indentation.
 */
export function enclosingPath(text: string, lineStart: number, column: number, item: boolean): PathSegment[] {
  const path: PathSegment[] = [];
  let threshold = column;
  let allowEqualKey = item;
  let pos: number | undefined = lineStart;
  for (let n = 0; n < MAX_LINES_SCANNED && (threshold > 0 || allowEqualKey); n++) {
    pos = lineBefore(text, pos);
    if (pos === undefined) break;
    const line = parseLine(text, pos);
    if (line.blank || line.comment) continue;
    const col = line.indent;
    if (allowEqualKey && col === threshold && line.dashes.length === 0) {
      if (line.key && line.valueEmpty) path.push(line.key.key);
      allowEqualKey = false;
      continue;
    }
    if (col >= threshold) continue;
    if (line.dashes.length > 0) {
      const keyColumn = line.content - line.start;
      if (line.key && keyColumn < threshold && line.valueEmpty) path.push(line.key.key);
      for (let i = line.dashes.length - 1; i >= 0; i--) path.push(0);
      threshold = col;
      allowEqualKey = true;
      continue;
    }
    if (line.key) {
      path.push(line.key.key);
      threshold = col;
      allowEqualKey = false;
    }
  }
  return path.reverse();
}

/** Keys at `column` in the block around the line at `lineStart` (the mapping it belongs to). */
export function siblingKeys(text: string, lineStart: number, column: number): Set<string> {
  const keys = new Set<string>();
  const visit = (line: LineInfo): boolean => {
    if (line.blank || line.comment) return true;
    if (line.indent < column) return false;
    if (line.indent === column && line.dashes.length === 0 && line.key) keys.add(line.key.key);
    return true;
  };
  let pos: number | undefined = lineStart;
  for (let n = 0; n < MAX_LINES_SCANNED; n++) {
    pos = lineBefore(text, pos);
    if (pos === undefined || !visit(parseLine(text, pos))) break;
  }
  let next = text.indexOf('\n', lineStart);
  for (let n = 0; n < MAX_LINES_SCANNED && next >= 0; n++) {
    const line = parseLine(text, next + 1);
    if (!visit(line)) break;
    next = text.indexOf('\n', next + 1);
  }
  return keys;
}

export function cursorContext(text: string, offset: number): CursorContext {
  offset = Math.max(0, Math.min(offset, text.length));
  const line = lineAt(text, offset);
  const none: CursorContext = { mode: 'none', path: [], word: { start: offset, end: offset }, line, siblings: new Set(), inFlow: false };
  const before = text.slice(line.start, offset);
  if (line.comment || /(^|\s)#/.test(before.replace(/"[^"]*"|'[^']*'/g, '""'))) return none;
  // In the indentation (or among the '- ' markers) before existing content: nothing to offer.
  if (!line.blank && offset < line.content) return none;
  const key = line.key;
  if (key && offset > key.colon) {
    // After `key:`: the value.
    const column = key.start - line.start;
    const path = [...enclosingPath(text, line.start, column, false), key.key];
    if (line.dashes.length > 0 && key.start - line.start > line.indent) {
      // `- key: value` inside a list item: the item's mapping.
      path.splice(path.length - 1, 0, ...line.dashes.map(() => 0));
    }
    const valueText = text.slice(line.valueStart, offset);
    const interpolation = valueText.lastIndexOf('${');
    if (interpolation >= 0 && valueText.indexOf('}', interpolation) < 0) {
      const start = line.valueStart + interpolation + 2;
      return { ...none, mode: 'interpolation', path, word: { start, end: tokenEnd(text, offset, line.end, /[A-Za-z0-9_.-]/) } };
    }
    const open = valueText.lastIndexOf('[');
    if (valueText.startsWith('[') && valueText.indexOf(']', open) < 0) {
      const sep = Math.max(valueText.lastIndexOf('['), valueText.lastIndexOf(','));
      let start = line.valueStart + sep + 1;
      while (start < offset && text.charCodeAt(start) === 32) start++;
      return { ...none, mode: 'item', path: [...path, 0], word: { start, end: tokenEnd(text, offset, line.end, /[^,\]\s]/) }, inFlow: true };
    }
    return { ...none, mode: 'value', path, word: { start: Math.min(line.valueStart, offset), end: tokenEnd(text, offset, line.end, /[^\s#]/) } };
  }
  if (key && offset >= key.start) {
    const column = key.start - line.start;
    const path = enclosingPath(text, line.start, column, false);
    if (line.dashes.length > 0) path.push(...line.dashes.map(() => 0));
    return { ...none, mode: 'key', path, word: { start: key.start, end: key.end }, siblings: siblingKeys(text, line.start, column) };
  }
  if (line.dashes.length > 0 && offset > line.dashes[line.dashes.length - 1]!) {
    // `- item`: a list item (a list of mappings is not part of the pipeline format).
    const dashColumn = line.dashes[line.dashes.length - 1]! - line.start;
    const path = [...enclosingPath(text, line.start, dashColumn, true), 0];
    const interpolation = before.lastIndexOf('${');
    if (interpolation >= 0 && before.indexOf('}', interpolation) < 0) {
      return { ...none, mode: 'interpolation', path, word: { start: line.start + interpolation + 2, end: tokenEnd(text, offset, line.end, /[A-Za-z0-9_.-]/) } };
    }
    return { ...none, mode: 'item', path, word: { start: Math.min(line.content, offset), end: tokenEnd(text, offset, line.end, /[^\s#]/) } };
  }
  // A key being typed (no ':' yet), or an empty line.
  const typed = text.slice(line.content, offset);
  if (/[\s:]/.test(typed)) return none;
  const column = (line.blank ? offset : line.content) - line.start;
  const path = enclosingPath(text, line.start, column, false);
  return { ...none, mode: 'key', path, word: { start: line.blank ? offset : line.content, end: tokenEnd(text, offset, line.end, /[A-Za-z0-9_.-]/) }, siblings: siblingKeys(text, line.start, column) };
}

function tokenEnd(text: string, offset: number, lineEnd: number, chars: RegExp): number {
  let p = offset;
  while (p < lineEnd && chars.test(text[p]!)) p++;
  return p;
}
