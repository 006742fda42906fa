// What the drift panel draws, computed from the report without the DOM (unit-tested): feature
// order, histogram bars as shares, and the sentences of the verdict and the accessible names.

import type { DriftReportView, DriftSettingsView, FeatureView, HistogramData } from './protocol';

/** Most drifted first: drifted features, then by the method's own measure, then by name. */
export function sortFeatures(features: readonly FeatureView[], method: DriftSettingsView['method']): FeatureView[] {
  const psi = (f: FeatureView) => f.psi ?? -Infinity;
  const p = (f: FeatureView) => f.adjustedPValue ?? Infinity;
  // The wasserstein method judges categorical features by their JS distance (docs/monitor.md).
  const distance = (f: FeatureView) => (f.kind === 'numeric' ? f.normedWasserstein : f.jsDistance) ?? -Infinity;
  const byMeasure = method === 'psi'
    ? (a: FeatureView, b: FeatureView) => psi(b) - psi(a) || p(a) - p(b)
    : method === 'wasserstein'
      ? (a: FeatureView, b: FeatureView) => distance(b) - distance(a) || p(a) - p(b)
      : (a: FeatureView, b: FeatureView) => p(a) - p(b) || (b.effectSize ?? 0) - (a.effectSize ?? 0);
  return [...features].sort((a, b) => Number(b.drifted) - Number(a.drifted) || byMeasure(a, b) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

export interface HistogramBars {
  /** One label per bar: a value range, or a category. */
  labels: string[];
  /** Share of the reference rows in each bar, 0…1. */
  reference: number[];
  /** Share of the live rows in each bar, 0…1. */
  live: number[];
  /** The tallest share of either side (the y scale). */
  maxShare: number;
}

/** At most this many category bars; the rest are summed into one "N others" bar. */
export const MAX_CATEGORY_BARS = 12;

/**
 * Bars as shares of each side's rows, so a 100-row live sample and a 100,000-row reference
 * are comparable. Categories are ordered by their combined share, the long tail merged.
 */
export function histogramBars(h: HistogramData, maxCategories = MAX_CATEGORY_BARS): HistogramBars {
  const shares = (counts: readonly number[]) => {
    const total = counts.reduce((s, c) => s + c, 0);
    return counts.map((c) => (total > 0 ? c / total : 0));
  };
  let labels: string[];
  let reference = shares(h.reference);
  let live = shares(h.live);
  if (h.kind === 'numeric') {
    labels = h.reference.map((_, i) => (h.edges[i] === h.edges[i + 1] ? formatNumber(h.edges[i]!) : `${formatNumber(h.edges[i]!)} to ${formatNumber(h.edges[i + 1]!)}`));
  } else {
    const order = h.categories.map((_, i) => i).sort((a, b) => reference[b]! + live[b]! - (reference[a]! + live[a]!) || (h.categories[a]! < h.categories[b]! ? -1 : 1));
    const kept = order.length > maxCategories ? order.slice(0, maxCategories - 1) : order;
    const rest = order.slice(kept.length);
    labels = kept.map((i) => h.categories[i]!);
    const pick = (values: number[]) => kept.map((i) => values[i]!);
    const tail = (values: number[]) => rest.reduce((s, i) => s + values[i]!, 0);
    if (rest.length > 0) {
      labels.push(`${rest.length} others`);
      reference = [...pick(reference), tail(reference)];
      live = [...pick(live), tail(live)];
    } else {
      reference = pick(reference);
      live = pick(live);
    }
  }
  const maxShare = Math.max(0, ...reference, ...live);
  return { labels, reference, live, maxShare };
}

/** The accessible name of a histogram: what it compares and where each side has most of its rows. */
export function histogramDescription(feature: Pick<FeatureView, 'name' | 'isPrediction'>, bars: HistogramBars): string {
  const peak = (values: number[]) => {
    let best = 0;
    values.forEach((v, i) => { if (v > values[best]!) best = i; });
    return values.length ? `${bars.labels[best]} (${percent(values[best]!)})` : 'nothing';
  };
  const what = feature.isPrediction ? 'the model outputs' : feature.name;
  return `Histogram of ${what}, reference against live: the reference has most rows at ${peak(bars.reference)}, the live data at ${peak(bars.live)}.`;
}

/** The verdict line at the top of the panel. */
export function verdictText(report: Pick<DriftReportView, 'drifted' | 'driftedCount' | 'features'>): string {
  const n = report.features.length;
  const features = `${n} feature${n === 1 ? '' : 's'}`;
  return report.drifted ? `Drift detected in ${report.driftedCount} of ${features}` : `No drift in ${n === 1 ? 'the only feature' : `any of ${features}`}`;
}

/** The rule a feature is judged by, e.g. "PSI > 0.2" or "corrected p < 0.05 (Bonferroni)". */
export function ruleText(settings: DriftSettingsView): string {
  if (settings.method === 'psi') return `PSI > ${formatNumber(settings.threshold)}`;
  if (settings.method === 'wasserstein') return `W/σ > ${formatNumber(settings.threshold)} (categories: JS distance > ${formatNumber(settings.threshold)})`;
  const correction = settings.correction === 'none' ? 'no correction' : settings.correction === 'holm' ? 'Holm' : 'Bonferroni';
  return `p < ${formatNumber(settings.pValue)} (${correction})`;
}

/** Three significant digits, no exponent for everyday sizes; "—" for a missing value. */
export function formatNumber(value: number | null): string {
  if (value === null || !Number.isFinite(value)) return '—';
  if (value === 0) return '0';
  const abs = Math.abs(value);
  if (abs >= 1e6 || abs < 1e-3) return value.toExponential(2);
  return String(Number(value.toPrecision(3)));
}

/** A p-value as people read it: "< 1e-16" below double precision's reach, else 2–3 digits. */
export function formatPValue(value: number | null): string {
  if (value === null || !Number.isFinite(value)) return '—';
  if (value < 1e-16) return '< 1e-16';
  return formatNumber(value);
}

export function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}
