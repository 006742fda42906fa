import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  defaultPersistedState, readPersistedState, toMetricHistory, validateHostMessage, validateWebviewMessage,
  type CompareState, type RunInfo,
} from '../../../webview-ui/compare/protocol';

const run = (over: Partial<RunInfo> = {}): RunInfo => ({
  id: 'r1', name: 'adam-lr0.01', experiment: 'iris', colour: '#3a85e0', status: 'finished',
  params: { lr: '0.01', layers: 3, dropout: null, shuffle: true }, finalMetrics: { loss: 0.12, acc: null },
  isSweepChild: false, parentId: null, startTime: 1_700_000_000_000, ...over,
});

const state = (over: Partial<CompareState> = {}): CompareState => ({
  runs: [run()], metrics: ['loss'], primaryMetric: 'loss', goals: { loss: 'minimize' },
  histories: { loss: { r1: toMetricHistory([0, 1], [1.5, 0.9], [10, 20]) } }, ...over,
});

describe('validateWebviewMessage (what the host accepts from the webview)', () => {
  it('accepts every message kind and returns a fresh object with only the known fields', () => {
    const png = 'data:image/png;base64,iVBORw0KGgo=';
    const cases: [unknown, unknown][] = [
      [{ type: 'ready', extra: 1 }, { type: 'ready' }],
      [{ type: 'hideRun', runId: 'r1' }, { type: 'hideRun', runId: 'r1' }],
      [{ type: 'showRun', runId: 'r1' }, { type: 'showRun', runId: 'r1' }],
      [{ type: 'openRun', runId: 'r1', path: '/etc/passwd' }, { type: 'openRun', runId: 'r1' }],
      [{ type: 'exportCsv', csv: 'a,b\r\n', suggestedName: 'mlops-compare-20250101-120000.csv' }, { type: 'exportCsv', csv: 'a,b\r\n', suggestedName: 'mlops-compare-20250101-120000.csv' }],
      [{ type: 'exportPng', dataUrl: png, suggestedName: 'charts.png' }, { type: 'exportPng', dataUrl: png, suggestedName: 'charts.png' }],
      [{ type: 'error', message: 'boom' }, { type: 'error', message: 'boom' }],
    ];
    for (const [input, expected] of cases) {
      const out = validateWebviewMessage(input);
      assert.deepEqual(out, expected);
      assert.notEqual(out, input);
    }
  });

  it('rejects anything that is not a well-formed message', () => {
    const bad: unknown[] = [
      undefined, null, 42, 'ready', [], [{ type: 'ready' }], {}, { type: 7 }, { type: 'readyy' }, { type: '__proto__' },
      { type: 'hideRun' }, { type: 'hideRun', runId: '' }, { type: 'hideRun', runId: 5 }, { type: 'showRun', runId: 'x'.repeat(2000) },
      { type: 'openRun', runId: null },
      { type: 'exportCsv', csv: 1, suggestedName: 'a.csv' },
      { type: 'exportCsv', csv: '', suggestedName: '../../.bashrc.csv' },
      { type: 'exportCsv', csv: '', suggestedName: 'dir/a.csv' },
      { type: 'exportCsv', csv: '', suggestedName: 'C:\\a.csv' },
      { type: 'exportCsv', csv: '', suggestedName: '.hidden.csv' },
      { type: 'exportCsv', csv: '', suggestedName: 'a.png' },
      { type: 'exportCsv', csv: '', suggestedName: 'a..csv' },
      { type: 'exportPng', dataUrl: 'data:image/jpeg;base64,AAAA', suggestedName: 'a.png' },
      { type: 'exportPng', dataUrl: 'javascript:alert(1)', suggestedName: 'a.png' },
      { type: 'exportPng', dataUrl: 'data:image/png;base64,AA AA', suggestedName: 'a.png' },
      { type: 'exportPng', dataUrl: 'data:image/png;base64,AAAA', suggestedName: 'a.csv' },
      { type: 'error' }, { type: 'error', message: { text: 'x' } },
    ];
    for (const input of bad) assert.equal(validateWebviewMessage(input), undefined, JSON.stringify(input));
  });

  it('clips an error message so a runaway webview cannot flood the log', () => {
    const out = validateWebviewMessage({ type: 'error', message: 'x'.repeat(10_000) });
    assert.equal(out?.type, 'error');
    assert.equal(out?.type === 'error' && out.message.length, 4000);
  });
});

describe('validateHostMessage (what the webview accepts from the host)', () => {
  it('accepts init, append, runUpdated and theme', () => {
    assert.equal(validateHostMessage({ type: 'init', state: state() })?.type, 'init');
    assert.equal(validateHostMessage({ type: 'init', state: state({ runs: [], histories: {}, metrics: [], primaryMetric: null, goals: {} }) })?.type, 'init');
    const points = toMetricHistory([2], [0.5], [30]);
    assert.deepEqual(validateHostMessage({ type: 'append', runId: 'r1', metric: 'loss', points, extra: true }), { type: 'append', runId: 'r1', metric: 'loss', points });
    for (const status of ['queued', 'running', 'finished', 'failed', 'cancelled', 'killed'] as const) {
      assert.equal(validateHostMessage({ type: 'runUpdated', run: run({ status }) })?.type, 'runUpdated', status);
    }
    assert.deepEqual(validateHostMessage({ type: 'theme' }), { type: 'theme' });
  });

  it('rejects malformed state and points', () => {
    const bad: unknown[] = [
      null, { type: 'init' }, { type: 'init', state: { ...state(), runs: 'r1' } },
      { type: 'init', state: state({ runs: [run({ status: 'done' as RunInfo['status'] })] }) },
      { type: 'init', state: state({ runs: [run({ id: '' })] }) },
      { type: 'init', state: state({ runs: [run({ params: { lr: [1] as unknown as string } })] }) },
      { type: 'init', state: state({ runs: [run({ finalMetrics: { loss: 'low' as unknown as number } })] }) },
      { type: 'init', state: state({ goals: { loss: 'lower' as 'minimize' } }) },
      // Plain arrays are not accepted: histories are Float64Arrays end to end.
      { type: 'init', state: state({ histories: { loss: { r1: { steps: [0], values: [1], timestamps: [0] } } } as unknown as CompareState['histories'] }) },
      { type: 'init', state: state({ histories: { loss: { r1: { steps: new Float64Array(2), values: new Float64Array(1), timestamps: new Float64Array(2) } } } }) },
      { type: 'append', runId: 'r1', metric: 'loss' },
      { type: 'append', runId: 'r1', metric: 'loss', points: { steps: [1], values: [1], timestamps: [1] } },
      { type: 'append', runId: 'r1', metric: 3, points: toMetricHistory([1], [1], [1]) },
      { type: 'runUpdated', run: { ...run(), colour: undefined } },
      { type: 'themes' },
    ];
    for (const input of bad) assert.equal(validateHostMessage(input), undefined);
  });
});

describe('toMetricHistory', () => {
  it('builds Float64Arrays and turns null values into NaN gaps', () => {
    const h = toMetricHistory([0, 1, 2], [1, null, 3], [5, 6, 7]);
    assert.ok(h.values instanceof Float64Array);
    assert.deepEqual([...h.steps], [0, 1, 2]);
    assert.ok(Number.isNaN(h.values[1]));
    assert.deepEqual([...h.timestamps], [5, 6, 7]);
  });
});

describe('readPersistedState', () => {
  it('falls back to defaults for anything it cannot read', () => {
    for (const input of [undefined, null, 'x', [], { version: 2, logScale: true }, {}]) {
      assert.deepEqual(readPersistedState(input), defaultPersistedState());
    }
  });

  it('keeps valid fields, drops or clamps invalid ones', () => {
    const out = readPersistedState({
      version: 1, runIds: ['a', 3, '', 'b'], hiddenRunIds: 'a', logScale: true, smoothing: 5, xAxis: 'epoch',
      tab: 'sweep', showAllParams: 'yes', scatterParam: 'lr', scatterMetric: 7, parallelMetric: 'acc',
    });
    assert.deepEqual(out, {
      version: 1, runIds: ['a', 'b'], hiddenRunIds: [], logScale: true, smoothing: 0.99, xAxis: 'step', tab: 'sweep',
      showAllParams: false, scatterParam: 'lr', scatterMetric: null, parallelMetric: 'acc',
    });
    assert.equal(readPersistedState({ version: 1, smoothing: -1 }).smoothing, 0);
  });
});
