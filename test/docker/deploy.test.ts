import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { LABEL } from '../../src/core/deploy/labels';
import { DeployError, deploy, listDeployments, promote, rollback, sendTestRequest, shadowDisagreement, undeploy, type DeployOptions } from '../../src/node/deploy/deployer';
import { execInContainer } from '../../src/node/docker/containerIo';
import { removeContainersByLabel, removeImagesByLabel } from '../../src/node/docker/containers';
import { openEngine } from '../../src/node/docker/engineClient';
import { EngineError } from '../../src/node/docker/engineErrors';
import { buildServingImage, exampleRow, failures, linearModel, loadClient } from './deployKit';
import { baseImage, dockerCli, freePort, localEngine, tempDir, waitFor } from './dockerTestKit';

const engine = localEngine();
const testLabels = { 'mlops.test': 'deploy' };
const tag = (name: string) => `mlops-test-deploy/${name}:${process.pid}`;
// Row [1, 1, 1, 1] with weights 1, 10, 100, 1000: v1 (bias 0.5) answers 1111.5, v2 (bias 1000.5) 2111.5.
const V1 = 1111.5;
const V2 = 2111.5;
const root = path.resolve(__dirname, '..', '..', '..');

after(async () => {
  await removeContainersByLabel(engine, testLabels);
  await removeImagesByLabel(engine, testLabels);
});

before(async () => {
  process.env['MLOPS_ROUTER_IMAGE'] = process.env['MLOPS_ROUTER_IMAGE'] ?? baseImage;
  await buildServingImage(engine, { tag: tag('v1'), modelJson: linearModel(0.5) }, testLabels);
  await buildServingImage(engine, { tag: tag('v2'), modelJson: linearModel(1000.5) }, testLabels);
  await buildServingImage(engine, { tag: tag('exits'), modelJson: linearModel(0.5), cmd: ['python3', '-c', 'import sys; sys.exit(3)'] }, testLabels);
  await buildServingImage(engine, {
    tag: tag('wrong-count'), modelJson: linearModel(0.5),
    module: 'def load(path):\n    return None\n\n\ndef predict(model, rows):\n    return [0.0] * (len(rows) + 1)\n',
  }, testLabels);
});

function options(deployment: string, port: number, version: 'v1' | 'v2', extra: Partial<DeployOptions> = {}): DeployOptions {
  return {
    engine, image: tag(version), model: 'linear', version, run: `run-${version}`, deployment, strategy: 'blue-green', port,
    example: exampleRow, extraLabels: testLabels, drainMs: 1500, ...extra,
  };
}

async function answerOf(port: number): Promise<unknown> {
  const answer = await sendTestRequest(`http://127.0.0.1:${port}`, exampleRow);
  assert.equal(answer.status, 200, `the router answered HTTP ${answer.status}: ${JSON.stringify(answer.body)}`);
  return (answer.body as { predictions: unknown[] }).predictions[0];
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof Error, `expected an Error, got ${String(error)}`);
    return error;
  }
  assert.fail('expected the rollout to fail; it succeeded');
}

describe('blue-green, failed checks and rollback', () => {
  const deployment = `bg-${process.pid}`;
  let port = 0;
  before(async () => { port = await freePort(); });

  it('deploys v1 behind the router and lists it from the engine alone', async () => {
    const result = await deploy(options(deployment, port, 'v1'));
    assert.equal(result.summary, `Deploy linear v1 on port ${port}.`);
    assert.equal(await answerOf(port), V1);
    const listed = (await listDeployments(engine)).find((d) => d.deployment === deployment);
    assert.ok(listed, `listDeployments did not list ${deployment}`);
    assert.equal(listed.routerPort, port);
    assert.equal(listed.router?.running, true);
    assert.deepEqual(listed.versions.map((v) => [v.version, v.role, v.colour, v.running, v.trafficShare]), [['v1', 'primary', 'blue', true, 100]]);
    const v1 = listed.versions[0]!;
    assert.equal(dockerCli('inspect', '--format', '{{index .Config.Labels "mlops.port"}} {{.HostConfig.NetworkMode}}', v1.containerId), `${v1.port} host`);
    assert.ok(['healthy', 'starting', 'none'].includes(v1.health), `unexpected health ${v1.health}`);
  });

  it('switches to v2 while a client sends requests without pause: 0 failed, answers move from v1 to v2', async () => {
    const client = loadClient(port, { concurrency: 2 });
    await waitFor('the client to get answers from v1', () => client.answers.length >= 20);
    await deploy(options(deployment, port, 'v2'));
    const seenAfter = client.answers.length;
    await waitFor('100 answers after the switch', () => client.answers.length >= seenAfter + 100);
    const answers = await client.stop();
    assert.equal(answers.filter((a) => a.error).length, 0, `${failures(answers)} (${client.retried} retried after the reload closed their connection before any answer)`);
    assert.equal(answers[0]!.prediction, V1, `the first answer should come from v1, saw ${answers[0]!.prediction}`);
    const tail = answers.slice(-50).map((a) => a.prediction);
    assert.ok(tail.every((p) => p === V2), `the last 50 answers should all come from v2, saw ${[...new Set(tail)].join(', ')}`);
    const state = (await listDeployments(engine)).find((d) => d.deployment === deployment)!;
    assert.deepEqual(state.versions.map((v) => [v.version, v.running, v.trafficShare]), [['v2', true, 100], ['v1', false, 0]]);
  });

  it('rolls back to v1 in one action', async () => {
    const result = await rollback(engine, deployment, { drainMs: 500 });
    assert.equal(result.summary, 'Roll linear back to v1 from v2.');
    assert.equal(await answerOf(port), V1);
    assert.deepEqual(result.state.versions.map((v) => [v.version, v.running]), [['v1', true], ['v2', false]]);
  });

  it('keeps v1 serving when the new version never comes up, and says why', async () => {
    const error = await rejection(deploy(options(deployment, port, 'v2', { image: tag('exits'), version: 'v3-exits', healthTimeoutMs: 30_000 })));
    assert.ok(error instanceof DeployError, `expected a DeployError, got ${error.name}: ${error.message}`);
    assert.equal(error.code, 'health-check-failed');
    assert.match(error.message, /^v3-exits failed its health check \(.*stopped.*\); v1 keeps serving\.$/);
    assert.equal(await answerOf(port), V1);
  });

  it('keeps v1 serving when the new version answers the wrong number of predictions, and says why', async () => {
    const error = await rejection(deploy(options(deployment, port, 'v2', { image: tag('wrong-count'), version: 'v4-wrong' })));
    assert.ok(error instanceof DeployError, `expected a DeployError, got ${error.name}: ${error.message}`);
    assert.equal(error.code, 'contract-check-failed');
    assert.equal(error.message, 'v4-wrong failed its contract check: the new version answered 2 predictions for 1 input row; it must answer one per row; v1 keeps serving.');
    assert.match(error.detail ?? '', /mlops_serve: listening on http:\/\/127\.0\.0\.1:\d+/, 'the error should carry the last log lines of the failed container');
    assert.equal(await answerOf(port), V1);
    const state = (await listDeployments(engine)).find((d) => d.deployment === deployment)!;
    // The failed versions are gone: a one-action rollback must never start one of them.
    assert.deepEqual(state.versions.map((v) => [v.version, v.running]), [['v1', true]], 'only v1 should be left after the failed rollouts');
  });

  it('undeploy removes the router and every version', async () => {
    await undeploy(engine, deployment);
    assert.equal(dockerCli('ps', '-a', '--filter', `label=${LABEL.deployment}=${deployment}`, '--format', '{{.Names}}'), '');
    assert.equal((await listDeployments(engine)).find((d) => d.deployment === deployment), undefined);
    await assert.rejects(fetch(`http://127.0.0.1:${port}/ping`), 'the router port should be closed');
  });
});

describe('recreate', () => {
  const deployment = `recreate-${process.pid}`;
  let port = 0;
  before(async () => {
    port = await freePort();
    await deploy(options(deployment, port, 'v1'));
  });
  after(async () => { await undeploy(engine, deployment).catch(() => undefined); });

  it('stops the old version, then starts and switches to the new one', async () => {
    const result = await deploy(options(deployment, port, 'v2', { strategy: 'recreate' }));
    assert.equal(result.summary, 'Replace linear v1 → v2 (recreate).');
    assert.equal(await answerOf(port), V2);
    assert.deepEqual(result.state.versions.map((v) => [v.version, v.running, v.trafficShare]), [['v2', true, 100], ['v1', false, 0]]);
  });
});

describe('canary, promote and shadow', () => {
  const deployment = `canary-${process.pid}`;
  let port = 0;
  before(async () => {
    port = await freePort();
    await deploy(options(deployment, port, 'v1'));
  });

  it("sends the canary its weight's share of 2,000 requests, within 3 points", async () => {
    const result = await deploy(options(deployment, port, 'v2', { strategy: 'canary', weight: 30 }));
    assert.equal(result.summary, "Send 30% of linear's traffic to v2 (canary), 70% to v1.");
    const client = loadClient(port, { concurrency: 4, count: 2000 });
    await client.done;
    const answers = client.answers;
    assert.equal(answers.filter((a) => a.error).length, 0, failures(answers));
    const fromV2 = answers.filter((a) => a.prediction === V2).length;
    const fromV1 = answers.filter((a) => a.prediction === V1).length;
    assert.equal(fromV1 + fromV2, answers.length, 'every answer should come from v1 or v2');
    const share = (100 * fromV2) / answers.length;
    assert.ok(Math.abs(share - 30) <= 3, `v2 answered ${share.toFixed(1)}% of ${answers.length} requests; expected 30 ± 3`);
    const listed = (await listDeployments(engine)).find((d) => d.deployment === deployment)!;
    assert.deepEqual(listed.versions.map((v) => [v.version, v.role, v.trafficShare]), [['v1', 'primary', 70], ['v2', 'canary', 30]]);
  });

  it('promote makes the canary the primary and stops the old version', async () => {
    const result = await promote(engine, deployment, { drainMs: 500 });
    assert.equal(result.summary, 'Promote linear v2 to take all traffic and stop v1.');
    const answers = await loadClient(port, { count: 50 }).stop();
    assert.deepEqual([...new Set(answers.map((a) => a.prediction ?? a.error))], [V2]);
    const listed = (await listDeployments(engine)).find((d) => d.deployment === deployment)!;
    assert.deepEqual(listed.versions.map((v) => [v.version, v.role, v.running, v.trafficShare]), [['v2', 'primary', true, 100], ['v1', 'primary', false, 0]]);
  });

  it('a shadow receives every request, clients see only the primary, and the disagreement is reported', async () => {
    const result = await deploy(options(deployment, port, 'v1', { strategy: 'shadow' }));
    assert.equal(result.summary, "Mirror linear's traffic to v1 (shadow); clients keep getting v2's answers.");
    const client = loadClient(port, { concurrency: 2, count: 300 });
    await client.done;
    const answers = client.answers;
    assert.equal(answers.filter((a) => a.error).length, 0, failures(answers));
    assert.deepEqual([...new Set(answers.map((a) => a.prediction))], [V2], 'clients should see only the primary (v2)');
    const ids = answers.map((a) => a.requestId);
    assert.ok(ids.every((id) => typeof id === 'string' && id.length > 0), 'every answer should carry the X-Request-Id the router set');
    const shadow = (await listDeployments(engine)).find((d) => d.deployment === deployment)!.versions.find((v) => v.role === 'shadow')!;
    let logged = new Set<string>();
    await waitFor('the shadow to log every mirrored request', async () => {
      const log = await execInContainer(engine, shadow.containerId, ['cat', '/tmp/mlops/requests.jsonl']);
      logged = new Set(log.stdout.split('\n').filter(Boolean).map((line) => (JSON.parse(line) as { request_id: string }).request_id));
      return ids.every((id) => logged.has(id!));
    });
    assert.equal(ids.filter((id) => logged.has(id!)).length, answers.length);
    const report = await shadowDisagreement(engine, deployment);
    // Both answered all 300 mirrored requests, always differently (the biases differ by 1000).
    assert.equal(report.answeredByBoth, 300);
    assert.equal(report.disagreements, 300);
    assert.equal(report.disagreementRate, 1);
    assert.deepEqual(report.examples[0] && [report.examples[0].primary, report.examples[0].shadow], [[V2], [V1]]);
    // What a user reads: `mlops deployments` reports the disagreement next to the versions.
    const listed = await cli(os.tmpdir(), 'deployments');
    assert.equal(listed.code, 0, listed.stderr);
    assert.ok(listed.stdout.includes(`${deployment}: shadow disagreement: 300 of 300 answered by both (100.0%), 0 failed on the shadow`), `mlops deployments said:\n${listed.stdout}`);
  });

  it('rollback takes the shadow out; undeploy removes everything', async () => {
    const result = await rollback(engine, deployment, { drainMs: 200 });
    assert.equal(result.summary, 'Take linear v1 (shadow) out of traffic; v2 answers everything.');
    assert.equal(await answerOf(port), V2);
    await undeploy(engine, deployment);
    assert.equal(dockerCli('ps', '-a', '--filter', `label=${LABEL.deployment}=${deployment}`, '--format', '{{.Names}}'), '');
  });
});

describe('the CLI: deploy, deployments, rollback, undeploy', () => {
  const model = `cli-${process.pid}`;
  let port = 0;
  const dir = tempDir('mlops-cli-deploy-');
  // Containers the CLI starts carry no test label: they are found by their deployment's name.
  after(async () => { await removeContainersByLabel(engine, { [LABEL.deployment]: model }); });
  before(async () => {
    port = await freePort();
    fs.writeFileSync(path.join(dir, 'mlops.yaml'), `stages:\n  train:\n    cmd: echo\nmodel:\n  name: ${model}\n  path: model.json\n  example: example.json\ndeploy:\n  port: ${port}\n  strategy: blue-green\n`);
    fs.writeFileSync(path.join(dir, 'example.json'), JSON.stringify(exampleRow));
  });

  it('deploys an image, lists it as JSON, rolls back and undeploys, with exit codes', async () => {
    const first = await cli(dir, 'deploy', '--image', tag('v1'));
    assert.equal(first.code, 0, `mlops deploy exited ${first.code}: ${first.stderr}`);
    assert.equal(first.stdout, `Deploy ${model} ${process.pid} on port ${port}. Endpoint: http://127.0.0.1:${port}/invocations\n`);
    assert.equal(await answerOf(port), V1);
    const second = await cli(dir, 'deploy', '--image', tag('v2'));
    assert.equal(second.code, 0, `the second deploy exited ${second.code}: ${second.stderr}`);
    assert.equal(await answerOf(port), V2);
    const listed = await cli(dir, 'deployments', '--format', 'json');
    assert.equal(listed.code, 0, listed.stderr);
    const mine = (JSON.parse(listed.stdout) as { deployment: string; routerPort: number; versions: { running: boolean; trafficShare: number }[] }[]).find((d) => d.deployment === model);
    assert.ok(mine, `mlops deployments did not list ${model}`);
    assert.equal(mine.routerPort, port);
    assert.deepEqual(mine.versions.map((v) => [v.running, v.trafficShare]), [[true, 100], [false, 0]]);
    assert.equal((await cli(dir, 'rollback')).code, 0);
    assert.equal(await answerOf(port), V1);
    const refused = await cli(dir, 'promote');
    assert.deepEqual([refused.code, refused.stderr], [1, `mlops promote: ${model} has no canary or shadow to promote.\n`]);
    assert.equal((await cli(dir, 'undeploy')).code, 0);
    assert.equal(dockerCli('ps', '-a', '--filter', `label=${LABEL.deployment}=${model}`, '--format', '{{.Names}}'), '');
  });

  it('a missing image and a bad strategy exit 1 and 2 with one sentence', async () => {
    const missing = await cli(dir, 'deploy', '--image', 'mlops-test-deploy/nothing-here:0');
    assert.deepEqual([missing.code, missing.stderr], [1, 'mlops deploy: There is no image mlops-test-deploy/nothing-here:0 on this Docker engine: build it with `mlops dockerize` or drop --image.\n']);
    const bad = await cli(dir, 'deploy', '--image', tag('v1'), '--strategy', 'sideways');
    assert.deepEqual([bad.code, bad.stderr], [2, "mlops deploy: --strategy is one of recreate, blue-green, canary, shadow, not 'sideways'.\n"]);
  });
});

describe('mlops deploy from a run of the iris example: builds the image, checks the gates', () => {
  const irisDir = tempDir('mlops-deploy-iris-');
  const deployment = 'iris-classifier';
  let port = 0;
  let runId = '';
  const env = { MLOPS_DOCKER_BASE: baseImage };
  after(async () => {
    await removeContainersByLabel(engine, { [LABEL.deployment]: deployment });
    if (runId) await removeImagesByLabel(engine, { 'mlops.run': runId });
  });
  before(async () => {
    port = await freePort();
    fs.cpSync(path.join(root, 'examples', 'iris'), irisDir, { recursive: true });
    for (const generated of ['.mlops', 'models', 'metrics', 'data/prepared', 'Dockerfile', '.dockerignore']) fs.rmSync(path.join(irisDir, generated), { recursive: true, force: true });
    const ran = await cli(irisDir, 'run');
    runId = /run (\w{26}) finished/.exec(ran.stdoutAll)?.[1] ?? '';
    assert.ok(ran.code === 0 && runId, `mlops run did not finish a run (exit ${ran.code}): ${ran.stderr}`);
  });

  it('deploys the latest passing run, building its image first, and answers the example with a class', async () => {
    const result = await cli(irisDir, 'deploy', '--port', String(port), { env });
    assert.equal(result.code, 0, `mlops deploy exited ${result.code}: ${result.stderr}`);
    assert.equal(result.stdout, `Deploy iris-classifier run-${runId.slice(0, 8).toLowerCase()} on port ${port}. Endpoint: http://127.0.0.1:${port}/invocations\n`);
    const example = JSON.parse(fs.readFileSync(path.join(irisDir, 'data', 'input_example.json'), 'utf8')) as { columns: string[]; data: unknown[][] };
    const answer = await sendTestRequest(`http://127.0.0.1:${port}`, example);
    assert.equal(answer.status, 200);
    const predictions = (answer.body as { predictions: unknown[] }).predictions;
    assert.equal(predictions.length, example.data.length);
    assert.ok(predictions.every((p) => ['setosa', 'versicolor', 'virginica'].includes(String(p))), `not iris classes: ${JSON.stringify(predictions)}`);
  });

  it('refuses a run that fails the gates, listing them, unless overridden with a reason', async () => {
    const pipeline = path.join(irisDir, 'mlops.yaml');
    fs.writeFileSync(pipeline, fs.readFileSync(pipeline, 'utf8').replace('test/accuracy >= 0.9', 'test/accuracy >= 1.5'));
    const refused = await cli(irisDir, 'deploy', runId, '--port', String(port), { env });
    assert.equal(refused.code, 1, `expected exit 1, got ${refused.code}: ${refused.stderr}`);
    assert.match(refused.stderr, new RegExp(`^mlops deploy: Run ${runId} fails its gates: test/accuracy >= 1\\.5 \\(was [0-9.]+\\); deploy it anyway with --override-gates --reason "…"\\.\\n$`));
    const noReason = await cli(irisDir, 'deploy', runId, '--port', String(port), '--override-gates', { env });
    assert.equal(noReason.code, 2, `--override-gates without --reason should exit 2, got ${noReason.code}`);
    const overridden = await cli(irisDir, 'deploy', runId, '--port', String(port), '--override-gates', '--reason', 'demo for the team', { env });
    assert.equal(overridden.code, 0, `the overridden deploy exited ${overridden.code}: ${overridden.stderr}`);
    assert.match(overridden.stderrAll, /fails its gates \(test\/accuracy >= 1\.5 \(was [0-9.]+\)\); deploying it anyway\. Reason given: demo for the team/);
    assert.equal((await cli(irisDir, 'undeploy')).code, 0);
  });
});

/** Runs dist/cli.js; `stderr` keeps only the `mlops …:` error lines (progress goes there too). */
function cli(cwd: string, ...rest: (string | { env: Record<string, string> })[]): Promise<{ code: number | null; stdout: string; stderr: string; stdoutAll: string; stderrAll: string }> {
  const args = rest.filter((a): a is string => typeof a === 'string');
  const extra = rest.find((a): a is { env: Record<string, string> } => typeof a !== 'string')?.env ?? {};
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [path.join(root, 'dist', 'cli.js'), ...args], { cwd, env: { ...process.env, DOCKER_HOST: '', DOCKER_CONTEXT: '', ...extra }, timeout: 300_000 }, (error, stdout, stderr) => {
      const errors = stderr.split('\n').filter((line) => line.startsWith('mlops '));
      resolve({ code: child.exitCode ?? (error ? -1 : 0), stdout, stderr: errors.length ? `${errors.join('\n')}\n` : '', stdoutAll: stdout, stderrAll: stderr });
    });
  });
}

describe('no engine reachable', () => {
  const missing = `unix://${path.join(tempDir('mlops-no-engine-'), 'docker.sock')}`;

  it('listDeployments fails with one sentence naming the endpoint', async () => {
    const noEngine = openEngine({ env: { DOCKER_HOST: missing }, homeDir: tempDir('mlops-home-') });
    const error = await rejection(listDeployments(noEngine));
    assert.ok(error instanceof EngineError, `expected an EngineError, got ${error.name}`);
    assert.equal(error.code, 'no-engine');
    assert.ok(error.message.includes(missing.slice('unix://'.length)) && !error.message.includes('\n'), `not one sentence naming the socket: ${error.message}`);
  });

  it('`mlops deployments` says so in one line and exits 3', async () => {
    const { code, stdout, stderr } = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = execFile(process.execPath, [path.join(root, 'dist', 'cli.js'), 'deployments'], { env: { ...process.env, DOCKER_HOST: missing, DOCKER_CONTEXT: '' }, timeout: 20_000 }, (error, out, err) => {
        resolve({ code: child.exitCode ?? (error ? -1 : 0), stdout: out, stderr: err });
      });
    });
    assert.equal(code, 3, `exit code ${code}, stderr: ${stderr}`);
    assert.equal(stdout, '');
    assert.equal(stderr.trim().split('\n').length, 1, `expected one line, saw: ${stderr}`);
    assert.match(stderr, /No Docker engine answers at/);
  });
});
