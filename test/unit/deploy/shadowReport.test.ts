import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sameValue, shadowReport } from '../../../src/core/deploy/shadowReport';

const line = (id: string, outputs: unknown, status = 200): string =>
  JSON.stringify({ ts: '2026-11-29T02:00:00Z', request_id: id, inputs: [{ x: Number(id.slice(1)) }], outputs, status, latency_ms: 1.5 });

describe('shadowReport', () => {
  it('joins both request logs by request_id and counts disagreements', () => {
    const primary = [line('r1', ['setosa']), line('r2', ['virginica']), line('r3', [0.5]), line('r4', ['setosa']), line('r5', ['a'], 500)].join('\n');
    // In another order, as two processes write them; r4 never reached the shadow.
    const shadow = [line('r3', [0.5 + 1e-9]), line('r2', ['versicolor']), line('r1', ['setosa']), line('r5', ['a'])].join('\n');
    const report = shadowReport(primary, `${shadow}\n`);
    assert.deepEqual(report, {
      mirrored: 4,
      answeredByBoth: 3,
      disagreements: 1,
      disagreementRate: 1 / 3,
      shadowFailed: 0,
      examples: [{ requestId: 'r2', inputs: [{ x: 2 }], primary: ['virginica'], shadow: ['versicolor'] }],
      unreadableLines: 0,
    });
  });

  it('counts the shadow failing where the primary answered, and skips unreadable lines', () => {
    const report = shadowReport(line('r1', [1]), [line('r1', null, 500), 'not json', '{"request_id": 3}'].join('\n'));
    assert.equal(report.shadowFailed, 1);
    assert.equal(report.answeredByBoth, 0);
    assert.equal(report.disagreementRate, 0);
    assert.equal(report.unreadableLines, 2);
  });
});

describe('sameValue', () => {
  it('treats floats within the tolerance as equal, and nothing else', () => {
    assert.equal(sameValue([0.1 + 0.2, { p: [0.3333333] }], [0.3, { p: [0.33333331] }]), true);
    assert.equal(sameValue([0.30], [0.31]), false);
    assert.equal(sameValue(['1'], [1]), false);
    assert.equal(sameValue([1, 2], [1, 2, 3]), false);
    assert.equal(sameValue({ a: 1 }, { b: 1 }), false);
    assert.equal(sameValue(NaN, NaN), true);
  });
});
