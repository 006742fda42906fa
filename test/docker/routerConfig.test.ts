// The generated router configs pass `nginx -t` in the real nginx of the local base image, run as a
// non-root user (as the router container may be).
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { planRouterConfig } from '../../src/core/deploy/routerConfig';
import type { RouterSpec } from '../../src/core/deploy/routerConfig';

const IMAGE = process.env['MLOPS_BASE_IMAGE'] ?? 'local/mlops-base:bookworm';
const LABEL = 'mlops.test=router-config';
const base: RouterSpec = { deployment: 'iris-classifier', listenPort: 18080, maxBodyBytes: 52428800, primaryPort: 18081 };

describe('router config in real nginx', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-router-'));
  after(() => {
    spawnSync('sh', ['-c', `docker ps -aq --filter label=${LABEL} | xargs -r docker rm -f`]);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const cases: [string, RouterSpec][] = [
    ['single server', base],
    ['canary 10%', { ...base, canary: { port: 18082, weight: 10 } }],
    ['canary 100%', { ...base, canary: { port: 18082, weight: 100 } }],
    ['shadow on 0.0.0.0', { ...base, listenHost: '0.0.0.0', shadowPort: 18083 }],
  ];
  for (const [name, spec] of cases) {
    it(`${name}: nginx -t accepts it as a non-root user`, () => {
      const file = path.join(dir, `${name.replace(/\W+/g, '-')}.conf`);
      fs.writeFileSync(file, planRouterConfig(spec));
      fs.chmodSync(dir, 0o755);
      const result = spawnSync('docker', [
        'run', '--rm', '--label', LABEL, '--network', 'host', '--user', '65534:65534',
        '-v', `${file}:/etc/mlops-router/nginx.conf:ro`, IMAGE,
        'sh', '-c', 'mkdir -p /tmp/mlops-router && nginx -t -c /etc/mlops-router/nginx.conf',
      ], { encoding: 'utf8', timeout: 60_000 });
      assert.equal(result.status, 0, `nginx -t failed: ${(result.stderr || result.stdout).trim().split('\n').slice(-2).join(' ')}`);
      assert.match(result.stderr, /test is successful/);
    });
  }
});
