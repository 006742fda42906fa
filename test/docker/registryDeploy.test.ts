import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { baseImage, dockerCli, freePort } from './dockerTestKit';

// The registry and the deployer together, through the CLI in a shell and a real engine: a
// registered version deployed by `model@alias` / `model:version`, its gates, and every deployment
// change in `mlops audit`. The model gets this file's own name, so its images and containers are
// removed by that name in after() (the CLI has no flag to add the mlops.test label).
const root = path.resolve(__dirname, '..', '..', '..');
const cli = path.join(root, 'dist', 'cli.js');
const model = `iris-regflow-${process.pid}`;

interface Entry { action: string; model: string; version: number | null; from: string | null; to: string | null; reason: string | null; artifactHash: string | null }

describe('deploying registered versions through the CLI, with every change in the audit trail', () => {
  let dir = '';
  let port = 0;
  const mlops = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], {
    cwd: dir, encoding: 'utf8', timeout: 600_000,
    env: { ...process.env, MLOPS_DOCKER_BASE: baseImage, MLOPS_ROUTER_IMAGE: baseImage },
  });
  const ok = (result: ReturnType<typeof mlops>, what: string) => assert.equal(result.status, 0, `${what} exited ${result.status}: ${result.stderr.trim().split('\n').slice(-3).join(' | ')}`);
  const trail = (): Entry[] => JSON.parse(mlops('audit', model, '--format', 'json').stdout) as Entry[];
  const hashOf = (version: number) => (JSON.parse(fs.readFileSync(path.join(dir, '.mlops', 'registry', model, 'versions', String(version), 'meta.json'), 'utf8')) as { artifactHash: string }).artifactHash;

  before(async () => {
    port = await freePort();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-regflow-docker-'));
    fs.cpSync(path.join(root, 'examples', 'iris'), dir, { recursive: true });
    const pipeline = fs.readFileSync(path.join(dir, 'mlops.yaml'), 'utf8')
      .replace(/^(\s+name:\s*)iris-classifier\b/m, `$1${model}`)
      .replace(/^(deploy:\n(?:.*\n)*?\s+port:\s*)\d+/m, `$1${port}`);
    assert.ok(pipeline.includes(`name: ${model}`) && pipeline.includes(`port: ${port}`), 'could not give the example its own model name and port');
    fs.writeFileSync(path.join(dir, 'mlops.yaml'), pipeline);
    execFileSync('git', ['init', '-q', dir]);
    execFileSync('git', ['-C', dir, 'config', 'user.name', 'Dee Ployer']);
    execFileSync('git', ['-C', dir, 'config', 'user.email', 'dee@example.com']);
  });

  after(() => {
    const containers = dockerCli('ps', '-aq', '--filter', `label=mlops.deployment=${model}`).split('\n').filter(Boolean);
    if (containers.length > 0) dockerCli('rm', '-f', ...containers);
    const images = dockerCli('images', '-q', '--filter', `label=mlops.model=${model}`).split('\n').filter(Boolean);
    if (images.length > 0) dockerCli('rmi', '-f', ...new Set(images));
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('registers a passing run as version 1 (production) and a failing one as version 2, with an override', () => {
    ok(mlops('run'), 'mlops run');
    const runs = () => JSON.parse(mlops('runs', '--format', 'json').stdout) as { id: string }[];
    const good = runs()[0]!.id;
    ok(mlops('register', good), 'mlops register');
    ok(mlops('alias', 'set', model, 'production', '1'), 'mlops alias set');
    // A smaller learning rate: the test accuracy falls below the 0.9 gate.
    ok(mlops('run', '--force', '-P', 'train.lr=0.3'), 'mlops run lr=0.3');
    const bad = runs().find((r) => r.id !== good)!.id;
    ok(mlops('register', bad, '--override-gates', '--reason', 'kept to compare'), 'mlops register --override-gates');
  });

  it('says in one sentence when a model, alias or version is unknown', () => {
    const cases: [string, RegExp][] = [
      [`nosuch@production`, /^mlops deploy: There is no registered model 'nosuch' here; `mlops models` lists them\.\n$/],
      [`${model}@staging`, new RegExp(`^mlops deploy: ${model} has no alias 'staging'; its aliases are production\\.\\n$`)],
      [`${model}:9`, new RegExp(`^mlops deploy: ${model}:9 names version 9, which ${model} does not have; its versions are 1, 2\\.\\n$`)],
    ];
    for (const [ref, expected] of cases) {
      const result = mlops('deploy', ref);
      assert.equal(result.status, 1, `deploy ${ref}: expected exit 1, saw ${result.status}: ${result.stderr}`);
      assert.match(result.stderr, expected, `deploy ${ref}: expected ${expected}, saw: ${result.stderr.trim()}`);
    }
    const dockerize = mlops('dockerize', `${model}@staging`);
    assert.equal(dockerize.status, 1, `dockerize ${model}@staging: expected exit 1, saw ${dockerize.status}`);
    assert.match(dockerize.stderr, new RegExp(`^mlops dockerize: ${model} has no alias 'staging'; its aliases are production\\.\\n$`), `dockerize ${model}@staging said: ${dockerize.stderr.trim()}`);
  });

  it('deploys model@production: the image is <model>:1 built from the registered copy, and the trail gets a deploy entry', () => {
    ok(mlops('deploy', `${model}@production`, '--strategy', 'blue-green'), `mlops deploy ${model}@production`);
    assert.equal(dockerCli('image', 'inspect', '--format', '{{index .Config.Labels "mlops.version"}} {{index .Config.Labels "mlops.artifact"}}', `${model}:1`), `1 ${hashOf(1)}`);
    const last = trail().at(-1)!;
    assert.deepEqual([last.action, last.version, last.from, last.to, last.reason, last.artifactHash], ['deploy', 1, null, `${model}=1`, null, hashOf(1)]);
  });

  it('refuses a canary of version 2, which fails its gates, naming the gate; deploys it with an override whose reason is recorded', () => {
    const refused = mlops('deploy', `${model}:2`, '--strategy', 'canary', '--weight', '30');
    assert.equal(refused.status, 1, `expected exit 1, saw ${refused.status}: ${refused.stderr}`);
    assert.match(refused.stderr, new RegExp(`^mlops deploy: ${model}:2 \\(run \\w+\\) fails its gates: test/accuracy >= 0\\.9 \\(was 0\\.\\d+\\)`));
    assert.equal(trail().at(-1)!.action, 'deploy', 'a refused deploy was recorded');
    ok(mlops('deploy', `${model}:2`, '--strategy', 'canary', '--weight', '30', '--override-gates', '--reason', 'canary to measure it live'), 'mlops deploy --override-gates');
    const [override, deploy] = trail().slice(-2);
    assert.equal(override!.action, 'gate-override');
    assert.match(override!.reason ?? '', /^canary to measure it live \(failing: test\/accuracy >= 0\.9 was 0\.\d+/);
    assert.deepEqual([deploy!.action, deploy!.version, deploy!.from, deploy!.to, deploy!.reason, deploy!.artifactHash],
      ['deploy', 2, `${model}=1`, `${model}=1, 2 (canary 30%)`, 'canary to measure it live', hashOf(2)]);
  });

  it('records promote, rollback and stop; `mlops audit` lists them with who and from → to, and the trail verifies', () => {
    ok(mlops('promote'), 'mlops promote');
    ok(mlops('rollback'), 'mlops rollback');
    ok(mlops('undeploy'), 'mlops undeploy');
    const last = trail().slice(-3).map((e) => [e.action, e.version, e.from, e.to, e.artifactHash]);
    assert.deepEqual(last, [
      ['promote', 2, `${model}=1, 2 (canary 30%)`, `${model}=2`, hashOf(2)],
      ['rollback', 1, `${model}=2`, `${model}=1`, hashOf(1)],
      ['stop', 1, `${model}=1`, null, hashOf(1)],
    ]);
    const text = mlops('audit', model);
    ok(text, 'mlops audit');
    for (const line of [
      new RegExp(`  promote  ${model}:2  ${model}=1, 2 \\(canary 30%\\) → ${model}=2  by Dee Ployer <dee@example\\.com>`),
      new RegExp(`  rollback  ${model}:1  ${model}=2 → ${model}=1  by Dee Ployer <dee@example\\.com>`),
      new RegExp(`  stop  ${model}:1  ${model}=1 → ∅  by Dee Ployer <dee@example\\.com>`),
    ]) assert.match(text.stdout, line);
    const verify = mlops('audit', 'verify');
    assert.equal(verify.status, 0, verify.stderr);
  });
});
