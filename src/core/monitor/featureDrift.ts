import { chiSquareHomogeneity } from './chiSquareTest';
import { HISTOGRAM_BINS, numericHistogram } from './histogram';
import type { FeatureHistogram } from './histogram';
import { jensenShannonDistance } from './jensenShannon';
import { ksResult } from './ksTest';
import { binCounts } from './numericComparison';
import type { NumericComparison } from './numericComparison';
import { populationStabilityIndex } from './psi';
import type { FeatureProfile } from './referenceProfile';

/** Every statistic for one feature (or for the model's outputs), before the verdict. */
export interface FeatureStatistics {
  readonly name: string;
  readonly kind: 'numeric' | 'categorical';
  readonly test: 'ks' | 'chi-square';
  readonly statistic: number;
  readonly pValue: number;
  readonly psi: number;
  readonly jsDistance: number;
  /** KS D for numeric features; Cramér's V = sqrt(χ² / N) for categorical ones. */
  readonly effectSize: number;
  readonly referenceRows: number;
  readonly liveRows: number;
  readonly notes: readonly string[];
  /** Numeric features: the 1-D Wasserstein (earth mover's) distance, in the feature's units. */
  readonly wasserstein?: number;
  /** Numeric features: wasserstein / max(std of the reference, 0.001), the `wasserstein` method's measure. */
  readonly normedWasserstein?: number;
  /** Bin counts reference vs live, for drawing (the drift panel). */
  readonly histogram: FeatureHistogram;
}

/** The floor of the reference's standard deviation when norming the Wasserstein distance (as Evidently). */
export const WASSERSTEIN_MIN_STD = 0.001;

/** The live side of a feature: a numeric sample's comparison with the reference (compareSorted), or category counts. */
export type LiveSample = { readonly kind: 'numeric'; readonly compared: NumericComparison } | { readonly kind: 'categorical'; readonly counts: ReadonlyMap<string, number> };

export function featureStatistics(reference: FeatureProfile, live: LiveSample): FeatureStatistics {
  return reference.kind === 'numeric' && live.kind === 'numeric' ? numeric(reference, live.compared) : categorical(reference, live);
}

function numeric(reference: Extract<FeatureProfile, { kind: 'numeric' }>, live: NumericComparison): FeatureStatistics {
  const ref = reference.sorted;
  const ks = ksResult(live.ksStatistic, ref.length, live.liveRows);
  const refBins = binCounts(ref, reference.edges);
  const notes: string[] = [];
  if (ref[0] === ref[ref.length - 1]) notes.push(`constant in the reference (every value ${ref[0]}), so PSI has a single bin and any other live value counts as drift`);
  if (live.liveRows > 0 && live.liveMin === live.liveMax) notes.push(`constant in the live data (every value ${live.liveMin})`);
  return {
    name: reference.name, kind: 'numeric', test: 'ks', statistic: ks.statistic, pValue: ks.pValue,
    psi: populationStabilityIndex(refBins, live.liveBins), jsDistance: jensenShannonDistance(refBins, live.liveBins),
    effectSize: ks.statistic, referenceRows: ref.length, liveRows: live.liveRows, notes,
    wasserstein: live.wasserstein, normedWasserstein: live.wasserstein / Math.max(standardDeviation(ref), WASSERSTEIN_MIN_STD),
    histogram: live.histogram ?? numericHistogram(ref, new Float64Array(0), HISTOGRAM_BINS),
  };
}

/** Population standard deviation (numpy's np.std, ddof 0), two passes for accuracy. */
function standardDeviation(values: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i]!;
  const mean = sum / values.length;
  let squares = 0;
  for (let i = 0; i < values.length; i++) squares += (values[i]! - mean) * (values[i]! - mean);
  return Math.sqrt(squares / values.length);
}

function categorical(reference: FeatureProfile, live: LiveSample): FeatureStatistics {
  const refCounts = reference.kind === 'categorical' ? new Map(Object.entries(reference.counts)) : new Map<string, number>();
  const liveCounts = live.kind === 'categorical' ? live.counts : new Map<string, number>();
  const categories = [...new Set([...refCounts.keys(), ...liveCounts.keys()])].sort();
  const r = categories.map((c) => refCounts.get(c) ?? 0);
  const l = categories.map((c) => liveCounts.get(c) ?? 0);
  const chi = chiSquareHomogeneity(r, l);
  const total = r.reduce((s, c) => s + c, 0) + l.reduce((s, c) => s + c, 0);
  const notes: string[] = [];
  if (categories.length === 1) notes.push(`a single category ("${categories[0]}") on both sides, so there is nothing to compare`);
  const unseen = categories.filter((c, i) => r[i] === 0);
  if (unseen.length) notes.push(`${unseen.length} categor${unseen.length === 1 ? 'y' : 'ies'} never seen in the reference (${unseen.slice(0, 3).map((c) => `"${c}"`).join(', ')})`);
  return {
    name: reference.name, kind: 'categorical', test: 'chi-square', statistic: chi.statistic, pValue: chi.pValue,
    psi: populationStabilityIndex(r, l), jsDistance: jensenShannonDistance(r, l),
    effectSize: Math.sqrt(chi.statistic / total), referenceRows: sum(r), liveRows: sum(l), notes,
    histogram: { kind: 'categorical', categories, reference: r, live: l },
  };
}

function sum(values: readonly number[]): number {
  return values.reduce((s, c) => s + c, 0);
}
