import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { verifyAuditChain } from '../../../src/core/registry/auditChain';
import { appendAudit } from '../../../src/node/registry/auditLog';
import { tempDir } from '../runs/tempDir';

const child = path.join(__dirname, 'auditWriterChild.js');

function runChild(registry: string, count: number): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const proc = spawn(process.execPath, [child, registry, String(count)], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    proc.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    proc.on('close', (code) => resolve({ code, stderr }));
  });
}

describe('audit log (appends under the registry lock)', () => {
  it('chains appends from one process: each entry carries the previous hash', () => {
    const registry = path.join(tempDir('mlops-audit-'), 'registry');
    const base = { when: '2026-11-29T03:00:00.000Z', who: 'a', model: 'iris', version: 1, from: null, to: null, reason: null, artifactHash: null };
    const first = appendAudit(registry, { ...base, action: 'register' });
    const second = appendAudit(registry, { ...base, action: 'alias-set' });
    assert.equal(first.seq, 1);
    assert.equal(second.seq, 2);
    assert.equal(second.prevHash, first.hash);
    const lines = fs.readFileSync(path.join(registry, 'audit.jsonl'), 'utf8').split('\n');
    assert.equal(lines.length, 3, 'expected two lines and the final newline');
    assert.ok(verifyAuditChain(lines).valid);
  });

  it('6 processes × 50 appends at once give 300 entries in one valid chain, none lost or interleaved', async () => {
    const registry = path.join(tempDir('mlops-audit-'), 'registry');
    const results = await Promise.all(Array.from({ length: 6 }, () => runChild(registry, 50)));
    for (const r of results) assert.equal(r.code, 0, `a writer failed: ${r.stderr.split('\n')[0]}`);
    const lines = fs.readFileSync(path.join(registry, 'audit.jsonl'), 'utf8').split('\n');
    const verdict = verifyAuditChain(lines);
    assert.ok(verdict.valid, `expected a valid chain; first bad: ${verdict.valid ? '' : verdict.problem.message}`);
    assert.equal(verdict.entries.length, 300, `expected 300 entries; saw ${verdict.entries.length}`);
    const perWriter = new Map<string, number>();
    for (const e of verdict.entries) perWriter.set(e.who, (perWriter.get(e.who) ?? 0) + 1);
    assert.equal(perWriter.size, 6, `expected entries from 6 writers; saw ${perWriter.size}`);
    for (const [who, n] of perWriter) assert.equal(n, 50, `expected 50 entries by ${who}; saw ${n}`);
  });
});
