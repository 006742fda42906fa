// Reads a whole YAML file as independent chunks, so that most of it is parsed by the fast parser,
// only the odd chunk by the `yaml` package, and an edit re-parses only the chunk it touched.
//
// A top-level chunk is one top-level key with everything indented under it. The section named by
// `splitKey` (`stages`) is split again into one chunk per entry. Each chunk is cached by its
// text; when an unchanged chunk has moved, its ranges are shifted instead of re-parsed. What
// cannot be read chunk by chunk (aliases, several documents, directives, a root that is not a
// mapping) is read as one document by the `yaml` package.
import { fastParse } from './fastYaml';
import { parseChunkWithYaml, parseStreamWithYaml } from './yamlFallback';
import type { FallbackResult, YamlProblem } from './yamlFallback';
import { shiftNode } from './yamlNodes';
import type { YMap, YNode, YPair } from './yamlNodes';

export type { YamlProblem } from './yamlFallback';

/**
 * One edit of a text, as an editor reports it: `rangeLength` characters at `rangeOffset` were
 * replaced by `text`. A list of changes applies in order, each to the text the previous one left.
 */
export interface TextChange {
  rangeOffset: number;
  rangeLength: number;
  text: string;
}

export interface ParsedYaml {
  root: YNode | null;
  problems: YamlProblem[];
  /** How the text was read: by chunks (the usual case) or as one document by `yaml`. */
  mode: 'chunks' | 'document';
}

interface ChunkEntry {
  node: YNode | null;
  problems: YamlProblem[];
  hasAlias: boolean;
  /** Offset of the chunk when its ranges were last set. */
  base: number;
  /** Last parse() that used this entry; an entry is used at most once per parse. */
  generation: number;
}

const SP = 32;
const TAB = 9;
const LF = 10;
const CR = 13;
const HASH = 35;
const DASH = 45;

export class ChunkedYamlParser {
  private chunks = new Map<string, ChunkEntry>();
  private generation = 0;
  private lastDocument: { text: string; result: ParsedYaml } | undefined;
  /**
   * The previous text and its chunks by start offset. A chunk that lies wholly in the part of
   * the text an edit left alone (the common prefix, or the common suffix) is found by position,
   * without slicing and hashing its text.
   */
  private previous: { text: string; byStart: Map<number, { end: number; entry: ChunkEntry }> } | undefined;
  private unchanged = { prefix: 0, suffixStart: 0, delta: 0 };
  private byStart = new Map<number, { end: number; entry: ChunkEntry }>();
  /** Where the previous text's chunks start (when it was read by chunks), to move rather than find again. */
  private layout: Layout | undefined;

  /**
   * `splitKey` names the top-level section read entry by entry (so an error in one entry does
   * not send the whole section to the slow parser). Without `incremental` nothing is cached:
   * the fastest way to read a text once.
   */
  constructor(private readonly splitKey?: string, private readonly incremental = true) {}

  /** Forgets every earlier text: the next parse reads its text from scratch. */
  reset(): void {
    this.chunks.clear();
    this.lastDocument = undefined;
    this.previous = undefined;
    this.layout = undefined;
  }

  /**
   * `changes`, when given, are the edits that turned the previously parsed text into `text`: they
   * say which part is unchanged without comparing the two texts (which costs more than the rest of
   * a keystroke's parse). Changes that do not add up to `text` are ignored.
   */
  parse(text: string, changes?: readonly TextChange[]): ParsedYaml {
    this.generation++;
    if (this.incremental) {
      const previous = this.previous?.text;
      if (previous === undefined) this.unchanged = { prefix: 0, suffixStart: text.length + 1, delta: 0 };
      else this.unchanged = (changes && unchangedByChanges(previous.length, text.length, changes)) ?? unchangedParts(previous, text);
      this.byStart = new Map();
    }
    const layout = this.incremental ? this.movedLayout(text) : undefined;
    this.layout = undefined;
    const result = this.parseChunks(text, layout) ?? this.parseDocument(text);
    if (this.incremental) {
      // Forget chunks that are no longer in the text.
      for (const [key, entry] of this.chunks) if (entry.generation !== this.generation) this.chunks.delete(key);
      this.previous = { text, byStart: this.byStart };
    }
    return result;
  }

  private parseDocument(text: string): ParsedYaml {
    if (this.lastDocument?.text === text) return this.lastDocument.result;
    const { root, problems } = parseStreamWithYaml(text);
    const result: ParsedYaml = { root, problems, mode: 'document' };
    this.lastDocument = { text, result };
    return result;
  }

  /**
   * The previous text's layout moved to this text, when the edit left every line that starts a
   * chunk or an entry alone: then only the lines the edit touched need looking at, not all of
   * them. Undefined when the layout must be found again.
   */
  private movedLayout(text: string): Layout | undefined {
    const layout = this.layout;
    const before = this.previous?.text;
    if (!layout || before === undefined) return undefined;
    const { prefix, suffixStart, delta } = this.unchanged;
    if (before.length + delta !== text.length || suffixStart < prefix) return undefined;
    // The lines the edit touched, from the start of the first to the end of the last.
    const from = prefix === 0 ? 0 : text.lastIndexOf('\n', prefix - 1) + 1;
    let to = text.indexOf('\n', suffixStart);
    if (to < 0) to = text.length;
    // The chunk holding them: they must not include its first line.
    const k = lastBelow(layout.starts, from);
    if (k < 0) return undefined;
    const split = layout.splits[k];
    let deeperThan = 0;
    if (split) {
      // Within a split section: after its first entry's first line, and deeper than its entries.
      if (lastBelow(split.starts, from) < 0) return undefined;
      deeperThan = split.indent;
    } else if (this.splitKey !== undefined && text.startsWith(this.splitKey, layout.starts[k])) {
      return undefined; // a section that could not be split; an edit may change that
    }
    if (!neutralLines(text, from, to, deeperThan) || !neutralLines(before, from, to - delta, deeperThan)) return undefined;
    const move = (offset: number): number => (offset < from ? offset : offset + delta);
    return {
      starts: layout.starts.map(move),
      splits: layout.splits.map((sp) => sp && { key: sp.key, keyStart: move(sp.keyStart), colon: move(sp.colon), starts: sp.starts.map(move), end: move(sp.end), indent: sp.indent }),
    };
  }

  /** Undefined when the text must be read as one document. */
  private parseChunks(text: string, moved: Layout | undefined): ParsedYaml | undefined {
    if (!this.incremental) {
      // Read once, a text the fast parser reads whole needs no chunks: the tree is the same.
      const whole = fastParse(text, text.charCodeAt(0) === 0xfeff ? 1 : 0, text.length);
      if (whole?.kind === 'map' && !whole.flow) return { root: whole, problems: [], mode: 'chunks' };
    }
    const starts = moved ? moved.starts : topLevelChunkStarts(text);
    if (!starts) return undefined;
    const splits: (SplitSection | undefined)[] = [];
    const problems: YamlProblem[] = [];
    const pairs: YPair[] = [];
    for (let i = 0; i < starts.length; i++) {
      const start = starts[i]!;
      const end = starts[i + 1] ?? text.length;
      // Read once, the section is first tried whole: when the fast parser reads it, that is the
      // same tree the entries would give one by one, without splitting it.
      const whole = !this.incremental && this.splitKey !== undefined && text.startsWith(this.splitKey, start) ? fastParse(text, start, end) : undefined;
      const section = whole?.kind === 'map' && whole.pairs.length === 1 ? whole.pairs[0]! : undefined;
      if (section && section.key === this.splitKey && section.value.kind === 'map' && !section.value.flow) {
        pairs.push(section);
        continue;
      }
      const split = moved ? moved.splits[i] : this.splitKey !== undefined ? splitSection(text, start, end, this.splitKey) : undefined;
      splits.push(split);
      if (split) {
        const pair = this.parseSplitSection(text, split, problems);
        if (!pair) return undefined;
        pairs.push(pair);
        continue;
      }
      const entry = this.chunk(text, start, end);
      if (entry.hasAlias) return undefined;
      problems.push(...entry.problems);
      const node = entry.node;
      if (node?.kind === 'map' && node.pairs.length > 0) {
        pairs.push(...node.pairs);
      } else if (i === 0) {
        // The root is not a mapping, or the first line is something `yaml` reads differently.
        return undefined;
      } else if (entry.problems.length === 0) {
        problems.push(notAnEntry(text, start, end, 'at the top level'));
      }
    }
    if (this.incremental) this.layout = { starts, splits };
    if (pairs.length === 0) return { root: null, problems, mode: 'chunks' };
    const first = pairs[0]!;
    const last = pairs[pairs.length - 1]!;
    const root: YMap = { kind: 'map', pairs, flow: false, start: first.keyStart, end: Math.max(last.keyEnd, last.value.end) };
    return { root, problems, mode: 'chunks' };
  }

  private parseSplitSection(text: string, split: SplitSection, problems: YamlProblem[]): YPair | undefined {
    const pairs: YPair[] = [];
    for (let i = 0; i < split.starts.length; i++) {
      const start = split.starts[i]!;
      const end = split.starts[i + 1] ?? split.end;
      const entry = this.chunk(text, start, end);
      if (entry.hasAlias) return undefined;
      problems.push(...entry.problems);
      const node = entry.node;
      if (node?.kind === 'map' && node.pairs.length > 0) pairs.push(...node.pairs);
      else if (entry.problems.length === 0) problems.push(notAnEntry(text, start, end, `in '${split.key}'`));
    }
    let value: YNode;
    if (pairs.length > 0) {
      const last = pairs[pairs.length - 1]!;
      value = { kind: 'map', pairs, flow: false, start: pairs[0]!.keyStart, end: Math.max(last.keyEnd, last.value.end) };
    } else {
      value = { kind: 'scalar', value: null, style: 'plain', start: split.colon + 1, end: split.colon + 1, implicit: true };
    }
    return { key: split.key, keyStart: split.keyStart, keyEnd: split.keyStart + split.key.length, value };
  }

  /** The parse of text[start, end), from the cache when the same text was parsed before. */
  private chunk(text: string, start: number, end: number): ChunkEntry {
    if (!this.incremental) return parseChunk(text, start, end, this.generation);
    const entry = this.reuseByPosition(start, end) ?? this.reuseByText(text, start, end);
    this.byStart.set(start, { end, entry });
    return entry;
  }

  /** The previous parse's entry for this chunk, if the edit left the chunk's text alone. */
  private reuseByPosition(start: number, end: number): ChunkEntry | undefined {
    const { prefix, suffixStart, delta } = this.unchanged;
    let oldStart: number;
    if (end <= prefix) oldStart = start;
    else if (start >= suffixStart) oldStart = start - delta;
    else return undefined;
    const old = this.previous?.byStart.get(oldStart);
    if (!old || old.end !== end - (start - oldStart) || old.entry.generation === this.generation) return undefined;
    return this.adopt(old.entry, start);
  }

  private reuseByText(text: string, start: number, end: number): ChunkEntry {
    const key = text.slice(start, end);
    const cached = this.chunks.get(key);
    if (cached && cached.generation !== this.generation) return this.adopt(cached, start);
    const fresh = parseChunk(text, start, end, this.generation);
    // A second chunk with identical text in the same parse gets its own, uncached nodes.
    if (!cached) this.chunks.set(key, fresh);
    return fresh;
  }

  /** Marks a cached entry used by this parse, moving its ranges to where the chunk now starts. */
  private adopt(entry: ChunkEntry, start: number): ChunkEntry {
    entry.generation = this.generation;
    const delta = start - entry.base;
    if (delta !== 0) {
      if (entry.node) shiftNode(entry.node, delta);
      for (const p of entry.problems) {
        p.range.start += delta;
        p.range.end += delta;
      }
      entry.base = start;
    }
    return entry;
  }
}

/**
 * How much of `after` an edit of `before` left alone: a common prefix [0, prefix) and a common
 * suffix [suffixStart, after.length) that sits at suffixStart - delta in `before`. Compares in
 * blocks with the engine's own string comparison: a loop over chars is ~100x slower.
 */
export function unchangedParts(before: string, after: string): { prefix: number; suffixStart: number; delta: number } {
  const block = 4096;
  const max = Math.min(before.length, after.length);
  let prefix = 0;
  while (prefix + block <= max && before.substring(prefix, prefix + block) === after.substring(prefix, prefix + block)) prefix += block;
  while (prefix < max && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++;
  const room = max - prefix;
  const bl = before.length;
  const al = after.length;
  let suffix = 0;
  while (suffix + block <= room && before.substring(bl - suffix - block, bl - suffix) === after.substring(al - suffix - block, al - suffix)) suffix += block;
  while (suffix < room && before.charCodeAt(bl - suffix - 1) === after.charCodeAt(al - suffix - 1)) suffix++;
  return { prefix, suffixStart: al - suffix, delta: al - bl };
}

/**
 * What unchangedParts would say, worked out from the edits instead of the texts (it may say less
 * is unchanged than a comparison would, never more). Undefined when the edits do not fit.
 */
export function unchangedByChanges(beforeLength: number, afterLength: number, changes: readonly TextChange[]): { prefix: number; suffixStart: number; delta: number } | undefined {
  let length = beforeLength;
  let prefix = beforeLength;
  // Characters at the end no change touched.
  let suffix = beforeLength;
  for (const c of changes) {
    const { rangeOffset: offset, rangeLength: removed } = c;
    if (!Number.isInteger(offset) || !Number.isInteger(removed) || offset < 0 || removed < 0 || offset + removed > length) return undefined;
    if (offset < prefix) prefix = offset;
    const after = length - offset - removed;
    if (after < suffix) suffix = after;
    length += c.text.length - removed;
  }
  if (length !== afterLength) return undefined;
  prefix = Math.min(prefix, afterLength, beforeLength);
  suffix = Math.min(suffix, afterLength - prefix, beforeLength - prefix);
  return { prefix, suffixStart: afterLength - suffix, delta: afterLength - beforeLength };
}

function parseChunk(text: string, start: number, end: number, generation: number): ChunkEntry {
  const fast = fastParse(text, start, end);
  if (fast !== undefined) return { node: fast, problems: [], hasAlias: false, base: start, generation };
  const slow: FallbackResult = parseChunkWithYaml(text, start, end);
  return { node: slow.root, problems: slow.problems, hasAlias: slow.hasAlias, base: start, generation };
}

function notAnEntry(text: string, start: number, end: number, where: string): YamlProblem {
  let s = start;
  while (s < end && (text.charCodeAt(s) === SP || text.charCodeAt(s) === TAB)) s++;
  let e = text.indexOf('\n', s);
  if (e < 0 || e > end) e = end;
  while (e > s && /\s/.test(text[e - 1]!)) e--;
  return { code: 'yaml-syntax', severity: 'error', message: `Expected 'key: value' ${where}; this line has no ':' after its key.`, range: { start: s, end: Math.max(e, s) } };
}

function isBlankOrEnd(c: number): boolean {
  return c === SP || c === TAB || c === LF || c === CR || Number.isNaN(c);
}

function restIsBlankOrComment(text: string, p: number): boolean {
  while (p < text.length) {
    const c = text.charCodeAt(p);
    if (c === LF) return true;
    if (c === HASH) return text.charCodeAt(p - 1) === SP || text.charCodeAt(p - 1) === TAB;
    if (c !== SP && c !== TAB && c !== CR) return false;
    p++;
  }
  return true;
}

/**
 * Offsets where top-level entries start (a line with content in column 0), or undefined when
 * the text must be read as one document: directives, document markers past the first line, a
 * root sequence, or a first line starting a flow collection or an explicit key.
 */
function topLevelChunkStarts(text: string): number[] | undefined {
  const starts: number[] = [];
  let lineStart = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let sawMarker = false;
  while (lineStart < text.length) {
    const c = text.charCodeAt(lineStart);
    if (c === SP || c === TAB || c === LF || c === CR || c === HASH) {
      // Continuation, blank or comment line.
    } else if (c === DASH && isBlankOrEnd(text.charCodeAt(lineStart + 1))) {
      if (starts.length === 0) return undefined; // the root is a sequence
    } else if ((c === DASH || c === 46) && text.startsWith(c === DASH ? '---' : '...', lineStart) && isBlankOrEnd(text.charCodeAt(lineStart + 3))) {
      if (c === 46 || sawMarker || starts.length > 0 || !restIsBlankOrComment(text, lineStart + 3)) return undefined;
      sawMarker = true;
    } else if (c === 37 /* % */) {
      return undefined;
    } else {
      if (starts.length === 0 && (c === 91 || c === 123 || c === 63 || c === 58 || c === 38 || c === 33 || c === 42)) return undefined;
      starts.push(lineStart);
    }
    const nl = text.indexOf('\n', lineStart);
    if (nl < 0) break;
    lineStart = nl + 1;
  }
  return starts;
}

interface SplitSection {
  key: string;
  keyStart: number;
  colon: number;
  /** Where each entry of the section starts, and where the section ends. */
  starts: number[];
  end: number;
  /** The entries' indentation. */
  indent: number;
}

/** Where a text read by chunks has its chunks, and the entries of its split section. */
interface Layout {
  starts: number[];
  splits: (SplitSection | undefined)[];
}

/** The index of the last offset below `at` in an ascending list, or -1. */
function lastBelow(offsets: readonly number[], at: number): number {
  let lo = 0;
  let hi = offsets.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (offsets[mid]! < at) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/**
 * Whether every line from the line starting at `from` to the one holding `to` is one that neither
 * topLevelChunkStarts nor splitSection takes note of: empty, a comment, or content indented with
 * spaces deeper than `deeperThan` (and at least one). Such lines start no chunk and no entry.
 */
function neutralLines(text: string, from: number, to: number, deeperThan: number): boolean {
  let lineStart = from;
  for (;;) {
    let q = lineStart;
    while (q < text.length && text.charCodeAt(q) === SP) q++;
    const c = q < text.length ? text.charCodeAt(q) : LF;
    const empty = c === LF || (c === CR && text.charCodeAt(q + 1) === LF) || c === HASH;
    if (!empty && (c === TAB || q - lineStart <= deeperThan || q === lineStart)) return false;
    const nl = text.indexOf('\n', lineStart);
    if (nl < 0 || nl >= to) return true;
    lineStart = nl + 1;
  }
}

/**
 * If text[start, end) is `key:` followed by a block mapping whose entries are all at one
 * indentation, the offsets of those entries; otherwise undefined (parse the chunk whole).
 */
function splitSection(text: string, start: number, end: number, key: string): SplitSection | undefined {
  if (!text.startsWith(key, start)) return undefined;
  let p = start + key.length;
  while (text.charCodeAt(p) === SP || text.charCodeAt(p) === TAB) p++;
  if (text.charCodeAt(p) !== 58 /* : */) return undefined;
  const colon = p;
  if (!restIsBlankOrComment(text, p + 1)) return undefined;
  const starts: number[] = [];
  let indent = -1;
  let nl = text.indexOf('\n', p);
  while (nl >= 0 && nl + 1 < end) {
    const lineStart = nl + 1;
    let q = lineStart;
    while (q < end && text.charCodeAt(q) === SP) q++;
    const c = q < end ? text.charCodeAt(q) : LF;
    const blank = c === LF || (c === CR && text.charCodeAt(q + 1) === LF) || (c === TAB && restIsBlankOrComment(text, q));
    if (!blank && c !== HASH) {
      const spaces = q - lineStart;
      if (c === TAB || spaces === 0) return undefined;
      if (indent < 0) indent = spaces;
      if (spaces < indent) return undefined;
      if (spaces === indent) {
        if (c === DASH && isBlankOrEnd(text.charCodeAt(q + 1))) return undefined;
        starts.push(lineStart);
      }
    }
    nl = text.indexOf('\n', lineStart);
    if (nl >= end) break;
  }
  return { key, keyStart: start, colon, starts, end, indent };
}
