import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { planRouterConfig, routerCommand, routerReloadCommand } from '../../../src/core/deploy/routerConfig';
import type { RouterSpec } from '../../../src/core/deploy/routerConfig';

const base: RouterSpec = { deployment: 'iris-classifier', listenPort: 8080, maxBodyBytes: 52428800, primaryPort: 18081 };
const lines = (spec: RouterSpec): string[] => planRouterConfig(spec).split('\n').map((l) => l.trim());
/** The lines of one block, from its opening line to its closing brace. */
function block(all: string[], opening: string): string[] {
  const start = all.indexOf(opening);
  assert.ok(start >= 0, `no block '${opening}'`);
  const end = all.indexOf('}', start);
  return all.slice(start + 1, end);
}

describe('planRouterConfig', () => {
  it('listens on loopback by default and on 0.0.0.0 when asked', () => {
    assert.ok(lines(base).includes('listen 127.0.0.1:8080;'));
    assert.ok(lines({ ...base, listenHost: '0.0.0.0' }).includes('listen 0.0.0.0:8080;'));
  });

  it('keeps the pid and every temp path in one writable folder, so nginx runs as non-root', () => {
    const all = lines(base);
    for (const directive of ['pid', 'client_body_temp_path', 'proxy_temp_path', 'fastcgi_temp_path', 'uwsgi_temp_path', 'scgi_temp_path']) {
      const line = all.find((l) => l.startsWith(`${directive} `));
      assert.ok(line?.startsWith(`${directive} /tmp/mlops-router/`), `${directive}: ${line}`);
    }
    assert.ok(!all.some((l) => l.startsWith('daemon')), "'daemon off' belongs on the command line");
    assert.deepEqual(routerCommand(), ['sh', '-c', "mkdir -p /tmp/mlops-router && exec nginx -c /tmp/mlops-router/nginx.conf -g 'daemon off;'"]);
    assert.deepEqual(routerReloadCommand(), ['nginx', '-c', '/tmp/mlops-router/nginx.conf', '-s', 'reload']);
  });

  it('takes the body limit from maxBodyBytes and tags every request with an id', () => {
    const all = lines({ ...base, maxBodyBytes: 1048576 });
    assert.ok(all.includes('client_max_body_size 1048576;'));
    assert.ok(block(all, 'location / {').includes('proxy_set_header X-Request-Id $request_id;'));
  });

  it('sends everything to one server, with keepalive, for recreate and blue-green', () => {
    assert.deepEqual(block(lines(base), 'upstream mlops_serving {'), ['server 127.0.0.1:18081 max_fails=1 fail_timeout=5s;', 'keepalive 16;']);
    const root = block(lines(base), 'location / {');
    assert.ok(root.includes('proxy_pass http://mlops_serving;'));
    assert.ok(root.includes('proxy_http_version 1.1;') && root.includes('proxy_set_header Connection "";'), 'keepalive to upstreams needs HTTP/1.1 without Connection: close');
    assert.ok(root.some((l) => l.startsWith('proxy_next_upstream error timeout')));
    assert.ok(!root.some((l) => l.startsWith('mirror')));
  });

  it('splits a canary by weight, and leaves one server at 0 and 100', () => {
    const servers = (weight: number): string[] => block(lines({ ...base, canary: { port: 18082, weight } }), 'upstream mlops_serving {').filter((l) => l.startsWith('server'));
    assert.deepEqual(servers(10), ['server 127.0.0.1:18081 weight=90 max_fails=1 fail_timeout=5s;', 'server 127.0.0.1:18082 weight=10 max_fails=1 fail_timeout=5s;']);
    assert.deepEqual(servers(0), ['server 127.0.0.1:18081 max_fails=1 fail_timeout=5s;']);
    assert.deepEqual(servers(100), ['server 127.0.0.1:18082 max_fails=1 fail_timeout=5s;']);
  });

  it('mirrors every request with its body to an internal location for a shadow', () => {
    const all = lines({ ...base, shadowPort: 18083 });
    const root = block(all, 'location / {');
    assert.ok(root.includes('mirror /_mlops/shadow;') && root.includes('mirror_request_body on;'));
    assert.ok(root.includes('proxy_pass http://mlops_serving;'), 'clients must be answered by the primary');
    const shadow = block(all, 'location = /_mlops/shadow {');
    assert.ok(shadow.includes('internal;') && shadow.includes('proxy_pass http://mlops_shadow$request_uri;'));
    assert.ok(shadow.includes('proxy_set_header X-Request-Id $request_id;'), 'the shadow must see the same request id to be joined');
    assert.deepEqual(block(all, 'upstream mlops_shadow {'), ['server 127.0.0.1:18083;', 'keepalive 8;']);
  });

  it('answers its own health location', () => {
    const health = block(lines(base), 'location = /_mlops/router {');
    assert.ok(health.includes('return 200 \'{"router":"ok","deployment":"iris-classifier"}\';'));
  });
});
