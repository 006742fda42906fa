import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FeatureView } from '../../../webview-ui/drift/protocol';
import { checkHostMessage, validateWebviewMessage } from '../../../webview-ui/drift/protocol';
import { formatPValue, histogramBars, histogramDescription, ruleText, sortFeatures, verdictText } from '../../../webview-ui/drift/viewModel';

const feature = (name: string, drifted: boolean, psi: number | null, adjustedPValue: number | null = 0.5, effectSize = 0.1): FeatureView => ({
  name, kind: 'numeric', isPrediction: false, test: 'ks', statistic: effectSize, pValue: adjustedPValue, adjustedPValue, psi, psiBand: 'none',
  jsDistance: 0.1, effectSize, wasserstein: null, normedWasserstein: null, drifted, referenceRows: 10, liveRows: 10, notes: [],
  histogram: { kind: 'numeric', edges: [0, 1, 2], reference: [5, 5], live: [2, 8] },
});

describe('sortFeatures', () => {
  it('lists drifted features first, each group by PSI, largest first, with method psi', () => {
    const order = sortFeatures([feature('a', false, 0.15), feature('b', true, 0.3), feature('c', true, 2.5), feature('d', false, 0.01), feature('e', false, null)], 'psi');
    assert.deepEqual(order.map((f) => f.name), ['c', 'b', 'a', 'd', 'e']);
  });

  it('orders by corrected p-value, smallest first, with method ks, and breaks ties by effect size then name', () => {
    const order = sortFeatures([
      feature('a', false, 9, 0.2), feature('b', true, 0.1, 1e-6, 0.2), feature('c', true, 0.1, 1e-6, 0.4), feature('d', true, 0.1, 1e-9), feature('e', false, 0, 0.2),
    ], 'ks');
    assert.deepEqual(order.map((f) => f.name), ['d', 'c', 'b', 'a', 'e']);
  });

  it('orders by W/σ with method wasserstein, a categorical feature by its JS distance', () => {
    const withW = (name: string, drifted: boolean, normed: number): FeatureView => ({ ...feature(name, drifted, 0.1), wasserstein: normed * 2, normedWasserstein: normed });
    const category: FeatureView = { ...feature('colour', true, 0.1), kind: 'categorical', test: 'chi-square', jsDistance: 0.3 };
    const order = sortFeatures([withW('a', false, 0.05), withW('b', true, 0.2), category, withW('d', true, 0.9), withW('e', false, 0.08)], 'wasserstein');
    assert.deepEqual(order.map((f) => f.name), ['d', 'colour', 'b', 'e', 'a']);
  });
});

describe('histogramBars', () => {
  it('turns counts into shares of each side so samples of different sizes compare, labelled by range', () => {
    const bars = histogramBars({ kind: 'numeric', edges: [0, 0.5, 1], reference: [30, 10], live: [1, 3] });
    assert.deepEqual(bars.labels, ['0 to 0.5', '0.5 to 1']);
    assert.deepEqual(bars.reference, [0.75, 0.25]);
    assert.deepEqual(bars.live, [0.25, 0.75]);
    assert.equal(bars.maxShare, 0.75);
  });

  it('orders categories by combined share and merges the tail into one "N others" bar', () => {
    const bars = histogramBars({ kind: 'categorical', categories: ['a', 'b', 'c', 'd'], reference: [1, 6, 2, 1], live: [0, 5, 4, 1] }, 3);
    assert.deepEqual(bars.labels, ['b', 'c', '2 others']);
    assert.deepEqual(bars.reference, [0.6, 0.2, 0.2]);
    assert.deepEqual(bars.live, [0.5, 0.4, 0.1]);
  });

  it('keeps empty sides at zero instead of dividing by zero', () => {
    const bars = histogramBars({ kind: 'categorical', categories: ['x'], reference: [0], live: [0] });
    assert.deepEqual([bars.reference, bars.live, bars.maxShare], [[0], [0], 0]);
  });

  it('names where each side has most of its rows, for screen readers', () => {
    const bars = histogramBars({ kind: 'numeric', edges: [0, 1, 2], reference: [8, 2], live: [1, 9] });
    assert.equal(histogramDescription({ name: 'age', isPrediction: false }, bars),
      'Histogram of age, reference against live: the reference has most rows at 0 to 1 (80%), the live data at 1 to 2 (90%).');
  });
});

describe('verdict and rule', () => {
  it('says how many features drifted, or that none did', () => {
    assert.equal(verdictText({ drifted: true, driftedCount: 1, features: [feature('a', true, 1), feature('b', false, 0)] }), 'Drift detected in 1 of 2 features');
    assert.equal(verdictText({ drifted: false, driftedCount: 0, features: [feature('a', false, 0), feature('b', false, 0)] }), 'No drift in any of 2 features');
  });

  it('states the rule of the method', () => {
    assert.equal(ruleText({ method: 'psi', threshold: 0.2, pValue: 0.05, correction: 'bonferroni' }), 'PSI > 0.2');
    assert.equal(ruleText({ method: 'ks', threshold: 0.2, pValue: 0.05, correction: 'holm' }), 'p < 0.05 (Holm)');
    assert.equal(ruleText({ method: 'wasserstein', threshold: 0.1, pValue: 0.05, correction: 'bonferroni' }), 'W/σ > 0.1 (categories: JS distance > 0.1)');
  });

  it('shows p-values below double precision as "< 1e-16" and missing ones as a dash', () => {
    assert.deepEqual([formatPValue(0), formatPValue(3e-20), formatPValue(0.0123), formatPValue(null)], ['< 1e-16', '< 1e-16', '0.0123', '—']);
  });
});

describe('drift panel protocol', () => {
  it('lets the host accept only ready, retrain and error, as fresh objects', () => {
    assert.deepEqual(validateWebviewMessage({ type: 'retrain', extra: 1 }), { type: 'retrain' });
    assert.equal(validateWebviewMessage({ type: 'openFile', path: '/etc/passwd' }), undefined);
    assert.equal(validateWebviewMessage('ready'), undefined);
  });

  it('refuses a report whose histogram edges do not match its bins, naming the feature', () => {
    const bad = { ...feature('age', true, 1), histogram: { kind: 'numeric', edges: [0, 1], reference: [1, 2], live: [1, 2] } };
    const check = checkHostMessage({ type: 'report', report: { subject: 's', drifted: true, driftedCount: 1, settings: {}, features: [bad] } });
    assert.equal(check.ok, false);
    assert.match(check.ok ? '' : check.reason, /"age": its edges do not match its bins/);
  });
});
