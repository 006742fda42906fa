import { DriftInputError } from './driftInputError';
import type { FeatureStatistics } from './featureDrift';
import { adjustPValues } from './multipleTesting';
import type { Correction } from './multipleTesting';
import { psiBand } from './psi';
import type { PsiBand } from './psi';

/** The `monitor:` settings the verdict uses, with the schema's defaults filled in. */
export interface DriftSettings {
  /** 'psi': a feature drifts when PSI > threshold; 'ks': when its corrected p-value < pValue. */
  readonly method: 'psi' | 'ks';
  readonly threshold: number;
  readonly pValue: number;
  readonly correction: Correction;
}

export const DEFAULT_DRIFT_SETTINGS: DriftSettings = { method: 'psi', threshold: 0.2, pValue: 0.05, correction: 'bonferroni' };

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

/** Checks `monitor.method` from a pipeline; 'wasserstein' is in the schema but not computed. */
export function resolveSettings(monitor: { method?: string; threshold?: number; pValue?: number; correction?: string } | undefined): DriftSettings {
  const method = monitor?.method ?? DEFAULT_DRIFT_SETTINGS.method;
  if (method !== 'psi' && method !== 'ks') throw new DriftInputError('UNSUPPORTED_METHOD', `monitor.method "${method}" is not supported by the drift check; use "psi" or "ks".`);
  const correction = monitor?.correction ?? DEFAULT_DRIFT_SETTINGS.correction;
  if (correction !== 'bonferroni' && correction !== 'holm' && correction !== 'none') throw new DriftInputError('UNSUPPORTED_METHOD', `monitor.correction "${correction}" is not one of bonferroni, holm, none.`);
  return {
    method, correction,
    threshold: monitor?.threshold ?? DEFAULT_DRIFT_SETTINGS.threshold,
    pValue: monitor?.pValue ?? DEFAULT_DRIFT_SETTINGS.pValue,
  };
}

/** The verdict: corrected p-values over all features and the outputs, one rule per method. */
export function driftReport(statistics: readonly FeatureStatistics[], settings: DriftSettings, predictionName?: string): DriftReport {
  const adjusted = adjustPValues(statistics.map((s) => s.pValue), settings.correction);
  const features = statistics.map((s, i): FeatureDrift => {
    const adjustedPValue = adjusted[i]!;
    const drifted = settings.method === 'psi' ? s.psi > settings.threshold : adjustedPValue < settings.pValue;
    return { ...s, adjustedPValue, psiBand: psiBand(s.psi), drifted, isPrediction: s.name === predictionName };
  });
  features.sort((a, b) => Number(b.drifted) - Number(a.drifted) || b.psi - a.psi || a.adjustedPValue - b.adjustedPValue);
  const driftedCount = features.filter((f) => f.drifted).length;
  return { settings, drifted: driftedCount > 0, features, driftedCount };
}
