import { chiSquareHomogeneity } from './chiSquareTest';
import { numericHistogram } from './histogram';
import type { FeatureHistogram } from './histogram';
import { jensenShannonDistance } from './jensenShannon';
import { ksTwoSample } from './ksTest';
import { binCounts, populationStabilityIndex } from './psi';
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
  /** Bin counts reference vs live, for drawing (the drift panel). */
  readonly histogram: FeatureHistogram;
}

export type LiveSample = { readonly kind: 'numeric'; readonly sorted: Float64Array } | { readonly kind: 'categorical'; readonly counts: ReadonlyMap<string, number> };

export function featureStatistics(reference: FeatureProfile, live: LiveSample): FeatureStatistics {
  return reference.kind === 'numeric' && live.kind === 'numeric' ? numeric(reference, live.sorted) : categorical(reference, live);
}

function numeric(reference: Extract<FeatureProfile, { kind: 'numeric' }>, live: Float64Array): FeatureStatistics {
  const ks = ksTwoSample(reference.sorted, live);
  const refBins = binCounts(reference.sorted, reference.edges);
  const liveBins = binCounts(live, reference.edges);
  const notes: string[] = [];
  const ref = reference.sorted;
  if (ref[0] === ref[ref.length - 1]) notes.push(`constant in the reference (every value ${ref[0]}), so PSI has a single bin and any other live value counts as drift`);
  if (live.length > 0 && live[0] === live[live.length - 1]) notes.push(`constant in the live data (every value ${live[0]})`);
  return {
    name: reference.name, kind: 'numeric', test: 'ks', statistic: ks.statistic, pValue: ks.pValue,
    psi: populationStabilityIndex(refBins, liveBins), jsDistance: jensenShannonDistance(refBins, liveBins),
    effectSize: ks.statistic, referenceRows: ref.length, liveRows: live.length, notes,
    histogram: numericHistogram(ref, live),
  };
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
