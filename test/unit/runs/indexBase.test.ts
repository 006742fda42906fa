import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { newRunId } from '../../../src/core/runs/runId';
import type { RunRecord } from '../../../src/core/runs/runModel';
import { RunStore } from '../../../src/node/runs/runStore';
import { tempDir } from './tempDir';

/** A finished run as the store records it, with enough fields to make a realistic index line. */
function finishedRun(createdAt: number, i: number): RunRecord {
  return {
    id: newRunId(createdAt), rev: 4, source: 'mlops', name: `run ${i} ✓`, experiment: 'iris', status: 'finished',
    createdAt, startedAt: createdAt + 1, endedAt: createdAt + 2_000,
    params: { 'train.lr': 0.001 * (i + 1), 'train.layers': [64, 32], seed: i },
    metrics: Object.fromEntries(Array.from({ length: 20 }, (_, m) => [`metric_${m}`, Math.exp(-i / (m + 1))])),
    tags: { sweep: String(i % 7) }, notes: 'a note with "quotes", a comma, and ]} in it', starred: i % 5 === 0,
    artifacts: [{ path: 'model.pkl', kind: 'file', hash: 'ab'.repeat(32), size: 1234, files: 1 }],
    data: [{ path: 'data.csv', hash: 'cd'.repeat(32) }],
    stages: [{ name: 'train', status: 'ran', exitCode: 0, startedAt: createdAt + 1, endedAt: createdAt + 1_999 }],
    history: 'none',
  };
}

/**
 * Makes each run's folder, without its meta.json: a listing reads meta.json only for runs the
 * index does not hold, so every run listed here was read from the index.
 */
function writeRunFolders(storeDir: string, runs: readonly RunRecord[]): void {
  for (const run of runs) fs.mkdirSync(path.join(storeDir, 'runs', run.id), { recursive: true });
}

const newestFirst = (runs: readonly RunRecord[]) => [...runs].sort((a, b) => (a.id < b.id ? 1 : -1));

describe('index base.json', () => {
  it('is written one run per line by a compaction, and stays one JSON document any reader can parse', async () => {
    const store = await RunStore.open(path.join(tempDir(), '.mlops'), { compactAfterBytes: 1 });
    for (const name of ['r0', 'r1', 'Größe 😀 r2']) await (await store.createRun({ name, experiment: 'e' })).finish('finished');
    const listed = await store.listRuns(); // compacts (threshold 1 byte)
    const text = fs.readFileSync(path.join(store.dir, 'index', 'base.json'), 'utf8');
    assert.ok(!/[\x7f-\uffff]/.test(text), 'base.json is ASCII: other characters are written as \\u escapes');
    assert.equal((await (await RunStore.open(store.dir)).listRuns())[0]?.name, 'Größe 😀 r2', 'an escaped name lists as written');
    const lines = text.trimEnd().split('\n');
    assert.equal(lines.length, 3 + 2, `expected a header line, 3 run lines and a closing line; saw ${lines.length} line(s)`);
    assert.match(lines[0] ?? '', /^\{"v":1,"segments":\{"seg-[^"]+":\d+\},"runs":\[$/, 'the first line holds the header only (this writer\'s segment offset)');
    assert.equal(lines[4], ']}');
    const parsed = JSON.parse(text) as { runs: RunRecord[] };
    assert.deepEqual(parsed.runs.map((r) => r.id), listed.map((r) => r.id), 'the runs in base.json, newest first, are the ones listed');
  });

  it('lists a base.json in the older one-line layout (stores written before this layout)', async () => {
    const dir = path.join(tempDir(), '.mlops');
    const runs = Array.from({ length: 5 }, (_, i) => finishedRun(Date.UTC(2026, 0, 1, 0, i), i));
    writeRunFolders(dir, runs);
    fs.mkdirSync(path.join(dir, 'index'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'index', 'base.json'), JSON.stringify({ v: 1, segments: {}, runs }));
    const listed = await (await RunStore.open(dir)).listRuns();
    assert.deepEqual(listed, newestFirst(runs));
  });

  it('lists every run of a base.json read in several pieces, with the changes segments made since', async () => {
    const dir = path.join(tempDir(), '.mlops');
    // ~1,500 bytes a run: 1,600 runs make a base of 2.4 MB, more than one piece of 2 MiB.
    const runs = Array.from({ length: 1_600 }, (_, i) => finishedRun(Date.UTC(2026, 0, 1) + i * 60_000, i));
    writeRunFolders(dir, runs);
    const base = `{"v":1,"segments":{},"runs":[\n${newestFirst(runs).map((r) => JSON.stringify(r)).join(',\n')}\n]}\n`;
    assert.ok(base.length > 2 << 20, `the base should span two pieces; it has ${base.length} bytes`);
    fs.mkdirSync(path.join(dir, 'index'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'index', 'base.json'), base);
    // Another process, since that base: renamed one run, deleted another (tombstone, folder gone).
    const renamed = { ...runs[700]!, rev: 5, name: 'renamed later' };
    fs.rmSync(path.join(dir, 'runs', runs[900]!.id), { recursive: true });
    fs.writeFileSync(path.join(dir, 'index', 'seg-1-abc@elsewhere.jsonl'), `${JSON.stringify(renamed)}\n${JSON.stringify({ id: runs[900]!.id, rev: 5, deleted: true })}\n`);

    const listed = await (await RunStore.open(dir)).listRuns();
    const expected = newestFirst(runs.filter((_, i) => i !== 900).map((r) => (r.id === renamed.id ? renamed : r)));
    assert.equal(listed.length, 1_599, `expected 1,599 runs; listed ${listed.length}`);
    assert.equal(listed.find((r) => r.id === renamed.id)?.name, 'renamed later');
    assert.deepEqual(listed, expected);
  });

  it('indexes the runs it found only as folders, so the next listing reads them from the index', async () => {
    const dir = path.join(tempDir(), '.mlops');
    const writer = await RunStore.open(dir);
    for (let i = 0; i < 3; i++) await (await writer.createRun({ name: `r${i}`, experiment: 'e' })).finish('finished');
    writer.close();
    fs.rmSync(path.join(dir, 'index'), { recursive: true });
    const first = await (await RunStore.open(dir)).listRuns(); // from the three meta.json files
    assert.equal(first.length, 3);
    // Without meta.json, only the index can list them now.
    for (const run of first) fs.rmSync(path.join(dir, 'runs', run.id, 'meta.json'));
    const second = await (await RunStore.open(dir)).listRuns();
    assert.deepEqual(second.map((r) => r.name), first.map((r) => r.name), 'the runs listed from meta.json once are listed from the index next time');
  });
});
