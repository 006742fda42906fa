import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import type * as DockerBundle from '../../src/docker';
import { freePort, tempDir } from './dockerTestKit';

const root = path.resolve(__dirname, '..', '..', '..');

// The shipped dist/docker.js must work with no node_modules around it (the .vsix has none)
// and without ssh2's native parts, which are not bundled.
describe('the packaged Docker bundle (dist/docker.js)', () => {
  const folder = tempDir('mlops-docker-bundle-');
  fs.copyFileSync(path.join(root, 'dist', 'docker.js'), path.join(folder, 'docker.js'));
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the bundle, loaded as the extension loads it
  const bundle = require(path.join(folder, 'docker.js')) as typeof DockerBundle;

  it('pings the local engine from a folder without node_modules', async () => {
    const result = await bundle.pingEngine({ env: {}, homeDir: folder });
    assert.ok(result.ok, `ping from the bundle failed: ${result.ok ? '' : result.error.message}`);
  });

  it('reaches the ssh code path without native modules: a refused ssh port is "refused"', async () => {
    const port = await freePort();
    const result = await bundle.pingEngine({ env: { DOCKER_HOST: `ssh://mlops@127.0.0.1:${port}` }, homeDir: folder });
    assert.ok(!result.ok, 'expected the ssh ping to fail');
    assert.equal(result.error.code, 'refused');
  });

  it('says the ssh connection failed when the port does not speak ssh', async () => {
    const server = net.createServer((socket) => socket.end('HTTP/1.1 400 Bad Request\r\n\r\n'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    after(() => server.close());
    const port = (server.address() as net.AddressInfo).port;
    const result = await bundle.pingEngine({ env: { DOCKER_HOST: `ssh://mlops@127.0.0.1:${port}` }, homeDir: folder });
    assert.ok(!result.ok, 'expected the ssh ping to fail');
    assert.equal(result.error.code, 'ssh');
    assert.match(result.error.message, new RegExp(`^The ssh connection to ssh://mlops@127\\.0\\.0\\.1:${port} \\(DOCKER_HOST\\) failed \\(.+\\): check that your ssh agent`));
  });
});
