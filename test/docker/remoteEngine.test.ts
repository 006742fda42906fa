import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { openEngine, pingEngine } from '../../src/node/docker/engineClient';
import { listContainers } from '../../src/node/docker/containers';
import { localEngine, tempDir } from './dockerTestKit';
import { useSecondEngine } from './secondEngine';

// A second engine on loopback tcp proves that remote engines go through the same code path as
// the local socket (notes/docker.md); one with TLS, that DOCKER_TLS_VERIFY/DOCKER_CERT_PATH work.
describe('a second Docker engine over tcp://127.0.0.1', () => {
  const second = useSecondEngine();

  it('answers a ping through DOCKER_HOST=tcp://…', async () => {
    const result = await pingEngine({ env: { DOCKER_HOST: `tcp://127.0.0.1:${second.port}` } });
    assert.ok(result.ok, `ping failed: ${result.ok ? '' : result.error.message}`);
    assert.equal(result.endpoint.description, `tcp://127.0.0.1:${second.port} (DOCKER_HOST)`);
  });

  it('lists that engine\'s containers, not the local engine\'s, through the same code path', async () => {
    // A container made on the second engine with its CLI (an imported one-file image, created
    // but never started: the fresh engine has no image that could run).
    const tarball = path.join(second.root, 'image.tar');
    fs.writeFileSync(path.join(second.root, 'marker'), 'remote\n');
    execFileSync('tar', ['-C', second.root, '-cf', tarball, 'marker']);
    const cli = (...args: string[]) => execFileSync('docker', ['-H', `tcp://127.0.0.1:${second.port}`, ...args], { encoding: 'utf8' }).trim();
    cli('import', tarball, 'mlops-test/remote:1');
    const name = `mlops-test-remote-${process.pid}`;
    cli('create', '--label', 'mlops.test=remote', '--label', 'mlops.role=primary', '--name', name, 'mlops-test/remote:1', '/marker');

    const remote = openEngine({ env: { DOCKER_HOST: `tcp://127.0.0.1:${second.port}` } });
    assert.equal(remote.endpoint.kind, 'tcp');
    const listed = await listContainers(remote, { 'mlops.test': 'remote' });
    assert.deepEqual(listed.map((c) => [c.name, c.state, c.labels['mlops.role']]), [[name, 'created', 'primary']]);
    assert.deepEqual(await listContainers(localEngine(), { 'mlops.test': 'remote' }), [], 'the local engine should not have the remote container');
  });
});

/** A CA, a server certificate for 127.0.0.1 and a client certificate, made with openssl. */
function makeCertificates(dir: string): void {
  const ssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  ssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca-key.pem', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=mlops-test-ca');
  fs.writeFileSync(path.join(dir, 'server.ext'), 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n');
  fs.writeFileSync(path.join(dir, 'client.ext'), 'extendedKeyUsage=clientAuth\n');
  ssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'server-key.pem', '-out', 'server.csr', '-subj', '/CN=127.0.0.1');
  ssl('x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca-key.pem', '-CAcreateserial', '-out', 'server-cert.pem', '-days', '2', '-extfile', 'server.ext');
  ssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'key.pem', '-out', 'client.csr', '-subj', '/CN=mlops-client');
  ssl('x509', '-req', '-in', 'client.csr', '-CA', 'ca.pem', '-CAkey', 'ca-key.pem', '-CAcreateserial', '-out', 'cert.pem', '-days', '2', '-extfile', 'client.ext');
}

describe('a second Docker engine over tcp with TLS (--tlsverify)', () => {
  const second = useSecondEngine((root) => {
    makeCertificates(root);
    return ['--tlsverify', '--tlscacert', path.join(root, 'ca.pem'), '--tlscert', path.join(root, 'server-cert.pem'), '--tlskey', path.join(root, 'server-key.pem')];
  });

  it('pings and lists with DOCKER_TLS_VERIFY=1 and DOCKER_CERT_PATH', async () => {
    const env = { DOCKER_HOST: `tcp://127.0.0.1:${second.port}`, DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: second.root };
    const result = await pingEngine({ env });
    assert.ok(result.ok, `TLS ping failed: ${result.ok ? '' : result.error.message}`);
    assert.ok(result.endpoint.kind === 'tcp' && result.endpoint.protocol === 'https');
    assert.deepEqual(await listContainers(openEngine({ env }), {}), []);
  });

  it('says the TLS connection failed when the engine\'s certificate is not signed by ca.pem', async () => {
    // The same client certificate, but a CA that did not sign the engine's certificate.
    const other = tempDir('mlops-other-ca-');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca-key.pem', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=other-ca'], { cwd: other, stdio: 'pipe' });
    fs.copyFileSync(path.join(second.root, 'cert.pem'), path.join(other, 'cert.pem'));
    fs.copyFileSync(path.join(second.root, 'key.pem'), path.join(other, 'key.pem'));
    const result = await pingEngine({ env: { DOCKER_HOST: `tcp://127.0.0.1:${second.port}`, DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: other } });
    assert.ok(!result.ok, 'expected the ping to fail');
    assert.equal(result.error.code, 'tls');
    assert.match(result.error.message, new RegExp(`^The TLS connection to tcp://127\\.0\\.0\\.1:${second.port} \\(DOCKER_HOST\\) failed \\(.+\\): check DOCKER_CERT_PATH \\(ca\\.pem, cert\\.pem, key\\.pem\\) and DOCKER_TLS_VERIFY\\.$`));
  });
});
