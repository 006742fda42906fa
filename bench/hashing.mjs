// bench/hashing: hashing deps (src/node/hashing) against coreutils' sha256sum on the same files.
// Makes 200 MB of files (10 × 16 MB + 1,000 × 40 KB) in a temp folder and measures:
//   - warm (files in the page cache): sha256sum vs hashDir, best of 3 each
//   - cold (page cache dropped before each run, when permitted)
//   - hashDir again with the hash cache (unchanged files are not read)
// Target: hashDir throughput >= 80 % of sha256sum's.
// Usage: node bench/hashing.mjs [--mb N] [--build]
import { Buffer } from 'node:buffer';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { compiled, dropCaches, fmt } from './store/common.mjs';

const { hashDir } = compiled('src/node/hashing/sha256.js');
const { HashCache } = compiled('src/node/hashing/hashCache.js');

const mbAt = process.argv.indexOf('--mb');
const mb = mbAt >= 0 ? Number(process.argv[mbAt + 1]) : 200;
if (!(mb > 0)) throw new Error(`--mb wants a positive number of megabytes, got ${process.argv[mbAt + 1]}`);
const dir = mkdtempSync(join(tmpdir(), 'mlops-bench-hash-'));
const data = join(dir, 'data');
mkdirSync(join(data, 'big'), { recursive: true });
mkdirSync(join(data, 'small'), { recursive: true });
const bigCount = 10;
const bigBytes = Math.round((mb * 0.8 * 1e6) / bigCount);
const smallCount = 1000;
const smallBytes = Math.round((mb * 0.2 * 1e6) / smallCount);
let seed = 1;
const fill = (n) => {
  const b = Buffer.allocUnsafe(n);
  for (let i = 0; i < n; i += 4) { seed = (seed * 1664525 + 1013904223) >>> 0; b.writeUInt32LE(seed, Math.min(i, n - 4)); }
  return b;
};
const old = new Date(Date.now() - 3_600_000); // older than the racy window, so the cache may keep them
for (let i = 0; i < bigCount; i++) { const f = join(data, 'big', `part-${i}.bin`); writeFileSync(f, fill(bigBytes)); utimesSync(f, old, old); }
for (let i = 0; i < smallCount; i++) { const f = join(data, 'small', `row-${i}.csv`); writeFileSync(f, fill(smallBytes)); utimesSync(f, old, old); }
const files = [...readdirSync(join(data, 'big')).map((n) => join(data, 'big', n)), ...readdirSync(join(data, 'small')).map((n) => join(data, 'small', n))];
const totalMb = (bigCount * bigBytes + smallCount * smallBytes) / 1e6;
spawnSync('sync');

function sha256sum() {
  const t = performance.now();
  const r = spawnSync('sha256sum', files, { maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error('sha256sum failed');
  return performance.now() - t;
}
async function ours(cache) {
  const t = performance.now();
  await hashDir(data, cache ? { cache } : {});
  return performance.now() - t;
}
const rate = (ms) => `${(totalMb / (ms / 1000)).toFixed(0)} MB/s`;

// Warm: read everything once, then best of 3.
sha256sum();
const warmSum = Math.min(sha256sum(), sha256sum(), sha256sum());
const warmOurs = Math.min(await ours(), await ours(), await ours());
let coldSum, coldOurs;
if (dropCaches()) {
  coldSum = sha256sum();
  dropCaches();
  coldOurs = await ours();
}
const cache = new HashCache(join(dir, 'hashes.json'));
await ours(cache);
await cache.save();
const cached = await ours(new HashCache(join(dir, 'hashes.json')));

console.log(`${totalMb.toFixed(0)} MB in ${files.length} files (${bigCount} × ${(bigBytes / 1e6).toFixed(0)} MB, ${smallCount} × ${(smallBytes / 1e3).toFixed(0)} KB)`);
console.log(`warm (page cache):  sha256sum ${fmt(warmSum)} = ${rate(warmSum)}   hashDir ${fmt(warmOurs)} = ${rate(warmOurs)}   ours/sha256sum throughput ${(100 * warmSum / warmOurs).toFixed(0)} % (target >= 80 %)`);
if (coldSum !== undefined) console.log(`cold (cache dropped): sha256sum ${fmt(coldSum)} = ${rate(coldSum)}   hashDir ${fmt(coldOurs)} = ${rate(coldOurs)}   ${(100 * coldSum / coldOurs).toFixed(0)} %`);
console.log(`hashDir with the hash cache, nothing changed: ${fmt(cached)}`);
console.log(`hashing: ${fmt(warmOurs)} vs sha256sum ${fmt(warmSum)} = ${(warmOurs / warmSum).toFixed(2)}×`);
rmSync(dir, { recursive: true, force: true });
