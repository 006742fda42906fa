// `monitor.retrain` (docs/monitor.md): what the Retrain action of a drift check runs. Read from
// the plain value of the YAML node; anything malformed is left out (the editor's schema check
// already says why). No vscode: unit-tested.

export type OverrideValue = string | number | boolean | null;

export interface RetrainSettings {
  /** Param overrides, dotted keys as in a sweep matrix (`train.epochs: 300`). */
  readonly params: Readonly<Record<string, OverrideValue>>;
  /** Run every stage even when nothing changed; default false (new data already reruns the stages that read it). */
  readonly force: boolean;
}

export const DEFAULT_RETRAIN: RetrainSettings = { params: {}, force: false };

const isOverride = (v: unknown): v is OverrideValue => v === null || ['string', 'number', 'boolean'].includes(typeof v);

export function readRetrainSettings(plain: unknown): RetrainSettings {
  if (typeof plain !== 'object' || plain === null || Array.isArray(plain)) return DEFAULT_RETRAIN;
  const o = plain as Record<string, unknown>;
  const params: Record<string, OverrideValue> = {};
  if (typeof o.params === 'object' && o.params !== null && !Array.isArray(o.params)) {
    for (const [key, value] of Object.entries(o.params as Record<string, unknown>)) {
      if (isOverride(value)) params[key] = value;
    }
  }
  return { params, force: typeof o.force === 'boolean' ? o.force : DEFAULT_RETRAIN.force };
}
