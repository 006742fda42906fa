import { DriftInputError } from './driftInputError';
import type { FeatureStatistics } from './featureDrift';
import { adjustPValues } from './multipleTesting';
import type { Correction } from './multipleTesting';
import { psiBand } from './psi';
import type { PsiBand } from './psi';

/** The `monitor:` settings the verdict uses, with the schema's defaults filled in. */
export interface DriftSettings {
  /**
   * 'psi': a feature drifts when PSI > threshold; 'ks': when its corrected p-value < pValue;
   * 'wasserstein': a numeric feature when its normed Wasserstein distance > threshold, a
   * categorical one when its Jensen–Shannon distance > threshold.
   */
  readonly method: DriftMethod;
  readonly threshold: number;
  readonly pValue: number;
  readonly correction: Correction;
}

export type DriftMethod = 'psi' | 'ks' | 'wasserstein';

export const DEFAULT_DRIFT_SETTINGS: DriftSettings = { method: 'psi', threshold: 0.2, pValue: 0.05, correction: 'bonferroni' };

/** `threshold`'s default per method: PSI's usual 0.2; Evidently's 0.1 for distances (normed Wasserstein, JS). */
export const DEFAULT_THRESHOLDS: Readonly<Record<DriftMethod, number>> = { psi: 0.2, ks: 0.2, wasserstein: 0.1 };

export interface FeatureDrift extends FeatureStatistics {
  readonly adjustedPValue: number;
  readonly psiBand: PsiBand;
  readonly drifted: boolean;
  /** True for the model's outputs (prediction drift) rather than an input feature. */
  readonly isPrediction: boolean;
}

export interface DriftReport {
  readonly settings: DriftSettings;
  readonly drifted: boolean;
  /** Features sorted by drift: drifted first, then by PSI, largest first. */
  readonly features: readonly FeatureDrift[];
  readonly driftedCount: number;
}

/** Checks `monitor.method` and `monitor.correction` from a pipeline and fills in the defaults. */
export function resolveSettings(monitor: { method?: string; threshold?: number; pValue?: number; correction?: string } | undefined): DriftSettings {
  const method = monitor?.method ?? DEFAULT_DRIFT_SETTINGS.method;
  if (method !== 'psi' && method !== 'ks' && method !== 'wasserstein') throw new DriftInputError('UNSUPPORTED_METHOD', `monitor.method "${method}" is not supported by the drift check; use "psi", "ks" or "wasserstein".`);
  const correction = monitor?.correction ?? DEFAULT_DRIFT_SETTINGS.correction;
  if (correction !== 'bonferroni' && correction !== 'holm' && correction !== 'none') throw new DriftInputError('UNSUPPORTED_METHOD', `monitor.correction "${correction}" is not one of bonferroni, holm, none.`);
  return {
    method, correction,
    threshold: monitor?.threshold ?? DEFAULT_THRESHOLDS[method],
    pValue: monitor?.pValue ?? DEFAULT_DRIFT_SETTINGS.pValue,
  };
}

/** The verdict: corrected p-values over all features and the outputs, one rule per method. */
export function driftReport(statistics: readonly FeatureStatistics[], settings: DriftSettings, predictionName?: string): DriftReport {
  const adjusted = adjustPValues(statistics.map((s) => s.pValue), settings.correction);
  const features = statistics.map((s, i): FeatureDrift => {
    const adjustedPValue = adjusted[i]!;
    const drifted = isDrifted(s, adjustedPValue, settings);
    return { ...s, adjustedPValue, psiBand: psiBand(s.psi), drifted, isPrediction: s.name === predictionName };
  });
  features.sort((a, b) => Number(b.drifted) - Number(a.drifted) || b.psi - a.psi || a.adjustedPValue - b.adjustedPValue);
  const driftedCount = features.filter((f) => f.drifted).length;
  return { settings, drifted: driftedCount > 0, features, driftedCount };
}

/** One feature's verdict under the chosen method (categorical features under 'wasserstein' use JS). */
function isDrifted(s: FeatureStatistics, adjustedPValue: number, settings: DriftSettings): boolean {
  if (settings.method === 'psi') return s.psi > settings.threshold;
  if (settings.method === 'ks') return adjustedPValue < settings.pValue;
  return (s.kind === 'numeric' ? s.normedWasserstein ?? 0 : s.jsDistance) > settings.threshold;
}
