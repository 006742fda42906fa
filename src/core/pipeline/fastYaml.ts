// A fast parser for the block-style YAML people write in pipeline files, producing the ranged
// tree of yamlNodes.ts straight from the text (no tokens, no intermediate CST).
//
// It is deliberately incomplete: on anything it does not handle exactly like the `yaml` package
// (anchors, aliases, tags, multi-line flow or quoted scalars, multi-line plain scalars, complex
// keys, tabs as indentation, explicit indentation indicators, document markers, errors of any
// kind) it gives up and returns undefined, and the caller parses that chunk with `yaml`, which
// also words the syntax errors. A differential fuzz test checks that whenever this parser
// answers, it agrees with `yaml`.
import type { ScalarValue, YMap, YNode, YPair, YScalar, YSeq } from './yamlNodes';

const TAB = 9;
const LF = 10;
const CR = 13;
const SP = 32;
const BANG = 33;
const DQUOTE = 34;
const HASH = 35;
const PERCENT = 37;
const AMP = 38;
const SQUOTE = 39;
const STAR = 42;
const PLUS = 43;
const COMMA = 44;
const DASH = 45;
const DOT = 46;
const COLON = 58;
const GT = 62;
const QMARK = 63;
const AT = 64;
const LBRACKET = 91;
const BACKSLASH = 92;
const RBRACKET = 93;
const BACKTICK = 96;
const LBRACE = 123;
const PIPE = 124;
const RBRACE = 125;

/** Deeper nesting goes to the `yaml` package, which words the error if there is one. */
const MAX_DEPTH = 64;
/** The `yaml` package rejects implicit keys longer than 1024 characters. */
const MAX_KEY_LENGTH = 1000;

// Character classes for the hot scanning loops: one table lookup instead of a chain of compares.
const STOP_BLOCK = 1; // may end a block plain scalar or key: LF CR : #
const STOP_FLOW = 2; // may end a flow plain scalar: the above and , [ ] { }
const INDICATOR = 4; // cannot start a plain scalar
const CLASS = new Uint8Array(128);
for (const c of [LF, CR, COLON, HASH]) CLASS[c] = STOP_BLOCK | STOP_FLOW;
for (const c of [COMMA, LBRACKET, RBRACKET, LBRACE, RBRACE]) CLASS[c] = STOP_FLOW;
for (const c of [LBRACKET, LBRACE, RBRACKET, RBRACE, COMMA, AMP, STAR, BANG, PIPE, GT, SQUOTE, DQUOTE, PERCENT, AT, BACKTICK, HASH]) CLASS[c] = CLASS[c]! | INDICATOR;

/**
 * Children of the collections being read, on one shared stack: a collection's children are
 * copied off it into an array of exactly their number when it ends. Growing a fresh array per
 * collection item by item allocates room for 16 or more, and a pipeline has thousands of two-item
 * lists. fastParse is not re-entrant, so one stack serves every call.
 */
const stack: unknown[] = [];
let top = 0;

function pushChild(child: unknown): void {
  if (top < stack.length) stack[top] = child;
  else stack.push(child);
  top++;
}

/** The children pushed since `mark`, as their own array; the stack drops them. */
function popChildren<T>(mark: number): T[] {
  const out = stack.slice(mark, top) as T[];
  for (let i = mark; i < top; i++) stack[i] = undefined;
  top = mark;
  return out;
}

/**
 * Keys seen before, by a hash of their text: a pipeline repeats the same few keys thousands of
 * times, and a fresh string for each is garbage the moment it is compared. A direct-mapped table
 * (a colliding key replaces the one there) is bounded and cheaper to probe than a Map.
 */
const KEY_SLOTS = 1024;
const keys: (string | undefined)[] = new Array<string | undefined>(KEY_SLOTS).fill(undefined);
const MAX_INTERNED_LENGTH = 32;

function internKey(text: string, start: number, end: number): string {
  const length = end - start;
  if (length > MAX_INTERNED_LENGTH) return text.slice(start, end);
  let hash = length;
  for (let i = start; i < end; i++) hash = (Math.imul(hash, 31) + text.charCodeAt(i)) | 0;
  const slot = hash & (KEY_SLOTS - 1);
  const known = keys[slot];
  if (known !== undefined && known.length === length && text.startsWith(known, start)) return known;
  const key = text.slice(start, end);
  keys[slot] = key;
  return key;
}

class Bail extends Error {}
// One preallocated instance: bailing is a control-flow signal, its stack trace is never read.
const BAIL = new Bail('the fast parser does not handle this input');

/**
 * Parses text[start, end) as one YAML document of block mappings and sequences. Returns null for
 * a document with no content and undefined when the `yaml` package must parse this text instead.
 */
export function fastParse(text: string, start: number, end: number): YNode | null | undefined {
  const parser = new FastParser(text, start, end);
  try {
    return parser.parseDocument();
  } catch (error) {
    if (error === BAIL) return undefined;
    throw error;
  } finally {
    // After a bail the stack still holds the abandoned collections' children.
    if (top > 0) popChildren(0);
  }
}

function newScalar(value: ScalarValue, style: YScalar['style'], start: number, end: number): YScalar {
  return { kind: 'scalar', value, style, start, end, implicit: false };
}

function newImplicitNull(at: number): YScalar {
  return { kind: 'scalar', value: null, style: 'plain', start: at, end: at, implicit: true };
}

class FastParser {
  private pos: number;
  private depth = 0;
  // Set by scanKey: the decoded key and where its text ends.
  private keyText = '';
  private keyEnd = 0;

  constructor(private readonly text: string, start: number, private readonly end: number) {
    this.pos = start;
  }

  parseDocument(): YNode | null {
    const indent = this.peekLine();
    if (indent < 0) return null;
    const node = this.parseBlockNode(indent, -1);
    if (this.peekLine() >= 0) throw BAIL;
    return node;
  }

  private cc(p: number): number {
    return p < this.end ? this.text.charCodeAt(p) : -1;
  }

  /** Whether p is at a line break (LF, CRLF or the end); a lone CR is left to `yaml`. */
  private isEol(p: number): boolean {
    if (p >= this.end) return true;
    const c = this.text.charCodeAt(p);
    if (c === LF) return true;
    if (c === CR) {
      if (this.cc(p + 1) === LF) return true;
      throw BAIL;
    }
    return false;
  }

  private isSeparatorOrEol(p: number): boolean {
    const c = this.cc(p);
    return c === SP || c === TAB || this.isEol(p);
  }

  private nextLineStart(p: number): number {
    const nl = this.text.indexOf('\n', p);
    return nl < 0 || nl >= this.end ? this.end : nl + 1;
  }

  /**
   * Skips blank and comment lines from this.pos (a line start) and returns the indentation of the
   * next content line, leaving this.pos at its start; -1 at the end of the text.
   */
  private peekLine(): number {
    const text = this.text;
    const end = this.end;
    let lineStart = this.pos;
    while (lineStart < end) {
      let p = lineStart;
      let c = text.charCodeAt(p);
      while (c === SP) c = ++p < end ? text.charCodeAt(p) : -1;
      if (c === TAB) {
        // Tabs may pad blank lines but never indent content.
        while (c === TAB || c === SP) c = ++p < end ? text.charCodeAt(p) : -1;
        if (!this.isEol(p)) throw BAIL;
        lineStart = this.nextLineStart(p);
        continue;
      }
      if (c === HASH || this.isEol(p)) {
        lineStart = this.nextLineStart(p);
        continue;
      }
      const indent = p - lineStart;
      if (indent === 0 && (c === DASH || c === DOT) && this.isDocumentMarker(p)) throw BAIL;
      this.pos = lineStart;
      return indent;
    }
    this.pos = end;
    return -1;
  }

  private isDocumentMarker(p: number): boolean {
    const c = this.text.charCodeAt(p);
    if (this.cc(p + 1) !== c || this.cc(p + 2) !== c) return false;
    const after = this.cc(p + 3);
    return after === SP || after === TAB || after === -1 || after === LF || after === CR;
  }

  /** '-' followed by a space or a line break: a block sequence entry. */
  private isDash(p: number): boolean {
    if (this.cc(p) !== DASH) return false;
    const next = this.cc(p + 1);
    return next === SP || next === TAB || next === LF || next === CR || next === -1;
  }

  private enter(): void {
    if (++this.depth > MAX_DEPTH) throw BAIL;
  }

  private parseBlockNode(indent: number, parentIndent: number): YNode {
    const p = this.pos + indent;
    if (this.isDash(p)) return this.parseBlockSeq(indent);
    const colon = this.scanKey(p);
    if (colon >= 0) return this.parseBlockMap(indent, colon);
    const c = this.cc(p);
    // A block scalar header on a line of its own is legal but rare; leave it to `yaml`.
    if (c === PIPE || c === GT) throw BAIL;
    return this.parseInlineValue(p, parentIndent);
  }

  /**
   * `firstColon` is what scanKey just returned for the first key (keyText/keyEnd still hold its
   * results), so that key is not scanned twice.
   */
  private parseBlockMap(indent: number, firstColon: number): YMap {
    this.enter();
    const mark = top;
    const start = this.pos + indent;
    let end = start;
    let known = firstColon;
    for (;;) {
      const keyStart = this.pos + indent;
      const colon = known >= 0 ? known : this.scanKey(keyStart);
      known = -1;
      if (colon < 0) throw BAIL;
      const key = this.keyText;
      const keyEnd = this.keyEnd;
      let p = colon + 1;
      let c = this.cc(p);
      while (c === SP || c === TAB) c = this.cc(++p);
      let value: YNode;
      if (c === HASH || this.isEol(p)) {
        this.pos = this.nextLineStart(p);
        const next = this.peekLine();
        if (next > indent) value = this.parseBlockNode(next, indent);
        else if (next === indent && this.isDash(this.pos + next)) value = this.parseBlockSeq(indent);
        else value = newImplicitNull(colon + 1);
      } else {
        value = this.parseInlineValue(p, indent);
      }
      const pair: YPair = { key, keyStart, keyEnd, value };
      pushChild(pair);
      end = value.end > keyEnd ? value.end : keyEnd;
      const next = this.peekLine();
      if (next < indent) break;
      if (next > indent) throw BAIL;
      if (this.isDash(this.pos + next)) break;
    }
    this.depth--;
    return { kind: 'map', pairs: popChildren<YPair>(mark), flow: false, start, end };
  }

  private parseBlockSeq(indent: number): YSeq {
    this.enter();
    const mark = top;
    const start = this.pos + indent;
    let end = start;
    for (;;) {
      const dash = this.pos + indent;
      let p = dash + 1;
      let c = this.cc(p);
      while (c === SP || c === TAB) c = this.cc(++p);
      let item: YNode;
      if (c === HASH || this.isEol(p)) {
        this.pos = this.nextLineStart(p);
        const next = this.peekLine();
        item = next > indent ? this.parseBlockNode(next, indent) : newImplicitNull(dash + 1);
      } else {
        // Tabs separating '-' from a compact collection confuse the column arithmetic below.
        for (let t = dash + 1; t < p; t++) if (this.text.charCodeAt(t) === TAB) throw BAIL;
        const column = p - this.pos;
        if (this.isDash(p)) item = this.parseBlockSeq(column);
        else {
          const colon = this.scanKey(p);
          item = colon >= 0 ? this.parseBlockMap(column, colon) : this.parseInlineValue(p, indent);
        }
      }
      pushChild(item);
      end = item.end > dash + 1 ? item.end : dash + 1;
      const next = this.peekLine();
      if (next < indent) break;
      if (next > indent) throw BAIL;
      if (!this.isDash(this.pos + next)) break;
    }
    this.depth--;
    return { kind: 'seq', items: popChildren<YNode>(mark), flow: false, start, end };
  }

  /**
   * If a mapping key starts at p, sets keyText/keyEnd and returns the position of its ':';
   * otherwise returns -1 (the line holds a value, or something left to `yaml`).
   */
  private scanKey(p: number): number {
    const text = this.text;
    const end = this.end;
    const c = this.cc(p);
    if (c === DQUOTE || c === SQUOTE) {
      const quoted = c === DQUOTE ? this.scanDoubleQuoted(p) : this.scanSingleQuoted(p);
      const after = quoted.end;
      if (this.cc(after) !== COLON) return -1;
      if (!this.isSeparatorOrEol(after + 1)) throw BAIL;
      this.keyText = quoted.value as string;
      this.keyEnd = after;
      return after;
    }
    if (c < 0 || (c < 128 && (CLASS[c]! & INDICATOR) !== 0)) return -1;
    if ((c === DASH || c === QMARK || c === COLON) && this.isSeparatorOrEol(p + 1)) return -1;
    let q = p;
    for (;;) {
      if (q >= end) return -1;
      const ch = text.charCodeAt(q);
      if (ch < 128 && (CLASS[ch]! & STOP_BLOCK) !== 0) {
        if (ch === LF) return -1;
        if (ch === CR) {
          if (this.cc(q + 1) === LF) return -1;
          throw BAIL;
        }
        if (ch === COLON) {
          if (this.isSeparatorOrEol(q + 1)) break;
        } else if (q > p) {
          // '#' after whitespace starts a comment, so the line has no key.
          const prev = text.charCodeAt(q - 1);
          if (prev === SP || prev === TAB) return -1;
        }
      }
      q++;
    }
    let keyEnd = q;
    while (keyEnd > p && (text.charCodeAt(keyEnd - 1) === SP || text.charCodeAt(keyEnd - 1) === TAB)) keyEnd--;
    if (keyEnd - p > MAX_KEY_LENGTH) throw BAIL;
    const key = internKey(text, p, keyEnd);
    if (key === '<<') throw BAIL; // merge keys are resolved by the fallback path
    this.keyText = key;
    this.keyEnd = keyEnd;
    return q;
  }

  /** A value starting at p on the current line; consumes the rest of that line (or block scalar). */
  private parseInlineValue(p: number, ownerIndent: number): YNode {
    const c = this.cc(p);
    let node: YNode;
    if (c === DQUOTE) node = this.scanDoubleQuoted(p);
    else if (c === SQUOTE) node = this.scanSingleQuoted(p);
    else if (c === LBRACKET || c === LBRACE) node = this.parseFlow(p);
    else if (c === PIPE || c === GT) return this.parseBlockScalar(p, ownerIndent);
    else node = this.scanBlockPlain(p);
    let q = node.end;
    let d = this.cc(q);
    while (d === SP || d === TAB) d = this.cc(++q);
    if (!this.isEol(q) && (d !== HASH || q === node.end)) throw BAIL;
    this.pos = this.nextLineStart(q);
    return node;
  }

  private scanBlockPlain(p: number): YScalar {
    const text = this.text;
    const end = this.end;
    const c = this.cc(p);
    if (c < 0 || (c < 128 && (CLASS[c]! & INDICATOR) !== 0)) throw BAIL;
    if ((c === DASH || c === QMARK || c === COLON) && this.isSeparatorOrEol(p + 1)) throw BAIL;
    let q = p;
    for (;;) {
      if (q >= end) break;
      const ch = text.charCodeAt(q);
      if (ch < 128 && (CLASS[ch]! & STOP_BLOCK) !== 0) {
        if (ch === LF) break;
        if (ch === CR) {
          if (this.cc(q + 1) === LF) break;
          throw BAIL;
        }
        if (ch === COLON) {
          if (this.isSeparatorOrEol(q + 1)) throw BAIL; // `a: b: c`
        } else if (q > p) {
          const prev = text.charCodeAt(q - 1);
          if (prev === SP || prev === TAB) break;
        }
      }
      q++;
    }
    while (q > p && (text.charCodeAt(q - 1) === SP || text.charCodeAt(q - 1) === TAB)) q--;
    return newScalar(resolvePlain(text.slice(p, q)), 'plain', p, q);
  }

  private scanDoubleQuoted(p: number): YScalar {
    const text = this.text;
    let q = p + 1;
    let hasEscape = false;
    for (;;) {
      if (this.isEol(q)) throw BAIL; // multi-line or unterminated: `yaml` folds or reports it
      const ch = text.charCodeAt(q);
      if (ch === DQUOTE) break;
      if (ch === BACKSLASH) {
        hasEscape = true;
        q++;
        if (this.isEol(q)) throw BAIL;
      }
      q++;
    }
    const raw = text.slice(p + 1, q);
    return newScalar(hasEscape ? decodeDoubleQuoted(raw) : raw, 'double', p, q + 1);
  }

  private scanSingleQuoted(p: number): YScalar {
    const text = this.text;
    let q = p + 1;
    let hasEscape = false;
    for (;;) {
      if (this.isEol(q)) throw BAIL;
      if (text.charCodeAt(q) === SQUOTE) {
        if (this.cc(q + 1) !== SQUOTE) break;
        hasEscape = true;
        q++;
      }
      q++;
    }
    const raw = text.slice(p + 1, q);
    return newScalar(hasEscape ? raw.replace(/''/g, "'") : raw, 'single', p, q + 1);
  }

  // ---- flow collections, on a single line only ----

  private skipInlineSpace(p: number): number {
    let c = this.cc(p);
    while (c === SP || c === TAB) c = this.cc(++p);
    if (this.isEol(p)) throw BAIL; // flow collections spanning lines go to `yaml`
    return p;
  }

  private parseFlow(p: number): YMap | YSeq {
    this.enter();
    const node = this.cc(p) === LBRACKET ? this.parseFlowSeq(p) : this.parseFlowMap(p);
    this.depth--;
    return node;
  }

  private parseFlowSeq(start: number): YSeq {
    const mark = top;
    let p = this.skipInlineSpace(start + 1);
    for (;;) {
      if (this.cc(p) === RBRACKET) break;
      const item = this.parseFlowNode(p);
      pushChild(item);
      p = this.skipInlineSpace(item.end);
      const c = this.cc(p);
      if (c === COMMA) {
        p = this.skipInlineSpace(p + 1);
        continue;
      }
      if (c !== RBRACKET) throw BAIL;
    }
    return { kind: 'seq', items: popChildren<YNode>(mark), flow: true, start, end: p + 1 };
  }

  private parseFlowMap(start: number): YMap {
    const mark = top;
    let p = this.skipInlineSpace(start + 1);
    for (;;) {
      if (this.cc(p) === RBRACE) break;
      const colon = this.scanFlowKey(p);
      const key = this.keyText;
      const keyEnd = this.keyEnd;
      p = this.skipInlineSpace(colon + 1);
      const c = this.cc(p);
      if (c === COMMA || c === RBRACE) throw BAIL; // `{a: }`: rare, left to `yaml`
      const value = this.parseFlowNode(p);
      const pair: YPair = { key, keyStart: this.flowKeyStart, keyEnd, value };
      pushChild(pair);
      p = this.skipInlineSpace(value.end);
      const after = this.cc(p);
      if (after === COMMA) {
        p = this.skipInlineSpace(p + 1);
        continue;
      }
      if (after !== RBRACE) throw BAIL;
    }
    return { kind: 'map', pairs: popChildren<YPair>(mark), flow: true, start, end: p + 1 };
  }

  private flowKeyStart = 0;

  /** Sets keyText/keyEnd/flowKeyStart for the flow mapping key at p and returns its ':'. */
  private scanFlowKey(p: number): number {
    const text = this.text;
    this.flowKeyStart = p;
    const c = this.cc(p);
    if (c === DQUOTE || c === SQUOTE) {
      const quoted = c === DQUOTE ? this.scanDoubleQuoted(p) : this.scanSingleQuoted(p);
      const colon = quoted.end;
      if (this.cc(colon) !== COLON) throw BAIL;
      const after = this.cc(colon + 1);
      if (after !== SP && after !== TAB) throw BAIL;
      this.keyText = quoted.value as string;
      this.keyEnd = colon;
      return colon;
    }
    if (c < 0 || (c < 128 && (CLASS[c]! & INDICATOR) !== 0) || c === QMARK) throw BAIL;
    if ((c === DASH || c === COLON) && this.isSeparatorOrEol(p + 1)) throw BAIL;
    let q = p;
    for (;;) {
      if (this.isEol(q)) throw BAIL;
      const ch = text.charCodeAt(q);
      if (ch < 128 && (CLASS[ch]! & STOP_FLOW) !== 0) {
        if (ch !== COLON) throw BAIL; // , [ ] { } or a comment inside a key
        const after = this.cc(q + 1);
        if (after === SP || after === TAB) break;
        if (after < 128 && after >= 0 && (CLASS[after]! & STOP_FLOW) !== 0) throw BAIL;
      }
      q++;
    }
    let keyEnd = q;
    while (text.charCodeAt(keyEnd - 1) === SP || text.charCodeAt(keyEnd - 1) === TAB) keyEnd--;
    const key = internKey(text, p, keyEnd);
    if (key === '<<') throw BAIL;
    this.keyText = key;
    this.keyEnd = keyEnd;
    return q;
  }

  private parseFlowNode(p: number): YNode {
    const c = this.cc(p);
    if (c === LBRACKET || c === LBRACE) return this.parseFlow(p);
    if (c === DQUOTE) return this.scanDoubleQuoted(p);
    if (c === SQUOTE) return this.scanSingleQuoted(p);
    if (c < 0 || (c < 128 && (CLASS[c]! & INDICATOR) !== 0)) throw BAIL;
    if ((c === DASH || c === QMARK || c === COLON) && this.isSeparatorOrEol(p + 1)) throw BAIL;
    const text = this.text;
    const end = this.end;
    let q = p;
    for (;;) {
      if (q >= end) throw BAIL;
      const ch = text.charCodeAt(q);
      if (ch < 128 && (CLASS[ch]! & STOP_FLOW) !== 0) {
        if (ch === LF || ch === CR) throw BAIL;
        if (ch === COLON) {
          // `[a: b]` is an implicit pair and `{a: b: c}` an error; `yaml` handles both.
          const after = this.cc(q + 1);
          if (after === SP || after === TAB || after === -1 || (after < 128 && (CLASS[after]! & STOP_FLOW) !== 0)) throw BAIL;
        } else if (ch === HASH) {
          const prev = text.charCodeAt(q - 1);
          if (prev === SP || prev === TAB) throw BAIL;
        } else {
          break; // , [ ] { }
        }
      }
      q++;
    }
    let e = q;
    while (text.charCodeAt(e - 1) === SP || text.charCodeAt(e - 1) === TAB) e--;
    return newScalar(resolvePlain(text.slice(p, e)), 'plain', p, e);
  }

  // ---- block scalars ----

  private parseBlockScalar(start: number, ownerIndent: number): YScalar {
    const text = this.text;
    const end = this.end;
    const folded = text.charCodeAt(start) === GT;
    let p = start + 1;
    let chomp: 'clip' | 'keep' | 'strip' = 'clip';
    let c = this.cc(p);
    if (c === PLUS) {
      chomp = 'keep';
      c = this.cc(++p);
    } else if (c === DASH) {
      chomp = 'strip';
      c = this.cc(++p);
    }
    if (c >= 48 && c <= 57) throw BAIL; // explicit indentation indicator
    const indicatorEnd = p;
    while (this.cc(p) === SP || this.cc(p) === TAB) p++;
    if (!this.isEol(p) && (this.cc(p) !== HASH || p === indicatorEnd)) throw BAIL;
    // Collected lines without their indentation; null marks an empty line.
    const lines: (string | null)[] = [];
    let contentIndent = -1;
    let lastContentEnd = indicatorEnd;
    let lastContentIndex = -1;
    let lineStart = this.nextLineStart(p);
    let maxLeadingBlank = 0;
    while (lineStart < end) {
      let q = lineStart;
      while (q < end && text.charCodeAt(q) === SP) q++;
      const spaces = q - lineStart;
      if (this.isEol(q)) {
        if (contentIndent < 0) maxLeadingBlank = Math.max(maxLeadingBlank, spaces);
        if (contentIndent >= 0 && spaces > contentIndent) {
          // Spaces beyond the indentation are content in literal style; folding them is subtle.
          if (folded) throw BAIL;
          lines.push(text.slice(lineStart + contentIndent, q));
        } else {
          lines.push(null);
        }
        lineStart = this.nextLineStart(q);
        continue;
      }
      if (contentIndent < 0) {
        if (spaces <= ownerIndent) break;
        contentIndent = spaces;
        if (maxLeadingBlank > contentIndent) throw BAIL;
      } else if (spaces < contentIndent) {
        break;
      }
      if (folded && (spaces > contentIndent || text.charCodeAt(q) === TAB)) throw BAIL;
      let lineEnd = text.indexOf('\n', q);
      if (lineEnd < 0 || lineEnd > end) lineEnd = end;
      let contentEnd = lineEnd;
      if (contentEnd > q && text.charCodeAt(contentEnd - 1) === CR) contentEnd--;
      // A lone CR inside the line (searched in the line only: the text may hold none at all).
      if (text.slice(q, contentEnd).indexOf('\r') >= 0) throw BAIL;
      lines.push(text.slice(lineStart + contentIndent, contentEnd));
      lastContentEnd = contentEnd;
      lastContentIndex = lines.length - 1;
      lineStart = lineEnd < end ? lineEnd + 1 : end;
    }
    this.pos = lineStart;
    // A trailing line of nothing but extra spaces is where YAML's chomping rules get subtle.
    for (let i = lastContentIndex + 1; i < lines.length; i++) if (lines[i] !== null) throw BAIL;
    if (lastContentIndex < 0 && chomp === 'keep' && lines.length > 0) throw BAIL;
    const body = lines.slice(0, lastContentIndex + 1).map((line) => line ?? '');
    const trailing = lines.length - 1 - lastContentIndex;
    let value = folded ? foldLines(body) : body.join('\n');
    if (body.length > 0) {
      if (chomp === 'clip') value += '\n';
      else if (chomp === 'keep') value += '\n' + '\n'.repeat(trailing);
    }
    return newScalar(value, 'block', start, lastContentIndex >= 0 ? lastContentEnd : indicatorEnd);
  }
}

/** Folded style: single line breaks become spaces, each empty line one line break. */
function foldLines(lines: string[]): string {
  let out = '';
  let pendingBreaks = 0;
  let first = true;
  for (const line of lines) {
    if (line === '') {
      pendingBreaks++;
      continue;
    }
    if (first) {
      out += '\n'.repeat(pendingBreaks);
      first = false;
    } else {
      out += pendingBreaks > 0 ? '\n'.repeat(pendingBreaks) : ' ';
    }
    pendingBreaks = 0;
    out += line;
  }
  return out;
}

const ESCAPES: Record<string, string> = {
  '0': '\0', a: '\x07', b: '\b', t: '\t', '\t': '\t', n: '\n', v: '\v', f: '\f', r: '\r', e: '\x1b',
  ' ': ' ', '"': '"', '/': '/', '\\': '\\', N: '\u0085', _: '\u00a0', L: '\u2028', P: '\u2029',
};

function decodeDoubleQuoted(raw: string): string {
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i]!;
    if (ch !== '\\') {
      out += ch;
      continue;
    }
    const e = raw[++i] ?? '';
    const simple = ESCAPES[e];
    if (simple !== undefined) {
      out += simple;
      continue;
    }
    const width = e === 'x' ? 2 : e === 'u' ? 4 : e === 'U' ? 8 : 0;
    const hex = raw.slice(i + 1, i + 1 + width);
    if (width === 0 || hex.length !== width || !/^[0-9a-fA-F]+$/.test(hex)) throw BAIL;
    const code = parseInt(hex, 16);
    if (code > 0x10ffff) throw BAIL;
    out += String.fromCodePoint(code);
    i += width;
  }
  return out;
}

const NULL_RE = /^(?:~|[Nn]ull|NULL)?$/;
const BOOL_RE = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const INT_RE = /^[-+]?[0-9]+$/;
const OCT_RE = /^0o[0-7]+$/;
const HEX_RE = /^0x[0-9a-fA-F]+$/;
const SPECIAL_FLOAT_RE = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
const FLOAT_RE = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;

/** Resolves a plain scalar with the YAML 1.2 core schema, exactly as the `yaml` package does. */
export function resolvePlain(source: string): ScalarValue {
  const c = source.charCodeAt(0);
  // Fast path: most values start with a character no null, boolean or number can start with.
  if ((c >= 97 && c <= 122 && c !== 110 && c !== 116 && c !== 102) || (c >= 65 && c <= 90 && c !== 78 && c !== 84 && c !== 70) || c === 95 || c === 47) {
    return source;
  }
  if (c === DASH || c === PLUS || c === DOT) {
    // "--flag", "-x", ".": a number needs a digit or a dot next ("-1", "+.5", ".inf", "-.inf").
    const d = source.charCodeAt(1);
    if (!((d >= 48 && d <= 57) || d === DOT || (c === DOT && (d === 105 || d === 73 || d === 110 || d === 78)))) return source;
  }
  if (NULL_RE.test(source)) return null;
  if (BOOL_RE.test(source)) return c === 116 || c === 84;
  if (INT_RE.test(source)) return parseInt(source, 10);
  if (OCT_RE.test(source)) return parseInt(source.slice(2), 8);
  if (HEX_RE.test(source)) return parseInt(source.slice(2), 16);
  if (SPECIAL_FLOAT_RE.test(source)) {
    if (source.slice(-3).toLowerCase() === 'nan') return NaN;
    return c === DASH ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  }
  if (FLOAT_RE.test(source)) return parseFloat(source);
  return source;
}
