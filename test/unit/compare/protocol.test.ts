import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  checkHostMessage, defaultPersistedState, packHistories, packState, readPersistedState, toMetricHistory, unpackHistories, unpackState,
  validateHostMessage, validateWebviewMessage, type CompareState, type HostMessage, type RunInfo,
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
  it('accepts init, append, runUpdated, theme and loadFailed', () => {
    assert.equal(validateHostMessage(packState(state()))?.type, 'init');
    assert.equal(validateHostMessage(packState(state({ runs: [], histories: {}, metrics: [], primaryMetric: null, goals: {} })))?.type, 'init');
    const points = packHistories([{ runId: 'r1', metric: 'loss', history: toMetricHistory([2], [0.5], [30]) }]);
    assert.deepEqual(validateHostMessage({ type: 'append', points, extra: true }), { type: 'append', points });
    for (const status of ['queued', 'running', 'finished', 'failed', 'cancelled', 'killed'] as const) {
      assert.equal(validateHostMessage({ type: 'runUpdated', run: run({ status }) })?.type, 'runUpdated', status);
    }
    assert.deepEqual(validateHostMessage({ type: 'theme' }), { type: 'theme' });
    assert.deepEqual(validateHostMessage({ type: 'loadFailed', message: 'disk gone' }), { type: 'loadFailed', message: 'disk gone' });
  });

  it('rejects malformed state and points', () => {
    const init = packState(state());
    const bad: unknown[] = [
      null, { type: 'init' }, { type: 'init', state: { ...init.state, runs: 'r1' }, histories: init.histories },
      { ...packState(state({ runs: [run({ status: 'done' as RunInfo['status'] })] })) },
      packState(state({ runs: [run({ id: '' })] })),
      packState(state({ runs: [run({ params: { lr: [1] as unknown as string } })] })),
      packState(state({ runs: [run({ finalMetrics: { loss: 'low' as unknown as number } })] })),
      packState(state({ goals: { loss: 'lower' as 'minimize' } })),
      // The histories travel in one buffer: plain arrays or per-series typed arrays are refused.
      { type: 'init', state: init.state, histories: { loss: { r1: toMetricHistory([0], [1], [0]) } } },
      { type: 'init', state: init.state, histories: { series: init.histories.series, data: [0, 1, 1.5, 0.9, 10, 20] } },
      { type: 'init', state: init.state, histories: { series: [{ runId: 'r1', metric: 'loss', offset: -1, length: 2 }], data: init.histories.data } },
      { type: 'init', state: init.state, histories: { series: [{ runId: 'r1', metric: 'loss', offset: 0, length: 1.5 }], data: init.histories.data } },
      { type: 'append' },
      { type: 'append', points: { series: [{ runId: 'r1', metric: 3, offset: 0, length: 0 }], data: new ArrayBuffer(0) } },
      { type: 'runUpdated', run: { ...run(), colour: undefined } },
      { type: 'loadFailed' },
      { type: 'themes' },
    ];
    for (const input of bad) assert.equal(validateHostMessage(input), undefined, JSON.stringify(input));
  });

  it('carries a run\'s gate results, and refuses malformed ones', () => {
    const gates = [{ expression: 'acc >= 0.9', actual: 0.87, passed: false }, { expression: 'auc > 0.8', actual: null, passed: false }];
    const accepted = validateHostMessage({ type: 'runUpdated', run: run({ gates }) });
    assert.deepEqual(accepted?.type === 'runUpdated' && accepted.run.gates, gates);
    for (const bad of [{}, [{ expression: 'acc >= 0.9', actual: '0.87', passed: false }], [{ expression: 'acc >= 0.9', actual: 0.87 }], [null]]) {
      assert.equal(validateHostMessage({ type: 'runUpdated', run: run({ gates: bad as RunInfo['gates'] }) }), undefined, JSON.stringify(bad));
    }
  });

  it('says which series lost its data when the buffer arrives short or not at all', () => {
    const init = packState(state());
    // What VS Code delivered when it dropped buffers: a reference to nothing, or an empty buffer.
    const lost = checkHostMessage({ ...init, histories: { series: init.histories.series, data: undefined } });
    assert.deepEqual(lost, { ok: false, type: 'init', problem: 'the data of 1 series did not arrive (no buffer in the message)' });
    const empty = checkHostMessage({ ...init, histories: { series: init.histories.series, data: new ArrayBuffer(0) } });
    assert.deepEqual(empty, { ok: false, type: 'init', problem: 'the data of “loss” for run r1 is missing (1 series need 6 numbers, 0 arrived)' });
    assert.deepEqual(checkHostMessage({ type: 'init', histories: init.histories }), { ok: false, type: 'init', problem: 'the state is missing' });
    assert.deepEqual(checkHostMessage({ type: 'nope' }), { ok: false, type: 'nope', problem: 'the type is unknown' });
  });
});

describe('packHistories / unpackHistories (one buffer per message)', () => {
  it('carries 100 runs × 20 metrics in a single ArrayBuffer, and reads them back as views onto it', () => {
    const entries = [];
    for (let r = 0; r < 100; r++) {
      for (let m = 0; m < 20; m++) {
        entries.push({ runId: `run-${r}`, metric: `m${m}`, history: toMetricHistory([0, 1, 2], [r, m, r + m], [1000 + r, 2000 + m, 3000]) });
      }
    }
    const message: HostMessage = { type: 'append', points: packHistories(entries) };
    assert.equal(message.points.data.byteLength, 100 * 20 * 3 * 3 * 8);
    // Everything but the one buffer is plain JSON: the count of buffers does not grow with runs × metrics.
    const buffers: unknown[] = [];
    JSON.stringify(message, (_key, value: unknown) => {
      if (value instanceof ArrayBuffer || ArrayBuffer.isView(value)) { buffers.push(value); return null; }
      return value;
    });
    assert.equal(buffers.length, 1);
    const checked = checkHostMessage(structuredClone(message));
    assert.ok(checked.ok && checked.message.type === 'append', 'a structured clone of the append is accepted');
    const back = unpackHistories(checked.message.points);
    assert.equal(back.length, 2000);
    const r42m7 = back.find((e) => e.runId === 'run-42' && e.metric === 'm7');
    assert.deepEqual([...(r42m7?.history.steps ?? [])], [0, 1, 2]);
    assert.deepEqual([...(r42m7?.history.values ?? [])], [42, 7, 49]);
    assert.deepEqual([...(r42m7?.history.timestamps ?? [])], [1042, 2007, 3000]);
    assert.equal(r42m7?.history.values.buffer, checked.message.points.data, 'a view, not a copy');
  });

  it('keeps NaN gaps and empty histories, and rebuilds the state from init', () => {
    const s = state({ histories: { loss: { r1: toMetricHistory([0, 1], [1, null], [5, 6]) }, acc: { r1: toMetricHistory([], [], []) } } });
    const back = unpackState(packState(s));
    assert.deepEqual(back.runs, s.runs);
    assert.deepEqual(back.metrics, ['loss']);
    assert.ok(Number.isNaN(back.histories.loss?.r1?.values[1]));
    assert.equal(back.histories.acc?.r1?.steps.length, 0);
  });

  it('treats a metric named "__proto__" as data', () => {
    const packed = packHistories([{ runId: 'r1', metric: '__proto__', history: toMetricHistory([3], [4], [5]) }]);
    const back = unpackState({ type: 'init', state: { runs: [run()], metrics: ['__proto__'], primaryMetric: null, goals: {} }, histories: packed });
    assert.deepEqual(Object.keys(back.histories), ['__proto__']);
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
