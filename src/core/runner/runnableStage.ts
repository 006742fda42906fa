/** A stage as the runner needs it, independent of how the pipeline file spelled it. */
export interface RunnableStage {
  readonly name: string;
  /** A string runs through `sh -c` (interpolated values quoted); a list is an argv, no shell. */
  readonly cmd: string | readonly string[];
  readonly deps: readonly string[];
  readonly outs: readonly string[];
  /** Dotted params keys the stage reads; a section key means the whole section. */
  readonly params: readonly string[];
  readonly needs: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  /** Where the command runs, relative to the pipeline folder ('.' by default). Every path in a stage
   *  (deps, outs, logs, metrics) is relative to the pipeline folder, whatever the workdir. */
  readonly workdir: string;
  /** Per-step metrics file (JSON lines) and final metrics JSON. */
  readonly logs?: string;
  readonly metrics?: string;
}

/** Params as a nested object (params.yaml after overrides). */
export type Params = Record<string, unknown>;

/** Looks up a dotted key (`train.lr`) in nested params; undefined when absent. */
export function paramAt(params: Params, key: string): unknown {
  let node: unknown = params;
  for (const part of key.split('.')) {
    if (node === null || typeof node !== 'object' || Array.isArray(node) || !Object.hasOwn(node, part)) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

/** Flattens nested params to dotted keys, the form runs record them in. */
export function flattenParams(params: Params, prefix = '', into: Record<string, unknown> = {}): Record<string, unknown> {
  for (const [key, value] of Object.entries(params)) {
    const dotted = prefix ? `${prefix}.${key}` : key;
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) flattenParams(value as Params, dotted, into);
    else into[dotted] = value;
  }
  return into;
}

/** Returns a copy of params with a dotted key set, creating sections as needed. */
export function withParam(params: Params, key: string, value: unknown): Params {
  const root: Params = structuredClone(params);
  const parts = key.split('.');
  let node: Record<string, unknown> = root;
  for (const part of parts.slice(0, -1)) {
    const next = node[part];
    if (next === null || typeof next !== 'object' || Array.isArray(next)) node[part] = {};
    node = node[part] as Record<string, unknown>;
  }
  node[parts[parts.length - 1]!] = value;
  return root;
}
