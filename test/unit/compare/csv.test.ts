import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CSV_HEADER, csvField, exportFileName, toCsv } from '../../../webview-ui/compare/csv';
import { toMetricHistory, validateWebviewMessage, type MetricHistory, type RunInfo } from '../../../webview-ui/compare/protocol';

const run = (id: string, name: string): RunInfo => ({
  id, name, experiment: 'iris, v2', colour: '#3a85e0', status: 'finished', params: {}, finalMetrics: {},
  isSweepChild: false, parentId: null, startTime: null,
});

describe('csvField', () => {
  it('quotes only when needed and doubles inner quotes', () => {
    assert.equal(csvField('plain'), 'plain');
    assert.equal(csvField('a,b'), '"a,b"');
    assert.equal(csvField('say "hi"'), '"say ""hi"""');
    assert.equal(csvField('two\nlines'), '"two\nlines"');
  });
});

describe('toCsv', () => {
  it('writes one row per point with run, metric, step, value and timestamp', () => {
    const histories: Record<string, Record<string, MetricHistory>> = {
      loss: { r1: toMetricHistory([0, 1], [0.5, null], [1000, 2000]), r2: toMetricHistory([0], [Infinity], [3000]) },
      acc: { r1: toMetricHistory([1], [0.75], [2000]) },
    };
    const csv = toCsv([run('r1', 'lr=0.1, "fast"'), run('r2', 'b')], ['loss', 'acc', 'f1'], (m, id) => histories[m]?.[id]);
    assert.equal(csv, [
      CSV_HEADER,
      'r1,"lr=0.1, ""fast""","iris, v2",loss,0,0.5,1000',
      'r1,"lr=0.1, ""fast""","iris, v2",loss,1,NaN,2000',
      'r1,"lr=0.1, ""fast""","iris, v2",acc,1,0.75,2000',
      'r2,b,"iris, v2",loss,0,Infinity,3000',
      '',
    ].join('\r\n'));
  });

  it('writes just the header when there is nothing to export', () => {
    assert.equal(toCsv([], ['loss'], () => undefined), `${CSV_HEADER}\r\n`);
  });
});

describe('exportFileName', () => {
  it('is a sortable, safe file name the host accepts', () => {
    const name = exportFileName('csv', new Date(2025, 0, 31, 14, 5, 9));
    assert.equal(name, 'mlops-compare-20250131-140509.csv');
    assert.ok(validateWebviewMessage({ type: 'exportCsv', csv: '', suggestedName: name }));
    const odd = exportFileName('png', new Date(2025, 0, 1), '../../my run/…');
    assert.match(odd, /^my-run-20250101-000000\.png$/);
    assert.ok(validateWebviewMessage({ type: 'exportPng', dataUrl: 'data:image/png;base64,AA==', suggestedName: odd }));
  });
});
