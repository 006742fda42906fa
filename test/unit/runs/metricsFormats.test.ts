import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { flattenJson, flattenMetrics, parseJsonLenient, toMetricNumber } from '../../../src/core/runs/flatten';
import { decodeHistory, encodeHistory } from '../../../src/core/runs/historyCodec';
import { formatPointLine, parseMetricsLine, PointResolver, toEpochMs } from '../../../src/core/runs/metricsLine';
import { isRunId, newRunId, runIdTime } from '../../../src/core/runs/runId';

describe('metrics file lines', () => {
  it('reads the long form, params, and the wide form the iris example writes', () => {
    assert.deepEqual(parseMetricsLine('{"metric": "loss", "value": 0.4, "step": 3, "timestamp": 1795468656.78}'), {
      points: [{ metric: 'loss', value: 0.4, step: 3, timestamp: 1795468656780 }], params: {},
    });
    assert.deepEqual(parseMetricsLine('{"param": "lr", "value": 0.1}'), { points: [], params: { lr: 0.1 } });
    assert.deepEqual(parseMetricsLine('{"params": {"train": {"lr": 0.1, "layers": [1, 2]}}}'), { points: [], params: { 'train.lr': 0.1, 'train.layers': [1, 2] } });
    const wide = parseMetricsLine('{"step": 3, "loss": 0.41, "accuracy": 0.9, "time": 1795468656.78}');
    assert.deepEqual(wide?.points, [
      { metric: 'loss', value: 0.41, step: 3, timestamp: 1795468656780 },
      { metric: 'accuracy', value: 0.9, step: 3, timestamp: 1795468656780 },
    ]);
    // Nested wide values become dotted keys; text and booleans are not metrics.
    assert.deepEqual(parseMetricsLine('{"epoch": 2, "val": {"loss": 1}, "phase": "train", "ok": true}')?.points, [{ metric: 'val.loss', value: 1, step: 2, timestamp: undefined }]);
  });

  it("accepts Python's NaN and Infinity tokens and MLflow's spellings", () => {
    const line = parseMetricsLine('{"metric": "loss", "value": NaN}');
    assert.ok(Number.isNaN(line?.points[0]?.value));
    assert.equal(parseMetricsLine('{"step": 1, "a": Infinity, "b": -Infinity, "c": "NaN is text here"}')?.points.length, 2);
    assert.equal(toMetricNumber('-inf'), -Infinity);
    assert.equal(toMetricNumber('inf'), Infinity);
    assert.equal(parseJsonLenient('{"s": "keep NaN in strings", "v": NaN}') !== undefined, true);
    assert.equal((parseJsonLenient('{"s": "keep NaN in strings", "v": NaN}') as { s: string }).s, 'keep NaN in strings');
  });

  it('ignores blank, non-JSON, torn and meaningless lines', () => {
    for (const line of ['', '   ', 'epoch 3 loss 0.4', '{"metric": "loss", "val', '{"note": "hello"}', '[1,2]']) assert.equal(parseMetricsLine(line), undefined, line);
  });

  it('gives missing steps the next step of each metric and missing timestamps now', () => {
    const resolver = new PointResolver(() => 5000);
    const points = resolver.resolve([{ metric: 'a', value: 1 }, { metric: 'a', value: 2 }, { metric: 'b', value: 3, step: 10 }, { metric: 'b', value: 4 }]);
    assert.deepEqual(points.map((p) => [p.metric, p.step, p.timestamp]), [['a', 0, 5000], ['a', 1, 5000], ['b', 10, 5000], ['b', 11, 5000]]);
  });

  it('writes journal lines that read back exactly, non-finite values included', () => {
    for (const value of [0.1, -3, NaN, Infinity, -Infinity, 1e-300, 123456789.123]) {
      const parsed = parseMetricsLine(formatPointLine({ metric: 'm "q"', value, step: 7, timestamp: 1700000000123 }));
      assert.equal(parsed?.points[0]?.metric, 'm "q"');
      assert.ok(Object.is(parsed?.points[0]?.value, value), String(value));
      assert.equal(parsed?.points[0]?.timestamp, 1700000000123);
    }
  });

  it('reads seconds and milliseconds timestamps', () => {
    assert.equal(toEpochMs(1795468656.78), 1795468656780);
    assert.equal(toEpochMs(1795468656780), 1795468656780);
    assert.equal(toEpochMs('2026-01-02T03:04:05Z'), Date.parse('2026-01-02T03:04:05Z'));
  });

  it('flattens nested params and metrics to dotted keys', () => {
    assert.deepEqual(flattenJson({ train: { lr: 0.1, opt: { name: 'sgd' } }, seed: 1 }), { 'train.lr': 0.1, 'train.opt.name': 'sgd', seed: 1 });
    assert.deepEqual(flattenMetrics({ test: { f1: 0.9, note: 'x' }, latency_ms: 0.006 }), { 'test.f1': 0.9, latency_ms: 0.006 });
  });
});

describe('history.bin', () => {
  it('round-trips regular and irregular steps, times and values exactly', () => {
    const n = 1000;
    const series = {
      loss: { steps: Array.from({ length: n }, (_, i) => i), values: Array.from({ length: n }, (_, i) => 1 / (i + 1)), timestamps: Array.from({ length: n }, (_, i) => 1700000000000 + i * 37) },
      odd: { steps: [0, 5, 3, -2, 2 ** 40], values: [NaN, Infinity, -Infinity, 0, -0], timestamps: [1.5, 2.25, 1e13, 0, 3] },
      empty: { steps: [], values: [], timestamps: [] },
      'a/b "c"': { steps: [0.5, 1.5], values: [1, 2], timestamps: [1, 2 ** 33 + 5] },
    };
    const decoded = decodeHistory(encodeHistory(series));
    assert.deepEqual(Object.keys(decoded), Object.keys(series));
    for (const [name, s] of Object.entries(series)) {
      const d = decoded[name]!;
      assert.deepEqual([...d.steps], s.steps, name);
      assert.deepEqual([...d.timestamps], s.timestamps, name);
      assert.equal(d.values.length, s.values.length);
      s.values.forEach((v, i) => assert.ok(Object.is(d.values[i], v), `${name}[${i}]`));
    }
    assert.deepEqual(Object.keys(decodeHistory(encodeHistory(series), new Set(['odd']))), ['odd']);
  });

  it('is compact for the usual case: 12 bytes a point', () => {
    const n = 1000;
    const bytes = encodeHistory({ m: { steps: Array.from({ length: n }, (_, i) => i), values: new Array<number>(n).fill(0.5), timestamps: Array.from({ length: n }, (_, i) => 1700000000000 + i) } });
    assert.ok(bytes.length < n * 12 + 256, String(bytes.length));
  });

  it('refuses a file that is not history.bin', () => {
    assert.throws(() => decodeHistory(new TextEncoder().encode('not a history file')), { code: 'corrupt' });
  });
});

describe('run ids', () => {
  it('sort by creation time, also within one millisecond', () => {
    const ids = [newRunId(1000), newRunId(1000), newRunId(1000), newRunId(2000), newRunId(1_800_000_000_000)];
    assert.deepEqual([...ids].sort(), ids);
    for (const id of ids) assert.ok(isRunId(id), id);
    assert.equal(runIdTime(ids[4]!), 1_800_000_000_000);
    assert.equal(isRunId('../etc'), false);
  });
});
