import * as assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openEngine, pingEngine } from '../../src/node/docker/engineClient';
import { listContainers } from '../../src/node/docker/containers';
import { freePort, localEngine, waitFor } from './dockerTestKit';

// A second engine on loopback tcp (its own data, exec root and pid file) proves that remote
// engines go through the same code path as the local socket (notes/docker.md).
describe('a second Docker engine over tcp://127.0.0.1', () => {
  let port = 0;
  let root = '';
  let bridge = '';
  before(async () => {
    port = await freePort();
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-dockerd-'));
    // Its own (empty) bridge: `--bridge none` makes dockerd delete the host's docker0, which
    // breaks every build and bridged container of the machine's real engine.
    bridge = `mlopsbr${port}`;
    execFileSync('ip', ['link', 'add', 'name', bridge, 'type', 'bridge']);
    execFileSync('ip', ['addr', 'add', `10.213.${port % 250}.1/24`, 'dev', bridge]);
    const log = fs.openSync(path.join(root, 'dockerd.log'), 'w');
    const daemon = spawn('dockerd', [
      '-H', `tcp://127.0.0.1:${port}`, '--data-root', path.join(root, 'data'), '--exec-root', path.join(root, 'exec'),
      '--pidfile', path.join(root, 'd.pid'), '--bridge', bridge, '--iptables=false', '--ip-masq=false',
    ], { stdio: ['ignore', log, log], detached: true });
    daemon.unref();
    fs.closeSync(log);
    await waitFor(`the second dockerd's /_ping on port ${port} (log: ${root}/dockerd.log)`, async () => {
      try {
        return (await fetch(`http://127.0.0.1:${port}/_ping`, { signal: AbortSignal.timeout(1000) })).ok;
      } catch {
        return false;
      }
    }, 60_000);
  });

  after(async () => {
    const pidFile = path.join(root, 'd.pid');
    if (fs.existsSync(pidFile)) {
      const pid = Number(fs.readFileSync(pidFile, 'utf8'));
      process.kill(pid, 'SIGTERM');
      await waitFor('the second dockerd to exit', () => !fs.existsSync(pidFile), 30_000).catch(() => process.kill(pid, 'SIGKILL'));
    }
    fs.rmSync(root, { recursive: true, force: true });
    if (bridge) execFileSync('ip', ['link', 'del', bridge]);
  });

  it('answers a ping through DOCKER_HOST=tcp://…', async () => {
    const result = await pingEngine({ env: { DOCKER_HOST: `tcp://127.0.0.1:${port}` } });
    assert.ok(result.ok, `ping failed: ${result.ok ? '' : result.error.message}`);
    assert.equal(result.endpoint.description, `tcp://127.0.0.1:${port} (DOCKER_HOST)`);
  });

  it('lists that engine\'s containers, not the local engine\'s, through the same code path', async () => {
    // A container made on the second engine with its CLI (an imported one-file image, created
    // but never started: the fresh engine has no image that could run).
    const tarball = path.join(root, 'image.tar');
    fs.writeFileSync(path.join(root, 'marker'), 'remote\n');
    execFileSync('tar', ['-C', root, '-cf', tarball, 'marker']);
    const cli = (...args: string[]) => execFileSync('docker', ['-H', `tcp://127.0.0.1:${port}`, ...args], { encoding: 'utf8' }).trim();
    cli('import', tarball, 'mlops-test/remote:1');
    const name = `mlops-test-remote-${process.pid}`;
    cli('create', '--label', 'mlops.test=remote', '--label', 'mlops.role=primary', '--name', name, 'mlops-test/remote:1', '/marker');

    const remote = openEngine({ env: { DOCKER_HOST: `tcp://127.0.0.1:${port}` } });
    assert.equal(remote.endpoint.kind, 'tcp');
    const listed = await listContainers(remote, { 'mlops.test': 'remote' });
    assert.deepEqual(listed.map((c) => [c.name, c.state, c.labels['mlops.role']]), [[name, 'created', 'primary']]);
    assert.deepEqual(await listContainers(localEngine(), { 'mlops.test': 'remote' }), [], 'the local engine should not have the remote container');
  });
});
