import type { RunnableStage } from './runnableStage';

/**
 * What decides whether a stage must run again: the exact command, its environment, the values
 * of the params it reads, and the content hashes of its deps. Equal fingerprint and outputs
 * still present → the stage is skipped.
 */
export interface StageInputs {
  readonly argv: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly params: Readonly<Record<string, unknown>>;
  readonly depHashes: Readonly<Record<string, string | null>>;
  readonly outs: readonly string[];
  readonly workdir: string;
}

/** A canonical JSON text of the inputs (sorted keys), hashed by the caller. */
export function canonicalInputs(inputs: StageInputs): string {
  const sorted = (record: Readonly<Record<string, unknown>>) => Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
  return JSON.stringify({
    argv: inputs.argv,
    env: sorted(inputs.env),
    params: sorted(inputs.params),
    deps: sorted(inputs.depHashes),
    outs: [...inputs.outs].sort(),
    workdir: inputs.workdir,
  });
}

/** The params a stage reads, as dotted key → value, from its `params:` list and its cmd. */
export function paramsReadBy(stage: RunnableStage, flatParams: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const keys = new Set(stage.params);
  const cmdText = typeof stage.cmd === 'string' ? stage.cmd : stage.cmd.join(' ');
  for (const match of cmdText.matchAll(/\$\{\s*params\.([^}\s]+)\s*\}/g)) keys.add(match[1]!);
  const read: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(flatParams)) {
    for (const wanted of keys) {
      if (key === wanted || key.startsWith(`${wanted}.`)) read[key] = value;
    }
  }
  return read;
}
