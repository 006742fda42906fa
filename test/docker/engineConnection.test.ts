import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { openEngine, pingEngine } from '../../src/node/docker/engineClient';
import { listContainers, removeContainersByLabel, runContainer } from '../../src/node/docker/containers';
import { baseImage, dockerCli, freePort, localEngine, tempDir, testLabels } from './dockerTestKit';

const failed = (result: Awaited<ReturnType<typeof pingEngine>>) => {
  assert.ok(!result.ok, `expected the ping to fail, it answered version ${result.ok ? result.version : ''}`);
  return result.error;
};

describe('connecting to the Docker engine', () => {
  it('pings the local engine and reports its version, OS and architecture', async () => {
    const result = await pingEngine(localEngine());
    assert.ok(result.ok, `ping failed: ${result.ok ? '' : result.error.message}`);
    assert.equal(result.version, dockerCli('version', '--format', '{{.Server.Version}}'));
    assert.equal(result.os, dockerCli('version', '--format', '{{.Server.Os}}'));
    assert.equal(result.arch, dockerCli('version', '--format', '{{.Server.Arch}}'));
    assert.equal(result.endpoint.description, 'unix:///var/run/docker.sock (the default)');
  });

  it('says in one sentence that no engine answers at a DOCKER_HOST socket that does not exist', async () => {
    const socket = path.join(tempDir('mlops-no-engine-'), 'docker.sock');
    const error = failed(await pingEngine({ env: { DOCKER_HOST: `unix://${socket}` }, homeDir: tempDir('mlops-home-') }));
    assert.equal(error.code, 'no-engine');
    assert.equal(error.message, `No Docker engine answers at unix://${socket} (DOCKER_HOST): start it, or change DOCKER_HOST.`);
  });

  it('names the setting when the overriding socket is missing', async () => {
    const error = failed(await pingEngine({ override: 'unix:///nonexistent/docker.sock', env: { DOCKER_HOST: 'unix:///var/run/docker.sock' }, homeDir: tempDir('mlops-home-') }));
    assert.equal(error.code, 'no-engine');
    assert.equal(error.message, 'No Docker engine answers at unix:///nonexistent/docker.sock (setting mlops.docker.host): start it, or change mlops.docker.host.');
  });

  it('tells a user outside the docker group to join it (EACCES on the socket)',
    { skip: process.getuid?.() === 0 ? false : 'needs root, to run the client as the user nobody' }, () => {
      const client = path.join(__dirname, '..', '..', 'src', 'node', 'docker', 'engineClient.js');
      const script = `require(${JSON.stringify(client)}).pingEngine({ env: {}, homeDir: '/nonexistent' })
        .then((r) => process.stdout.write(JSON.stringify(r.ok ? { ok: true } : { code: r.error.code, message: r.error.message })))`;
      // nobody (65534) is neither root nor in the socket's group (mode 660 root:docker).
      const child = spawnSync(process.execPath, ['-e', script], { uid: 65534, gid: 65534, encoding: 'utf8', cwd: '/' });
      assert.equal(child.status, 0, `the client process failed: ${child.stderr.split('\n')[0]}`);
      assert.deepEqual(JSON.parse(child.stdout), {
        code: 'permission',
        message: 'Permission denied on unix:///var/run/docker.sock (the default): add your user to the docker group (sudo usermod -aG docker $USER), then log in again.',
      });
    });

  it('says the engine refused when DOCKER_HOST is a closed tcp port', async () => {
    const port = await freePort();
    const error = failed(await pingEngine({ env: { DOCKER_HOST: `tcp://127.0.0.1:${port}` } }));
    assert.equal(error.code, 'refused');
    assert.equal(error.message, `The Docker engine at tcp://127.0.0.1:${port} (DOCKER_HOST) refused the connection: start it, or change DOCKER_HOST.`);
  });

  it('gives up with "timeout" when something accepts the connection and never answers', async () => {
    const sockets: net.Socket[] = [];
    const silent = net.createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    after(() => {
      sockets.forEach((socket) => socket.destroy());
      silent.close();
    });
    const port = (silent.address() as net.AddressInfo).port;
    const error = failed(await pingEngine({ env: { DOCKER_HOST: `tcp://127.0.0.1:${port}` } }));
    assert.equal(error.code, 'timeout');
    assert.equal(error.message, `The Docker engine at tcp://127.0.0.1:${port} (DOCKER_HOST) did not answer within 3 s: check that it is running and reachable.`);
  });

  it('reports a bad DOCKER_HOST as a configuration error instead of throwing', async () => {
    const error = failed(await pingEngine({ env: { DOCKER_HOST: 'http://127.0.0.1:2375' } }));
    assert.equal(error.code, 'bad-config');
    assert.equal(error.message, "DOCKER_HOST ('http://127.0.0.1:2375') has an unknown scheme 'http://': use unix://, tcp:// or ssh://.");
  });
});

describe('the docker CLI\'s current context', () => {
  const engine = localEngine();
  after(() => removeContainersByLabel(engine, { ...testLabels, 'mlops.test.case': 'context' }));

  /** A HOME whose ~/.docker/config.json selects `name`, whose endpoint is `host`. */
  function homeWithContext(name: string, host: string): string {
    const home = tempDir('mlops-context-home-');
    const docker = path.join(home, '.docker');
    // sha256("mlops-ctx"), from `printf mlops-ctx | sha256sum`: the CLI's folder for that context.
    const id = 'e5148ab7a95a341d3c30f1ed1838de292e6b21365b24f942266e455f1d592301';
    assert.equal(name, 'mlops-ctx');
    fs.mkdirSync(path.join(docker, 'contexts', 'meta', id), { recursive: true });
    fs.writeFileSync(path.join(docker, 'config.json'), JSON.stringify({ auths: {}, currentContext: name }));
    fs.writeFileSync(path.join(docker, 'contexts', 'meta', id, 'meta.json'),
      JSON.stringify({ Name: name, Metadata: {}, Endpoints: { docker: { Host: host, SkipTLSVerify: false } } }));
    return home;
  }

  it('reaches the engine through the context\'s endpoint, and lists what the engine holds', async () => {
    // The context points at a link to the real socket: only following the context reaches it.
    const link = path.join(tempDir('mlops-context-sock-'), 'engine.sock');
    fs.symlinkSync('/var/run/docker.sock', link);
    const home = homeWithContext('mlops-ctx', `unix://${link}`);
    const result = await pingEngine({ env: {}, homeDir: home });
    assert.ok(result.ok, `ping through the context failed: ${result.ok ? '' : result.error.message}`);
    assert.equal(result.endpoint.description, `unix://${link} (context mlops-ctx)`);

    const viaContext = openEngine({ env: {}, homeDir: home });
    const name = `mlops-test-context-${process.pid}`;
    await runContainer(viaContext, { image: baseImage, name, cmd: ['sleep', '60'], labels: { ...testLabels, 'mlops.test.case': 'context' }, restartPolicy: 'no' });
    const listed = await listContainers(viaContext, { 'mlops.test.case': 'context' });
    assert.deepEqual(listed.map((c) => c.name), [name]);
    assert.equal(dockerCli('inspect', '--format', '{{.State.Status}}', name), 'running');
  });

  it('says which context is missing an engine', async () => {
    const home = homeWithContext('mlops-ctx', 'unix:///nonexistent/ctx.sock');
    const error = failed(await pingEngine({ env: {}, homeDir: home }));
    assert.equal(error.code, 'no-engine');
    assert.equal(error.message, 'No Docker engine answers at unix:///nonexistent/ctx.sock (context mlops-ctx): start it, or switch contexts with `docker context use`.');
  });
});
