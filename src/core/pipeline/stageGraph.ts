// The stages' run-order graph: who writes which path, who reads it, `needs` and `${x.outs}`
// references, and the problems found in it (duplicate or overlapping outputs, unknown stages,
// reads of outputs written later, cycles).
//
// Problems point at their cause by coordinates (stage number, list, item) rather than by text
// range, so a graph computed for one version of the text stays valid for the next as long as
// every stage's graph-relevant values are the same: typing in a command or a description does
// not rebuild the graph of a 2,000-stage pipeline.
import { normalizePath } from './paths';
import { closestMatches } from './suggest';

export type CauseList = 'deps' | 'writes' | 'needs' | 'stageRefs';

/** Item `index` of list `list` of stage number `stage`. */
export interface Coord {
  stage: number;
  list: CauseList;
  index: number;
}

export interface GraphProblem {
  code: string;
  severity: 'error' | 'warning';
  message: string;
  at: Coord;
  related?: { message: string; at: Coord }[];
  /** For unknown stage names: what to offer instead. */
  suggestions?: string[];
}

/** What the graph needs to know about one stage: its lists, each item with its string value. */
export interface GraphStage {
  name: string;
  writes: readonly { value: string }[];
  deps: readonly { value: string }[];
  needs: readonly { value: string }[];
  stageRefs: readonly { value: string }[];
  /** All of the above in one string (equal keys, equal graph); made when first needed. */
  key: string | undefined;
}

function keyOf(stage: GraphStage): string {
  const join = (list: readonly { value: string }[]): string => list.map((i) => i.value).join('\u0001');
  return (stage.key ??= [stage.name, join(stage.writes), join(stage.deps), join(stage.needs), join(stage.stageRefs)].join('\u0002'));
}

export const NEEDS = 0;
export const USES = 1;
export const READS = 2;

export class StageGraph {
  /** Graph keys of the stages, when the graph is kept for reuse. */
  private readonly keys: string[] | undefined;
  readonly names: string[];
  readonly problems: GraphProblem[] = [];
  /** Writes, numbered in file order: path → write number, and folder → first write inside it. */
  private readonly written = new Map<string, number>();
  private readonly below = new Map<string, number>();
  /**
   * `below` is filled on demand, from the writes in order (so each folder keeps its first write):
   * writes before `belowUpTo` are in it. Most pipelines never ask about a folder that holds
   * outputs, and filling it means slicing every folder above every output.
   */
  private belowUpTo = 0;
  /** Lengths of the folders above the writes so far (below 256): a path of another length holds none. */
  private readonly folderLengths = new Uint8Array(256);
  private readonly writePath: string[] = [];
  /** Lengths of the paths in `written` (below 256): a folder of another length is not looked up. */
  private readonly writtenLengths = new Uint8Array(256);
  /** Write number → stage and item; `writeCount` of them are used. */
  private readonly writeStage: Int32Array;
  private readonly writeItem: Int32Array;
  private writeCount = 0;
  /**
   * Edges as parallel arrays, `edgeCount` of them used (sized once: a big pipeline has thousands,
   * and growing four arrays item by item is mostly garbage): `from` runs before `to` because of
   * item `causeIndex` of list `kind` (needs, stageRefs or deps) of stage `to`.
   */
  private readonly edgeFrom: Int32Array;
  private readonly edgeTo: Int32Array;
  private readonly edgeKind: Uint8Array;
  private readonly edgeCauseIndex: Int32Array;
  private edgeCount = 0;
  /** Deps no stage writes, as (stage, item) pairs: only these need looking for on disk. */
  readonly unproducedStage: number[] = [];
  readonly unproducedItem: number[] = [];

  /** `reusable`: keep what `matches` needs to tell whether a later version has the same graph. */
  constructor(stages: readonly GraphStage[], reusable = false) {
    this.keys = reusable ? stages.map(keyOf) : undefined;
    this.names = stages.map((s) => s.name);
    let writes = 0;
    let links = 0;
    for (const s of stages) {
      writes += s.writes.length;
      links += s.needs.length + s.stageRefs.length + s.deps.length;
    }
    this.writeStage = new Int32Array(writes);
    this.writeItem = new Int32Array(writes);
    this.edgeFrom = new Int32Array(links);
    this.edgeTo = new Int32Array(links);
    this.edgeKind = new Uint8Array(links);
    this.edgeCauseIndex = new Int32Array(links);
    this.indexWrites(stages);
    this.link(stages);
    this.findCycles(stages);
  }

  /** Whether this graph is the graph of `stages` too. */
  matches(stages: readonly GraphStage[]): boolean {
    const keys = this.keys;
    if (!keys || stages.length !== keys.length) return false;
    for (let i = 0; i < stages.length; i++) if (keyOf(stages[i]!) !== keys[i]) return false;
    return true;
  }

  /** The write of `path` itself, of a folder above it, or of something inside it. */
  producerOf(path: string): number | undefined {
    return this.written.get(path) ?? this.ancestorWrite(path) ?? this.firstWriteInside(path, this.writeCount);
  }

  /** Names of the stages each stage runs after, in order of first mention. */
  upstream(): string[][] {
    const lists: string[][] = this.names.map(() => []);
    for (let e = 0; e < this.edgeCount; e++) {
      const from = this.edgeFrom[e]!;
      const to = this.edgeTo[e]!;
      const name = this.names[from]!;
      const list = lists[to]!;
      if (from !== to && !list.includes(name)) list.push(name);
    }
    return lists;
  }

  private indexWrites(stages: readonly GraphStage[]): void {
    for (let s = 0; s < stages.length; s++) {
      const stage = stages[s]!;
      for (let i = 0; i < stage.writes.length; i++) {
        const value = stage.writes[i]!.value;
        const path = normalizePath(value);
        if (path === undefined) continue;
        const same = this.written.get(path);
        if (same !== undefined) {
          const other = this.writeStage[same]!;
          if (other === s) continue; // listed twice in one stage: the schema's duplicate-item says so
          const otherName = this.names[other]!;
          this.problems.push({ code: 'duplicate-out', severity: 'error', message: `'${value}' is also written by stage '${otherName}'; each output belongs to one stage.`, at: { stage: s, list: 'writes', index: i }, related: [{ message: `written by stage '${otherName}' here`, at: this.writeCoord(same) }] });
          continue;
        }
        const overlap = this.ancestorWrite(path) ?? this.firstWriteInside(path, this.writeCount);
        if (overlap !== undefined) {
          const other = this.writeStage[overlap]!;
          const otherValue = stages[other]!.writes[this.writeItem[overlap]!]!.value;
          const who = other === s ? 'this stage' : `stage '${this.names[other]!}'`;
          this.problems.push({ code: 'overlapping-out', severity: 'error', message: `'${value}' overlaps '${otherValue}', written by ${who}; outputs must not contain one another.`, at: { stage: s, list: 'writes', index: i }, related: [{ message: `'${otherValue}' is written here`, at: this.writeCoord(overlap) }] });
          continue;
        }
        const n = this.writeCount++;
        this.writeStage[n] = s;
        this.writeItem[n] = i;
        this.written.set(path, n);
        if (path.length < 256) this.writtenLengths[path.length] = 1;
        this.writePath.push(path);
        this.folderLengths[1] = 1; // '.'
        for (let k = path.lastIndexOf('/'); k > 0; k = path.lastIndexOf('/', k - 1)) if (k < 256) this.folderLengths[k] = 1;
      }
    }
  }

  /** The first of writes [0, upTo) inside folder `path`, if any. */
  private firstWriteInside(path: string, upTo: number): number | undefined {
    if (path.length < 256 && this.folderLengths[path.length] === 0) return undefined;
    for (; this.belowUpTo < upTo; this.belowUpTo++) {
      const n = this.belowUpTo;
      const written = this.writePath[n]!;
      for (let k = written.lastIndexOf('/'); ; k = written.lastIndexOf('/', k - 1)) {
        const ancestor = k > 0 ? written.slice(0, k) : '.';
        if (this.below.has(ancestor)) break; // and so are all the folders above it
        this.below.set(ancestor, n);
        if (k <= 0) break;
      }
    }
    return this.below.get(path);
  }

  private writeCoord(n: number): Coord {
    return { stage: this.writeStage[n]!, list: 'writes', index: this.writeItem[n]! };
  }

  /** The write of a folder above `path`, if any. */
  private ancestorWrite(path: string): number | undefined {
    for (let i = path.lastIndexOf('/'); i > 0; i = path.lastIndexOf('/', i - 1)) {
      // Most folders above a path are nobody's output: skip slicing and hashing them.
      if (i < 256 && this.writtenLengths[i] === 0) continue;
      const n = this.written.get(path.slice(0, i));
      if (n !== undefined) return n;
    }
    return path === '.' ? undefined : this.written.get('.');
  }

  private link(stages: readonly GraphStage[]): void {
    const byName = new Map<string, number>();
    for (let s = 0; s < stages.length; s++) if (!byName.has(stages[s]!.name)) byName.set(stages[s]!.name, s);
    for (let s = 0; s < stages.length; s++) {
      const stage = stages[s]!;
      for (let i = 0; i < stage.needs.length; i++) {
        const name = stage.needs[i]!.value;
        const target = byName.get(name);
        if (target !== undefined) this.addEdge(target, s, NEEDS, i);
        else this.unknownStage(name, { stage: s, list: 'needs', index: i }, 'unknown-stage', `Stage '${name}' in 'needs' does not exist.`);
      }
      for (let i = 0; i < stage.stageRefs.length; i++) {
        const name = stage.stageRefs[i]!.value;
        const target = byName.get(name);
        if (target !== undefined) this.addEdge(target, s, USES, i);
        else this.unknownStage(name, { stage: s, list: 'stageRefs', index: i }, 'unknown-stage-ref', `'\${${name}.outs}' refers to a stage that does not exist.`);
      }
      for (let i = 0; i < stage.deps.length; i++) {
        const value = stage.deps[i]!.value;
        const path = normalizePath(value);
        const n = path === undefined ? undefined : this.producerOf(path);
        if (n === undefined) {
          this.unproducedStage.push(s);
          this.unproducedItem.push(i);
          continue;
        }
        const producer = this.writeStage[n]!;
        this.addEdge(producer, s, READS, i);
        if (producer > s) {
          const p = this.names[producer]!;
          this.problems.push({ code: 'dep-produced-later', severity: 'warning', message: `'${value}' is written by stage '${p}', which comes later in the file; move '${p}' above '${stage.name}' so the file reads in run order.`, at: { stage: s, list: 'deps', index: i }, related: [{ message: `written by stage '${p}' here`, at: this.writeCoord(n) }] });
        }
      }
    }
  }

  private addEdge(from: number, to: number, kind: number, causeIndex: number): void {
    const e = this.edgeCount++;
    this.edgeFrom[e] = from;
    this.edgeTo[e] = to;
    this.edgeKind[e] = kind;
    this.edgeCauseIndex[e] = causeIndex;
  }

  /** Where edge `e` comes from. */
  private edgeCause(e: number): Coord {
    const kind = this.edgeKind[e];
    return { stage: this.edgeTo[e]!, list: kind === NEEDS ? 'needs' : kind === USES ? 'stageRefs' : 'deps', index: this.edgeCauseIndex[e]! };
  }

  private unknownStage(name: string, at: Coord, code: string, message: string): void {
    const suggestions = closestMatches(name, this.names);
    const names = this.names;
    const hint = suggestions.length > 0 ? ` Did you mean '${suggestions[0]!}'?` : names.length > 0 ? ` Stages: ${names.slice(0, 10).join(', ')}${names.length > 10 ? ', ...' : ''}.` : '';
    this.problems.push({ code, severity: 'error', message: message + hint, at, suggestions });
  }

  /** Why edge `e` exists, for messages. */
  private why(e: number, stages: readonly GraphStage[]): string {
    const to = this.names[this.edgeTo[e]!]!;
    const from = this.names[this.edgeFrom[e]!]!;
    const kind = this.edgeKind[e];
    if (kind === NEEDS) return `'${to}' needs '${from}'`;
    if (kind === USES) return `'${to}' uses \${${from}.outs}`;
    return `'${to}' reads '${stages[this.edgeTo[e]!]!.deps[this.edgeCauseIndex[e]!]!.value}', written by '${from}'`;
  }

  private findCycles(stages: readonly GraphStage[]): void {
    const n = this.names.length;
    const edgeCount = this.edgeCount;
    // Compressed adjacency: the edges leaving node v are edges[start[v] .. start[v + 1]).
    const start = new Int32Array(n + 1);
    for (let e = 0; e < edgeCount; e++) {
      const from = this.edgeFrom[e]!;
      if (from === this.edgeTo[e]) {
        this.problems.push({ code: 'cycle', severity: 'error', message: `Stage '${this.names[from]!}' depends on itself (${this.why(e, stages)}), so it can never run.`, at: this.edgeCause(e) });
        continue;
      }
      start[from + 1]!++;
    }
    for (let i = 0; i < n; i++) start[i + 1]! += start[i]!;
    const fill = start.slice();
    const edges = new Int32Array(edgeCount);
    for (let e = 0; e < edgeCount; e++) {
      const from = this.edgeFrom[e]!;
      if (from !== this.edgeTo[e]) edges[fill[from]!++] = e;
    }
    const graph: Adjacency = { n, start, edges, to: this.edgeTo };
    for (const component of stronglyConnected(graph)) {
      if (component.length < 2) continue;
      const cycle = findCycle(component, graph);
      if (cycle.length === 0) continue;
      const names = [...cycle.map((e) => this.names[this.edgeFrom[e]!]!), this.names[this.edgeFrom[cycle[0]!]!]!];
      const message = `Dependency cycle: ${names.join(' → ')}. Stages in a cycle can never run; remove one of these dependencies.`;
      for (const e of cycle) {
        const related = cycle.filter((o) => o !== e).map((o) => ({ message: this.why(o, stages), at: this.edgeCause(o) }));
        this.problems.push({ code: 'cycle', severity: 'error', message: `${message} (Here: ${this.why(e, stages)}.)`, at: this.edgeCause(e), related });
      }
    }
  }
}

/** The graph in compressed form: the edges leaving node v are edges[start[v] .. start[v + 1]). */
interface Adjacency {
  n: number;
  start: Int32Array;
  edges: Int32Array;
  /** Edge number → target node. */
  to: Int32Array;
}

/**
 * Tarjan's algorithm, iterative so a long chain of stages cannot exhaust the stack. Returns the
 * components of two or more stages only (a stage alone is never a cycle; self-loops are found
 * before): a pipeline is mostly singletons, and an array for each is garbage.
 */
function stronglyConnected(graph: Adjacency): number[][] {
  const { n, start, edges, to } = graph;
  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const next = new Int32Array(n);
  const stack: number[] = [];
  const work: number[] = [];
  const components: number[][] = [];
  let counter = 0;
  for (let root = 0; root < n; root++) {
    if (index[root] !== -1) continue;
    index[root] = low[root] = counter++;
    next[root] = start[root]!;
    stack.push(root);
    onStack[root] = 1;
    work.push(root);
    while (work.length > 0) {
      const v = work[work.length - 1]!;
      if (next[v]! < start[v + 1]!) {
        const w = to[edges[next[v]!]!]!;
        next[v]!++;
        if (index[w] === -1) {
          index[w] = low[w] = counter++;
          next[w] = start[w]!;
          stack.push(w);
          onStack[w] = 1;
          work.push(w);
        } else if (onStack[w]) {
          low[v] = Math.min(low[v]!, index[w]!);
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent !== undefined) low[parent] = Math.min(low[parent]!, low[v]!);
      if (low[v] === index[v]) {
        if (stack[stack.length - 1] === v) {
          stack.pop();
          onStack[v] = 0;
          continue;
        }
        const component: number[] = [];
        let member: number;
        do {
          member = stack.pop()!;
          onStack[member] = 0;
          component.push(member);
        } while (member !== v);
        components.push(component);
      }
    }
  }
  return components;
}

/** One cycle (as edge numbers) through the first stage, in file order, of a strongly connected component. */
function findCycle(component: number[], graph: Adjacency): number[] {
  const members = new Set(component);
  let first = component[0]!;
  for (const c of component) if (c < first) first = c;
  const via = new Map<number, number>();
  const source = new Map<number, number>();
  const queue = [first];
  for (let q = 0; q < queue.length; q++) {
    const v = queue[q]!;
    for (let k = graph.start[v]!; k < graph.start[v + 1]!; k++) {
      const e = graph.edges[k]!;
      const w = graph.to[e]!;
      if (!members.has(w)) continue;
      source.set(e, v);
      if (w === first) {
        const path = [e];
        let at = v;
        while (at !== first) {
          const back = via.get(at)!;
          path.unshift(back);
          at = source.get(back)!;
        }
        return path;
      }
      if (!via.has(w)) {
        via.set(w, e);
        queue.push(w);
      }
    }
  }
  return [];
}
