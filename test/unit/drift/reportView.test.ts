import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FeatureDrift } from '../../../src/core/monitor/driftReport';
import { featureView } from '../../../src/extension/monitor/reportView';
import { checkHostMessage } from '../../../webview-ui/drift/protocol';

const drift = (overrides: Partial<FeatureDrift>): FeatureDrift => ({
  name: 'x', kind: 'numeric', test: 'ks', statistic: 0.5, pValue: 0.01, psi: 0.3, jsDistance: 0.2, effectSize: 0.5,
  referenceRows: 4, liveRows: 2, notes: [], histogram: { kind: 'numeric', edges: [0, 1, 2], reference: [2, 2], live: [0, 2] },
  adjustedPValue: 0.02, psiBand: 'significant', drifted: true, isPrediction: false, ...overrides,
});

describe('the report as the panel receives it', () => {
  it('sends NaN and infinite statistics as null, which JSON can carry, and the webview accepts them', () => {
    const view = featureView(drift({ pValue: NaN, adjustedPValue: NaN, psi: Infinity }));
    assert.deepEqual([view.pValue, view.adjustedPValue, view.psi, view.statistic], [null, null, null, 0.5]);
    const travelled: unknown = JSON.parse(JSON.stringify({
      type: 'report',
      report: { subject: 's', deployment: null, reference: 'r', live: 'l', liveRows: 2, checkedAt: '', settings: { method: 'psi', threshold: 0.2, pValue: 0.05, correction: 'bonferroni' }, drifted: true, driftedCount: 1, features: [view], canRetrain: true },
    }));
    const check = checkHostMessage(travelled);
    assert.ok(check.ok, `expected the webview to accept the report, it said: ${check.ok ? '' : check.reason}`);
  });
});
