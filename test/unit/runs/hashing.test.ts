import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { HashCache } from '../../../src/node/hashing/hashCache';
import { PathHasher } from '../../../src/node/hashing/pathHasher';
import { hashDir, hashPath, sha256File } from '../../../src/node/hashing/sha256';
import { tempDir, writeTree } from './tempDir';

const sha = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

describe('hashing', () => {
  it('hashes files like sha256sum, also across chunk boundaries and when empty', async () => {
    const dir = tempDir();
    const big = Buffer.alloc((3 << 20) + 123);
    for (let i = 0; i < big.length; i++) big[i] = (i * 7919) & 255;
    writeTree(dir, { big: big, empty: '' });
    assert.equal(await sha256File(path.join(dir, 'big')), sha(big));
    assert.equal(await sha256File(path.join(dir, 'empty')), sha(''));
  });

  it('hashes a folder over its sorted relative paths and file hashes', async () => {
    const a = tempDir();
    const b = tempDir();
    writeTree(a, { 'x/1.txt': 'one', 'y.txt': 'two', 'x/sub/2.txt': 'three' });
    writeTree(b, { 'y.txt': 'two', 'x/sub/2.txt': 'three', 'x/1.txt': 'one' });
    fs.mkdirSync(path.join(b, 'empty-folder'));
    const expected = sha(`x/1.txt\0${sha('one')}\nx/sub/2.txt\0${sha('three')}\ny.txt\0${sha('two')}\n`);
    assert.deepEqual(await hashDir(a), { kind: 'dir', hash: expected, size: 11, files: 3 });
    assert.equal((await hashDir(b)).hash, expected, 'creation order and empty folders do not matter');
    fs.renameSync(path.join(b, 'y.txt'), path.join(b, 'z.txt'));
    assert.notEqual((await hashDir(b)).hash, expected, 'a rename changes the hash');
    assert.equal(await hashPath(path.join(a, 'missing')), null);
    assert.deepEqual(await hashPath(path.join(a, 'y.txt')), { kind: 'file', hash: sha('two'), size: 3, files: 1 });
  });

  it('does not read unchanged files again, and persists the cache in the store', async () => {
    const dir = tempDir();
    writeTree(dir, { 'data/a.csv': 'aaaa', 'data/b.csv': 'bbbb' });
    const old = new Date(Date.now() - 60_000);
    for (const f of ['a.csv', 'b.csv']) fs.utimesSync(path.join(dir, 'data', f), old, old);
    const store = path.join(dir, '.mlops');
    const first = PathHasher.forStore(store);
    const hash = await first.hash(path.join(dir, 'data'));
    assert.ok(fs.existsSync(path.join(store, 'cache', 'hashes.json')));

    // Same size and mtime but other bytes: only a cache hit can still give the old hash,
    // which proves the file was not read.
    fs.writeFileSync(path.join(dir, 'data', 'a.csv'), 'AAAA');
    fs.utimesSync(path.join(dir, 'data', 'a.csv'), old, old);
    const second = PathHasher.forStore(store);
    assert.equal(await second.hash(path.join(dir, 'data')), hash);

    // A new mtime means a new read.
    const newer = new Date(Date.now() - 30_000);
    fs.utimesSync(path.join(dir, 'data', 'a.csv'), newer, newer);
    assert.notEqual(await second.hash(path.join(dir, 'data')), hash);
  });

  it('does not cache a file modified moments ago (its mtime may not change on the next write)', async () => {
    const dir = tempDir();
    writeTree(dir, { 'fresh.txt': 'now', 'old.txt': 'then' });
    const old = new Date(Date.now() - 600_000);
    fs.utimesSync(path.join(dir, 'old.txt'), old, old);
    // A window far wider than any delay a busy machine puts between the write and the hash.
    const cache = new HashCache(path.join(dir, 'hashes.json'), 300_000);
    await hashPath(path.join(dir, 'fresh.txt'), { cache });
    assert.equal(cache.size, 0, 'a file written moments ago was cached');
    await hashPath(path.join(dir, 'old.txt'), { cache });
    assert.equal(cache.size, 1, 'a file last written 10 minutes ago was not cached');
  });
});
