// Writes a store of N runs × M metrics × S steps directly in the store's on-disk format
// (meta.json + history.bin per run, index/base.json as a compaction writes it), as finished runs
// look after compaction, plus one index segment: the newest 100 runs noted again by another
// process since then (a listing must show those changes too).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compiled } from './common.mjs';

const { encodeHistory } = compiled('src/core/runs/historyCodec.js');
const { newRunId } = compiled('src/core/runs/runId.js');
const { formatIndexBase } = compiled('src/core/runs/indexBaseText.js');

export function generateStore(dir, { runs = 10_000, metrics = 20, steps = 1_000 } = {}) {
  mkdirSync(join(dir, 'runs'), { recursive: true });
  mkdirSync(join(dir, 'index'), { recursive: true });
  const names = Array.from({ length: metrics }, (_, m) => (m === 0 ? 'loss' : m === 1 ? 'accuracy' : `metric_${m}`));
  const stepsArr = Float64Array.from({ length: steps }, (_, i) => i);
  const summaries = [];
  let bytes = 0;
  const start = Date.now() - runs * 60_000;
  for (let r = 0; r < runs; r++) {
    const createdAt = start + r * 60_000;
    const id = newRunId(createdAt);
    const series = {};
    const finals = {};
    for (let m = 0; m < metrics; m++) {
      const values = new Float64Array(steps);
      const timestamps = new Float64Array(steps);
      const rate = 0.001 + ((r * 31 + m * 7) % 97) / 10_000;
      for (let i = 0; i < steps; i++) {
        values[i] = Math.exp(-rate * i) + ((i * 2654435761 + r) % 1000) / 100_000;
        timestamps[i] = createdAt + i * 50;
      }
      series[names[m]] = { steps: stepsArr, values, timestamps };
      finals[names[m]] = values[steps - 1];
    }
    const record = {
      id, rev: 6, source: 'mlops', name: `lr=${(0.001 * (1 + (r % 50))).toFixed(3)} seed=${r % 7}`, experiment: r % 3 === 0 ? 'iris' : 'mnist',
      status: r % 10 === 9 ? 'failed' : 'finished', createdAt, startedAt: createdAt + 5, endedAt: createdAt + steps * 50,
      params: { 'train.lr': 0.001 * (1 + (r % 50)), 'train.epochs': steps, 'train.batch_size': 32, 'train.optimizer': 'adam', 'model.layers': [64, 32], 'model.dropout': 0.1, 'data.split': 0.8, seed: r % 7 },
      metrics: finals, tags: { owner: 'bench', sweep: String(r % 20) }, notes: '', starred: r % 50 === 0,
      ...(r % 20 ? { parentId: undefined } : {}),
      artifacts: [{ path: 'models/model.json', kind: 'file', hash: 'f'.repeat(64), size: 12345, files: 1 }],
      git: { commit: 'a'.repeat(40), branch: 'main', dirty: r % 2 === 0, patchBytes: r % 2 === 0 ? 512 : 0 },
      data: [{ path: 'data/train.csv', hash: 'd'.repeat(64) }],
      stages: ['prepare', 'train', 'evaluate'].map((name, k) => ({ name, status: 'ran', exitCode: 0, startedAt: createdAt + k * 1000, endedAt: createdAt + k * 1000 + 900 })),
      runner: { pid: 12345, host: 'bench', startTicks: 1 }, history: 'bin',
    };
    const runDir = join(dir, 'runs', id);
    mkdirSync(runDir);
    const meta = JSON.stringify(record);
    const bin = encodeHistory(series);
    writeFileSync(join(runDir, 'meta.json'), meta);
    writeFileSync(join(runDir, 'history.bin'), bin);
    bytes += meta.length + bin.length;
    summaries.push(record);
  }
  // Newest first, as a compaction writes it.
  const newestFirst = [...summaries].reverse();
  const base = formatIndexBase({ v: 1, segments: {}, runs: newestFirst });
  writeFileSync(join(dir, 'index', 'base.json'), base);
  // Since that compaction another process (pid 1 is never a writer of ours) noted 100 runs.
  const noted = newestFirst.slice(0, 100).map((record) => ({ ...record, rev: record.rev + 1, notes: 'checked' }));
  for (const record of noted) writeFileSync(join(dir, 'runs', record.id, 'meta.json'), JSON.stringify(record));
  const segment = noted.map((record) => `${JSON.stringify(record)}\n`).join('');
  writeFileSync(join(dir, 'index', 'seg-1-bench@bench.jsonl'), segment);
  bytes += base.length + segment.length;
  return { ids: summaries.map((s) => s.id), bytes, baseBytes: base.length, segmentBytes: segment.length };
}
