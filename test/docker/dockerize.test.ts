import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { dockerize, type BuildStepProgress, type DockerizeResult } from '../../src/node/docker/dockerize';
import { DockerizeError } from '../../src/node/docker/dockerizeError';
import { removeContainersByLabel, removeImagesByLabel } from '../../src/node/docker/containers';
import { baseImage, dockerCli, freePort, localEngine, tempDir, waitFor } from './dockerTestKit';

const labels = { 'mlops.test': 'dockerize' } as const;
const engine = localEngine();
after(async () => {
  await removeContainersByLabel(engine, labels);
  await removeImagesByLabel(engine, labels);
});

const repoRoot = path.resolve(__dirname, '../../..');
const cliJs = path.join(repoRoot, 'dist', 'cli.js');
/** The environment of the CLI: the machine's engine, nothing inherited that could redirect it. */
const cliEnv = (extra: Record<string, string> = {}) => {
  const env: Record<string, string | undefined> = { ...process.env, ...extra };
  if (!extra.DOCKER_HOST) delete env.DOCKER_HOST;
  delete env.DOCKER_CONTEXT;
  delete env.MLOPS_DOCKER_BASE;
  return env as NodeJS.ProcessEnv;
};

function cli(dir: string, args: string[], extraEnv: Record<string, string> = {}) {
  return spawnSync(process.execPath, [cliJs, ...args], { cwd: dir, encoding: 'utf8', env: cliEnv(extraEnv), timeout: 5 * 60_000 });
}

function git(dir: string, ...args: string[]): string {
  return spawnSync('git', ['-c', 'user.email=test@example.com', '-c', 'user.name=test', ...args], { cwd: dir, encoding: 'utf8' }).stdout.trim();
}

/** Runs the pipeline with the CLI and returns the id it printed. */
function runPipeline(dir: string, ...args: string[]): string {
  const result = cli(dir, ['run', ...args]);
  const id = /run (\w{26}) finished/.exec(result.stdout)?.[1];
  assert.ok(result.status === 0 && id, `expected 'mlops run' to finish a run, got exit ${result.status}: ${result.stderr.trim().split('\n').pop()}`);
  return id;
}

function imageLabels(tag: string): Record<string, string> {
  return JSON.parse(dockerCli('image', 'inspect', '--format', '{{json .Config.Labels}}', tag)) as Record<string, string>;
}

/** The build log grouped by step: step number → its lines. */
function linesByStep(collected: { line: string; progress?: BuildStepProgress }[]): Map<number, { instruction: string; lines: string[] }> {
  const steps = new Map<number, { instruction: string; lines: string[] }>();
  for (const { line, progress } of collected) {
    if (!progress) continue;
    const step = steps.get(progress.step) ?? { instruction: progress.instruction, lines: [] };
    step.lines.push(line);
    steps.set(progress.step, step);
  }
  return steps;
}

// Made here, not in before(): tempDir's clean-up then runs when the file ends, not after the hook.
const dir = tempDir('mlops-dockerize-');

describe('mlops dockerize: from a run of the iris example to a serving image', () => {
  let pipelineFile: string;
  let firstRun: string;
  let commit: string;
  let first: DockerizeResult;

  before(() => {
    fs.cpSync(path.join(repoRoot, 'examples', 'iris'), dir, { recursive: true });
    for (const generated of ['.mlops', 'models', 'metrics', 'data/prepared', 'Dockerfile', '.dockerignore']) fs.rmSync(path.join(dir, generated), { recursive: true, force: true });
    // Secrets a project may hold next to its code: they must never reach the engine.
    fs.writeFileSync(path.join(dir, '.env'), 'API_TOKEN=do-not-ship\n');
    fs.writeFileSync(path.join(dir, 'id_rsa'), '-----BEGIN OPENSSH PRIVATE KEY-----\nnot-a-real-key\n');
    git(dir, 'init', '-q');
    git(dir, 'add', '-A');
    git(dir, 'commit', '-qm', 'iris');
    commit = git(dir, 'rev-parse', 'HEAD');
    pipelineFile = path.join(dir, 'mlops.yaml');
    firstRun = runPipeline(dir);
  });

  it('builds <model>:run-<id> with OCI and mlops labels, writing the Dockerfile and .dockerignore', async (t) => {
    const collected: { line: string; progress?: BuildStepProgress }[] = [];
    first = await dockerize({
      engine, pipelineFile, base: baseImage, labels,
      onEvent: (line, progress) => collected.push({ line, ...(progress ? { progress } : {}) }),
    });
    const tag = `iris-classifier:run-${firstRun.slice(0, 8)}`;
    assert.equal(first.tag, tag, `expected the tag ${tag}, got ${first.tag}`);
    assert.equal(first.run, firstRun);
    assert.equal(first.dockerfile.status, 'created');
    assert.equal(first.dockerignore.status, 'created');
    assert.ok(fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8').startsWith('# Serving image for the model \'iris-classifier\''), 'the Dockerfile was not written into the pipeline folder');
    assert.ok(fs.readFileSync(path.join(dir, '.dockerignore'), 'utf8').split('\n').includes('.env'), 'the .dockerignore written does not keep .env out');
    t.diagnostic(`context sent: ${first.contextBytes} bytes`);

    const l = imageLabels(tag);
    const expected = {
      'org.opencontainers.image.title': 'iris-classifier',
      'org.opencontainers.image.version': `run-${firstRun.slice(0, 8)}`,
      'org.opencontainers.image.revision': commit,
      'mlops.managed': 'true',
      'mlops.model': 'iris-classifier',
      'mlops.version': `run-${firstRun.slice(0, 8)}`,
      'mlops.run': firstRun,
      'mlops.commit': commit,
    };
    for (const [key, value] of Object.entries(expected)) assert.equal(l[key], value, `label ${key}: expected ${value}, got ${l[key]}`);
    assert.ok(!Number.isNaN(Date.parse(l['org.opencontainers.image.created'] ?? '')), `org.opencontainers.image.created is not a date: ${l['org.opencontainers.image.created']}`);

    const steps = [...linesByStep(collected).values()].map((s) => s.instruction);
    assert.ok(steps.some((s) => s.startsWith('COPY ["models/model.json"')), `the streamed progress never reached the model COPY step; steps seen: ${steps.length}`);
    assert.equal(dockerCli('run', '--rm', '--network', 'host', '--entrypoint', 'id', tag, '-u'), '10001', 'the image does not run as uid 10001');
  });

  it('serves the model: /ping, /version with the run and commit, /invocations answers the example', async () => {
    const port = await freePort();
    const l = imageLabels(first.tag);
    // As a deployment starts it: host network, its own port, the run's metadata as env.
    dockerCli('run', '-d', '--network', 'host', '--label', 'mlops.test=dockerize', '-e', `MLOPS_PORT=${port}`, '-e', 'MLOPS_HOST=127.0.0.1',
      '-e', `MLOPS_MODEL_NAME=${l['mlops.model']}`, '-e', `MLOPS_MODEL_VERSION=${l['mlops.version']}`,
      '-e', `MLOPS_RUN_ID=${l['mlops.run']}`, '-e', `MLOPS_GIT_COMMIT=${l['mlops.commit']}`, first.tag);
    const url = `http://127.0.0.1:${port}`;
    await waitFor(`${url}/ping to answer 200`, async () => (await fetch(`${url}/ping`).catch(() => undefined))?.status === 200, 60_000);
    const version = await (await fetch(`${url}/version`)).json() as Record<string, unknown>;
    assert.deepEqual(version, { model: 'iris-classifier', version: `run-${firstRun.slice(0, 8)}`, run: firstRun, commit });
    const example = fs.readFileSync(path.join(dir, 'data', 'input_example.json'), 'utf8');
    const answer = await fetch(`${url}/invocations`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: `{"dataframe_split": ${example}}` });
    const body = await answer.text();
    assert.equal(answer.status, 200, `expected 200 from /invocations, got ${answer.status}: ${body.slice(0, 200)}`);
    assert.deepEqual(JSON.parse(body), { predictions: ['setosa', 'versicolor', 'virginica'] });
  });

  it('rebuilds after a model-only change with every step before the model COPY from cache', async (t) => {
    // lr 0.4 changes the model and still passes the gates, so the default run is this one.
    const second = runPipeline(dir, '-P', 'train.lr=0.4', '--force');
    const collected: { line: string; progress?: BuildStepProgress }[] = [];
    const started = Date.now();
    const result = await dockerize({ engine, pipelineFile, base: baseImage, labels, onEvent: (line, progress) => collected.push({ line, ...(progress ? { progress } : {}) }) });
    t.diagnostic(`rebuild after a model-only change: ${((Date.now() - started) / 1000).toFixed(2)} s`);
    assert.equal(result.tag, `iris-classifier:run-${second.slice(0, 8)}`);
    assert.equal(result.dockerfile.status, 'kept', 'the Dockerfile written by the first build should be kept as is');
    const steps = [...linesByStep(collected).entries()];
    const modelStep = steps.find(([, s]) => s.instruction.startsWith('COPY ["models/model.json"'))?.[0];
    assert.ok(modelStep !== undefined, 'no model COPY step in the rebuild log');
    const uncached = steps.filter(([n, s]) => n > 1 && n < modelStep && !s.lines.some((line) => line.includes('Using cache'))).map(([n, s]) => `${n} ${s.instruction.slice(0, 40)}`);
    assert.deepEqual(uncached, [], 'steps before the model COPY were rebuilt instead of taken from cache');
    const modelLines = steps.find(([n]) => n === modelStep)![1].lines;
    assert.ok(!modelLines.some((line) => line.includes('Using cache')), 'the model COPY came from cache although the model changed');
  });

  it("keeps a user's Dockerfile, reports that it differs, and sends a context without data, .git, .mlops or secrets", async () => {
    const mine = `FROM ${baseImage}\nCOPY . /context/\nUSER 10001\nCMD ["python3", "-c", "print('mine')"]\n`;
    fs.writeFileSync(path.join(dir, 'Dockerfile'), mine);
    const result = await dockerize({ engine, pipelineFile, base: baseImage, labels });
    assert.equal(result.dockerfile.status, 'differs');
    assert.equal(fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8'), mine, 'the user\'s Dockerfile was changed');
    assert.equal(result.dockerfile.generated, first.dockerfile.generated, 'the generated text offered for the diff is not the one dockerize writes');
    const listed = dockerCli('run', '--rm', '--network', 'host', '--entrypoint', 'find', result.tag, '/context', '-type', 'f').split('\n').map((f) => f.replace('/context/', '')).sort();
    for (const wanted of ['mlops.yaml', 'models/model.json', 'mlops_serve.py', 'src/iris_flavor.py', 'Dockerfile', '.dockerignore']) {
      assert.ok(listed.includes(wanted), `${wanted} is missing from the build context; sent: ${listed.join(' ')}`);
    }
    const leaked = listed.filter((f) => /^(data|\.git|\.mlops)\//.test(f) || f === '.env' || f === 'id_rsa');
    assert.deepEqual(leaked, [], `files the .dockerignore keeps out reached the engine: ${leaked.join(' ')}`);
    fs.rmSync(path.join(dir, 'Dockerfile'));
  });

  it('prints the build progress and the tag from the CLI, exit 0', () => {
    const result = cli(dir, ['dockerize', '--base', baseImage, '--label', 'mlops.test=dockerize']);
    assert.equal(result.status, 0, `expected exit 0, got ${result.status}: ${result.stderr.trim().split('\n').pop()}`);
    assert.match(result.stderr, /^\[1\/\d+\] FROM local\/mlops-base:bookworm$/m, 'no step progress on stderr');
    assert.match(result.stdout, /^Successfully tagged iris-classifier:run-\w{8}$/m, 'the build log was not printed');
    assert.match(result.stdout.trim().split('\n').pop() ?? '', /^iris-classifier:run-\w{8}$/, 'the last line is not the tag');
  });

  it('exits 3 with one sentence when no engine answers', (t) => {
    const started = Date.now();
    const result = cli(dir, ['dockerize', '--base', baseImage], { DOCKER_HOST: 'unix:///nonexistent' });
    t.diagnostic(`answered in ${Date.now() - started} ms`);
    assert.equal(result.status, 3, `expected exit 3, got ${result.status}: ${result.stderr.trim()}`);
    const lines = result.stderr.trim().split('\n');
    assert.equal(lines.length, 1, `expected one sentence, got ${lines.length} lines: ${result.stderr.slice(0, 300)}`);
    assert.match(lines[0]!, /^mlops dockerize: No Docker engine answers at .*nonexistent.*\.$/);
  });

  it('names the failing step in one sentence when installing the requirements fails', async () => {
    fs.writeFileSync(path.join(dir, 'requirements.txt'), 'surely-not-a-package-of-mlops==9.9\n');
    const yaml = fs.readFileSync(pipelineFile, 'utf8').replace(/^docker:\n/m, 'docker:\n  requirements: requirements.txt\n');
    fs.writeFileSync(pipelineFile, yaml);
    fs.rmSync(path.join(dir, 'Dockerfile'), { force: true });
    let error: unknown;
    try {
      await dockerize({ engine, pipelineFile, base: baseImage, labels });
    } catch (e) {
      error = e;
    }
    assert.ok(error instanceof DockerizeError && error.code === 'build-failed', `expected a build-failed DockerizeError, got ${String(error)}`);
    assert.match(error.message, /^Step \d+\/\d+ `RUN python3 -m pip install --no-cache-dir -r \/app\/requirements.txt` failed: .+\.$/);
    assert.ok(!error.message.includes('\n'), `the message is more than one line: ${error.message}`);
  });
});
