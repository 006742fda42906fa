import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { chainEntry, verifyAuditChain, type AuditEntry, type AuditEvent } from '../../../src/core/registry/auditChain';

function event(i: number, model = 'iris'): AuditEvent {
  return { when: `2026-11-29T03:0${i}:00.000Z`, who: 'Ada <ada@example.com>', action: i === 1 ? 'register' : 'alias-move', model, version: i, from: `production=${i - 1}`, to: `production=${i}`, reason: null, artifactHash: `${i}`.repeat(64) };
}

/** Five chained lines, as the log holds them. */
function chain(count = 5, model = 'iris'): string[] {
  const lines: string[] = [];
  let last: AuditEntry | undefined;
  for (let i = 1; i <= count; i++) {
    const next = chainEntry(last, event(i, model));
    lines.push(next.line);
    last = next.entry;
  }
  return lines;
}

function firstBad(lines: string[]): { line: number; seq: number | undefined; message: string } {
  const verdict = verifyAuditChain(lines);
  assert.ok(!verdict.valid, 'expected the chain to be found broken; it verified');
  return { line: verdict.problem.line, seq: verdict.problem.seq, message: verdict.problem.message };
}

describe('audit chain: verifyAuditChain names the first bad entry', () => {
  it('accepts an intact chain (with the trailing newline)', () => {
    const verdict = verifyAuditChain([...chain(), '']);
    assert.ok(verdict.valid);
    assert.equal(verdict.entries.length, 5);
    assert.equal((JSON.parse(chain()[0]!) as { prevHash: string }).prevHash, '0'.repeat(64));
  });

  it('finds an edited entry', () => {
    const lines = chain();
    lines[2] = lines[2]!.replace('"reason":null', '"reason":"approved by CTO"');
    const bad = firstBad(lines);
    assert.deepEqual([bad.line, bad.seq], [3, 3], `expected line 3 (seq 3); saw line ${bad.line} (seq ${bad.seq}): ${bad.message}`);
    assert.match(bad.message, /edited/);
  });

  it('finds a deleted entry', () => {
    const lines = chain();
    lines.splice(2, 1); // seq 3 gone
    const bad = firstBad(lines);
    assert.deepEqual([bad.line, bad.seq], [3, 4], `expected line 3 (seq 4); saw line ${bad.line} (seq ${bad.seq}): ${bad.message}`);
    assert.match(bad.message, /missing|deleted/);
  });

  it('finds an inserted entry (a well-formed entry from another chain)', () => {
    const lines = chain();
    lines.splice(2, 0, chain(3, 'other')[2]!); // a valid seq 3 of another trail, spliced in as line 3
    const bad = firstBad(lines);
    assert.deepEqual([bad.line, bad.seq], [3, 3], `expected line 3 (seq 3); saw line ${bad.line} (seq ${bad.seq}): ${bad.message}`);
    assert.match(bad.message, /prevHash/);
  });

  it('finds reordered entries', () => {
    const lines = chain();
    [lines[1], lines[2]] = [lines[2]!, lines[1]!];
    const bad = firstBad(lines);
    assert.deepEqual([bad.line, bad.seq], [2, 3], `expected line 2 (seq 3); saw line ${bad.line} (seq ${bad.seq}): ${bad.message}`);
    assert.match(bad.message, /out of place/);
  });

  it('finds a line that is not JSON', () => {
    const lines = chain();
    lines[1] = lines[1]!.slice(0, 20);
    assert.equal(firstBad(lines).line, 2);
  });
});
