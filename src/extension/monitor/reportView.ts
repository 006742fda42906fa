// The engine's drift result as the panel's DriftReportView: plain JSON, non-finite statistics
// as null (postMessage carries JSON, which has no NaN or Infinity). No vscode: unit-tested.
import type { FeatureDrift } from '../../core/monitor/driftReport';
import type { DriftCheckResult } from '../../node/monitor/driftCheck';
import type { DriftReportView, FeatureView } from '../../../webview-ui/drift/protocol';

export interface ReportContext {
  readonly subject: string;
  readonly deployment: string | null;
  readonly reference: string;
  readonly live: string;
  readonly checkedAt: Date;
  readonly canRetrain: boolean;
}

const finite = (x: number): number | null => (Number.isFinite(x) ? x : null);
const optionalFinite = (x: number | undefined): number | null => (x === undefined ? null : finite(x));

export function featureView(f: FeatureDrift): FeatureView {
  const h = f.histogram;
  return {
    name: f.name, kind: f.kind, isPrediction: f.isPrediction, test: f.test,
    statistic: finite(f.statistic), pValue: finite(f.pValue), adjustedPValue: finite(f.adjustedPValue),
    psi: finite(f.psi), psiBand: f.psiBand, jsDistance: finite(f.jsDistance), effectSize: finite(f.effectSize),
    wasserstein: optionalFinite(f.wasserstein), normedWasserstein: optionalFinite(f.normedWasserstein),
    drifted: f.drifted, referenceRows: f.referenceRows, liveRows: f.liveRows, notes: [...f.notes],
    histogram: h.kind === 'numeric'
      ? { kind: 'numeric', edges: [...h.edges], reference: [...h.reference], live: [...h.live] }
      : { kind: 'categorical', categories: [...h.categories], reference: [...h.reference], live: [...h.live] },
  };
}

export function reportView(result: DriftCheckResult, context: ReportContext): DriftReportView {
  const { report } = result;
  return {
    subject: context.subject, deployment: context.deployment, reference: context.reference, live: context.live,
    liveRows: result.liveRows, checkedAt: context.checkedAt.toISOString(),
    settings: { ...report.settings },
    drifted: report.drifted, driftedCount: report.driftedCount,
    features: report.features.map(featureView),
    canRetrain: context.canRetrain,
  };
}
