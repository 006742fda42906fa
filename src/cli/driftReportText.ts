import type { DriftReport } from '../core/monitor/driftReport';
import { textTable } from './textTable';

/** The drift report as a table: one line per feature, most drifted first, then the verdict. */
export function driftReportText(report: DriftReport, reference: string, live: string, liveRows: number, fromCache: boolean): string {
  const s = report.settings;
  const rule = s.method === 'psi' ? `PSI > ${s.threshold}` : s.method === 'wasserstein' ? `normed Wasserstein (JS for categories) > ${s.threshold}` : `${s.correction} p < ${s.pValue}`;
  const lines = [`Drift of ${live} (${liveRows} rows) against ${reference}${fromCache ? ' (cached profile)' : ''}; drift when ${rule}.`, ''];
  const rows = [['feature', 'test', 'statistic', 'p-value', `p (${s.correction})`, 'effect', 'PSI', 'JS', 'W/σ', 'verdict']];
  for (const f of report.features) {
    rows.push([
      f.name, f.test, num(f.statistic), pval(f.pValue), pval(f.adjustedPValue),
      `${f.kind === 'numeric' ? 'D' : 'V'}=${num(f.effectSize)}`, `${num(f.psi)} ${f.psiBand}`, num(f.jsDistance), f.normedWasserstein === undefined ? '-' : num(f.normedWasserstein), f.drifted ? 'DRIFT' : 'ok',
    ]);
  }
  lines.push(textTable(rows).trimEnd());
  const notes = report.features.flatMap((f) => f.notes.map((n) => `note: ${f.name}: ${n}.`));
  if (notes.length) lines.push('', ...notes);
  lines.push('', report.drifted ? `Drift: ${report.driftedCount} of ${report.features.length} checked (${report.features.filter((f) => f.drifted).map((f) => f.name).join(', ')}).` : `No drift in ${report.features.length} checked.`);
  return `${lines.join('\n')}\n`;
}

function num(x: number): string {
  return x.toFixed(4);
}

function pval(p: number): string {
  return p < 1e-4 ? p.toExponential(2) : p.toFixed(4);
}
