import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { EngineEndpointError, resolveEngineEndpoint, type EngineEndpoint, type EngineEnvironment } from '../../../src/core/docker/engineEndpoint';

// sha256("remote") and sha256("my ctx"), from `printf remote | sha256sum`: the docker CLI names
// a context's folders by the hash of its name.
const remoteId = 'b71199ebd070b36beab7317920c2c2f1d777df8d05e5527d8458fda57cb17a7a';
const myCtxId = '7dc32fcde6f5d4ed24a0b5709cca2382ed18f3d476abe19cd1355094c086edd8';

function resolve(env: Record<string, string>, files: Record<string, string> = {}, extra: Partial<EngineEnvironment> = {}): EngineEndpoint {
  return resolveEngineEndpoint({
    env,
    homeDir: '/home/ann',
    readFile: (file) => files[file],
    sha256Hex: (text) => createHash('sha256').update(text).digest('hex'),
    ...extra,
  });
}

function failure(run: () => unknown): EngineEndpointError {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof EngineEndpointError, `expected an EngineEndpointError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected resolution to fail, it succeeded');
}

const oneSentence = (message: string) => {
  assert.match(message, /^[A-Z`].*\.$/, `not a sentence: ${message}`);
  assert.ok(!message.includes('\n'), `spans lines: ${message}`);
};

const remoteMeta = (host: string, skip = false) => JSON.stringify({ Name: 'remote', Metadata: {}, Endpoints: { docker: { Host: host, SkipTLSVerify: skip } } });

describe('resolveEngineEndpoint', () => {
  it('defaults to unix:///var/run/docker.sock when nothing is configured', () => {
    const endpoint = resolve({});
    assert.equal(endpoint.kind, 'unix');
    assert.equal(endpoint.kind === 'unix' && endpoint.socketPath, '/var/run/docker.sock');
    assert.equal(endpoint.source, 'default');
    assert.equal(endpoint.description, 'unix:///var/run/docker.sock (the default)');
  });

  it('takes DOCKER_HOST over a context and over the default', () => {
    const endpoint = resolve({ DOCKER_HOST: 'tcp://127.0.0.1:2999', DOCKER_CONTEXT: 'remote' });
    assert.deepEqual(
      { kind: endpoint.kind, source: endpoint.source, description: endpoint.description },
      { kind: 'tcp', source: 'DOCKER_HOST', description: 'tcp://127.0.0.1:2999 (DOCKER_HOST)' },
    );
    assert.ok(endpoint.kind === 'tcp');
    assert.deepEqual([endpoint.host, endpoint.port, endpoint.protocol, endpoint.tls], ['127.0.0.1', 2999, 'http', undefined]);
  });

  it('takes the setting over DOCKER_HOST, and names the setting in its description', () => {
    const endpoint = resolve({ DOCKER_HOST: 'tcp://127.0.0.1:2999' }, {}, { override: 'unix:///run/user/1000/docker.sock' });
    assert.equal(endpoint.kind === 'unix' && endpoint.socketPath, '/run/user/1000/docker.sock');
    assert.equal(endpoint.source, 'setting');
    assert.equal(endpoint.description, 'unix:///run/user/1000/docker.sock (setting mlops.docker.host)');
    const cli = resolve({}, {}, { override: 'tcp://10.0.0.5:2375', overrideName: '--docker-host' });
    assert.equal(cli.description, 'tcp://10.0.0.5:2375 (--docker-host)');
  });

  it('ignores a blank setting', () => {
    assert.equal(resolve({ DOCKER_HOST: 'unix:///tmp/d.sock' }, {}, { override: '  ' }).source, 'DOCKER_HOST');
  });

  it('reads host:port without a scheme as tcp, with the CLI\'s default ports', () => {
    const plain = resolve({ DOCKER_HOST: 'build-box' });
    assert.ok(plain.kind === 'tcp');
    assert.deepEqual([plain.host, plain.port], ['build-box', 2375]);
    const withPort = resolve({ DOCKER_HOST: 'build-box:3000' });
    assert.ok(withPort.kind === 'tcp' && withPort.port === 3000);
  });

  it('uses TLS with DOCKER_TLS_VERIFY and DOCKER_CERT_PATH, default port 2376', () => {
    const files = { '/certs/ca.pem': 'CA', '/certs/cert.pem': 'CERT', '/certs/key.pem': 'KEY' };
    const endpoint = resolve({ DOCKER_HOST: 'tcp://engine.example', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: '/certs' }, files);
    assert.ok(endpoint.kind === 'tcp');
    assert.equal(endpoint.protocol, 'https');
    assert.equal(endpoint.port, 2376);
    assert.deepEqual(endpoint.tls, { caPath: '/certs/ca.pem', certPath: '/certs/cert.pem', keyPath: '/certs/key.pem', verify: true });
  });

  it('looks for TLS files in ~/.docker when DOCKER_CERT_PATH is unset, leaving out absent ones', () => {
    const endpoint = resolve({ DOCKER_HOST: 'tcp://engine.example:2376', DOCKER_TLS_VERIFY: '1' }, { '/home/ann/.docker/ca.pem': 'CA' });
    assert.ok(endpoint.kind === 'tcp');
    assert.deepEqual(endpoint.tls, { caPath: '/home/ann/.docker/ca.pem', certPath: undefined, keyPath: undefined, verify: true });
  });

  it('encrypts without verifying with DOCKER_TLS alone', () => {
    const endpoint = resolve({ DOCKER_HOST: 'tcp://engine.example:2376', DOCKER_TLS: '1' });
    assert.ok(endpoint.kind === 'tcp');
    assert.equal(endpoint.protocol, 'https');
    assert.equal(endpoint.tls?.verify, false);
  });

  it('parses ssh://user@host:port and ssh://host', () => {
    const full = resolve({ DOCKER_HOST: 'ssh://deploy@gpu-box:2222' });
    assert.deepEqual(full.kind === 'ssh' && [full.user, full.host, full.port, full.description], ['deploy', 'gpu-box', 2222, 'ssh://deploy@gpu-box:2222 (DOCKER_HOST)']);
    const bare = resolve({ DOCKER_HOST: 'ssh://gpu-box' });
    assert.deepEqual(bare.kind === 'ssh' && [bare.user, bare.host, bare.port], [undefined, 'gpu-box', 22]);
  });

  it('honours DOCKER_CONTEXT through the context\'s meta.json, with its TLS files', () => {
    const files = {
      [`/home/ann/.docker/contexts/meta/${remoteId}/meta.json`]: remoteMeta('tcp://10.1.2.3:2376'),
      [`/home/ann/.docker/contexts/tls/${remoteId}/docker/ca.pem`]: 'CA',
      [`/home/ann/.docker/contexts/tls/${remoteId}/docker/cert.pem`]: 'CERT',
      [`/home/ann/.docker/contexts/tls/${remoteId}/docker/key.pem`]: 'KEY',
    };
    const endpoint = resolve({ DOCKER_CONTEXT: 'remote' }, files);
    assert.ok(endpoint.kind === 'tcp');
    assert.equal(endpoint.source, 'context remote');
    assert.equal(endpoint.description, 'tcp://10.1.2.3:2376 (context remote)');
    assert.equal(endpoint.protocol, 'https');
    assert.deepEqual(endpoint.tls, {
      caPath: `/home/ann/.docker/contexts/tls/${remoteId}/docker/ca.pem`,
      certPath: `/home/ann/.docker/contexts/tls/${remoteId}/docker/cert.pem`,
      keyPath: `/home/ann/.docker/contexts/tls/${remoteId}/docker/key.pem`,
      verify: true,
    });
  });

  it('uses a context without TLS files over plain http, and SkipTLSVerify as https without verification', () => {
    const plain = resolve({ DOCKER_CONTEXT: 'remote' }, { [`/home/ann/.docker/contexts/meta/${remoteId}/meta.json`]: remoteMeta('tcp://10.1.2.3:2375') });
    assert.ok(plain.kind === 'tcp' && plain.protocol === 'http' && plain.tls === undefined);
    const skip = resolve({ DOCKER_CONTEXT: 'remote' }, { [`/home/ann/.docker/contexts/meta/${remoteId}/meta.json`]: remoteMeta('tcp://10.1.2.3:2376', true) });
    assert.ok(skip.kind === 'tcp' && skip.protocol === 'https' && skip.tls?.verify === false);
  });

  it('follows currentContext in config.json (and DOCKER_CONFIG), with a name that needs hashing', () => {
    const files = {
      '/etc/dockercfg/config.json': JSON.stringify({ auths: {}, currentContext: 'my ctx' }),
      [`/etc/dockercfg/contexts/meta/${myCtxId}/meta.json`]: JSON.stringify({ Name: 'my ctx', Endpoints: { docker: { Host: 'unix:///run/ctx.sock' } } }),
    };
    const endpoint = resolve({ DOCKER_CONFIG: '/etc/dockercfg' }, files);
    assert.equal(endpoint.kind === 'unix' && endpoint.socketPath, '/run/ctx.sock');
    assert.equal(endpoint.source, 'context my ctx');
  });

  it('prefers DOCKER_CONTEXT to currentContext, and treats the context "default" as no context', () => {
    const files = {
      '/home/ann/.docker/config.json': JSON.stringify({ currentContext: 'remote' }),
      [`/home/ann/.docker/contexts/meta/${remoteId}/meta.json`]: remoteMeta('ssh://me@far'),
    };
    assert.equal(resolve({ DOCKER_CONTEXT: 'default' }, files).source, 'default');
    assert.equal(resolve({}, files).source, 'context remote');
    assert.equal(resolve({}, { '/home/ann/.docker/config.json': '{"auths":{}}' }).source, 'default');
  });

  it('refuses a context that does not exist, in one sentence naming it and where it came from', () => {
    const fromEnv = failure(() => resolve({ DOCKER_CONTEXT: 'remote' }));
    assert.equal(fromEnv.code, 'missing-context');
    assert.equal(fromEnv.message, "Docker context 'remote' (from DOCKER_CONTEXT) does not exist: unset DOCKER_CONTEXT or create that context.");
    const fromConfig = failure(() => resolve({}, { '/home/ann/.docker/config.json': '{"currentContext":"gone"}' }));
    assert.equal(fromConfig.code, 'missing-context');
    assert.match(fromConfig.message, /^Docker context 'gone' \(from the currentContext of \/home\/ann\/\.docker\/config\.json\) does not exist: run `docker context use default`/);
    oneSentence(fromConfig.message);
  });

  it('refuses broken config.json and meta.json files in one sentence', () => {
    const config = failure(() => resolve({}, { '/home/ann/.docker/config.json': '{not json' }));
    assert.equal(config.code, 'bad-config');
    oneSentence(config.message);
    const meta = failure(() => resolve({ DOCKER_CONTEXT: 'remote' }, { [`/home/ann/.docker/contexts/meta/${remoteId}/meta.json`]: '{"Endpoints":{}}' }));
    assert.equal(meta.code, 'bad-context');
    oneSentence(meta.message);
  });

  it('refuses an unknown scheme, naming where the address came from', () => {
    const env = failure(() => resolve({ DOCKER_HOST: 'http://127.0.0.1:2375' }));
    assert.equal(env.code, 'unknown-scheme');
    assert.equal(env.message, "DOCKER_HOST ('http://127.0.0.1:2375') has an unknown scheme 'http://': use unix://, tcp:// or ssh://.");
    const setting = failure(() => resolve({}, {}, { override: 'npipe:////./pipe/docker_engine' }));
    assert.equal(setting.message, "The setting mlops.docker.host ('npipe:////./pipe/docker_engine') has an unknown scheme 'npipe://': use unix://, tcp:// or ssh://.");
    const flag = failure(() => resolve({}, {}, { override: 'http://box', overrideName: '--docker-host' }));
    assert.equal(flag.message, "The option --docker-host ('http://box') has an unknown scheme 'http://': use unix://, tcp:// or ssh://.");
  });

  it('refuses malformed addresses in one sentence each', () => {
    for (const host of ['tcp://', 'tcp://host:port', 'unix://relative.sock', 'ssh://me:secret@box', 'ssh://box/path', 'tcp://me@box:2375']) {
      const error = failure(() => resolve({ DOCKER_HOST: host }));
      assert.equal(error.code, 'bad-host', `${host} gave ${error.code}`);
      oneSentence(error.message);
    }
  });
});
