import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { copyFilesOutOfContainer, execInContainer } from '../../src/node/docker/containerIo';
import { runContainer, type StartedContainer } from '../../src/node/docker/containers';
import { baseImage, localEngine, removeTestObjectsAfter, tempDir, waitFor } from './dockerTestKit';

// A label of this file's own, so its cleanup never touches another test's containers.
const labels = { 'mlops.test': `containerCopy-${process.pid}` };
const engine = localEngine();
removeTestObjectsAfter(engine, labels);

describe('copyFilesOutOfContainer (the drift check reads a deployment\'s request log with it)', () => {
  let started: StartedContainer;
  before(async () => {
    started = await runContainer(engine, {
      image: baseImage, name: `mlops-test-copy-${process.pid}`, labels, restartPolicy: 'no',
      cmd: ['sh', '-c', 'mkdir -p /tmp/mlops/sub && printf "old\\n" > /tmp/mlops/requests.jsonl.1 && printf "new\\n" > /tmp/mlops/requests.jsonl && echo x > /tmp/mlops/sub/nested && touch /tmp/mlops/ready && exec sleep 600'],
    });
    await waitFor('the files in the container', async () => (await execInContainer(engine, started.id, ['test', '-f', '/tmp/mlops/ready'])).exitCode === 0, 60_000);
  });

  it('copies the regular files of a folder, not its subfolders, into a local folder', async () => {
    const dir = tempDir('mlops-copy-');
    const names = await copyFilesOutOfContainer(engine, started.id, '/tmp/mlops', dir);
    assert.deepEqual(names.sort(), ['ready', 'requests.jsonl', 'requests.jsonl.1']);
    assert.equal(fs.readFileSync(path.join(dir, 'requests.jsonl'), 'utf8'), 'new\n');
    assert.equal(fs.readFileSync(path.join(dir, 'requests.jsonl.1'), 'utf8'), 'old\n');
    assert.deepEqual(fs.readdirSync(dir).sort(), ['ready', 'requests.jsonl', 'requests.jsonl.1'], 'expected nothing else written (no sub/nested)');
  });

  it('says not-found for a path that does not exist (a version that has logged nothing yet)', async () => {
    await assert.rejects(copyFilesOutOfContainer(engine, started.id, '/tmp/nothing-here', tempDir('mlops-copy-')), (error: unknown) => {
      assert.equal((error as { code?: string }).code, 'not-found', `expected the code not-found, saw ${String((error as { code?: string }).code)}`);
      return true;
    });
  });
});
