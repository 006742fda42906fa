import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { DockerPlanError } from '../../../src/core/docker/dockerErrors';
import { planDockerfile } from '../../../src/core/docker/dockerfilePlan';
import type { DockerfileSpec } from '../../../src/core/docker/dockerfilePlan';

const spec: DockerfileSpec = {
  modelName: 'iris-classifier',
  base: 'python:3.12-slim',
  port: 8080,
  requirements: 'requirements.txt',
  modelPath: 'models/model.json',
  modelModule: 'src/model.py',
  maxBodyBytes: 52428800,
};

/** Dockerfile instructions (continuation lines joined), without comments and blank lines. */
function instructions(dockerfile: string): string[] {
  return dockerfile.replace(/\\\n\s*/g, ' ').split('\n').filter((l) => l.trim() !== '' && !l.startsWith('#'));
}
const index = (lines: string[], prefix: string): number => lines.findIndex((l) => l.startsWith(prefix));

describe('planDockerfile', () => {
  it('builds from the base as a non-root user created portably', () => {
    const lines = instructions(planDockerfile(spec).dockerfile);
    assert.equal(lines[0], 'FROM python:3.12-slim');
    assert.ok(lines.includes('RUN (useradd --system --uid 10001 --no-create-home mlops || adduser -S -u 10001 mlops)'), 'no portable useradd line');
    const user = index(lines, 'USER ');
    assert.equal(lines[user], 'USER 10001');
    assert.ok(lines.slice(user + 1).every((l) => !l.startsWith('RUN')), 'a RUN after USER (pip install) would run as the app user');
  });

  it('installs requirements in their own layer before the code, and copies the model last', () => {
    const lines = instructions(planDockerfile(spec).dockerfile);
    const copies = lines.filter((l) => l.startsWith('COPY'));
    assert.deepEqual(copies, [
      'COPY ["requirements.txt","/app/requirements.txt"]',
      'COPY ["mlops_serve.py","/app/mlops_serve.py"]',
      'COPY ["src","/app/src"]',
      'COPY ["models/model.json","/app/models/model.json"]',
    ]);
    const pip = index(lines, 'RUN python3 -m pip install');
    assert.equal(lines[pip], 'RUN python3 -m pip install --no-cache-dir -r /app/requirements.txt');
    assert.ok(index(lines, 'COPY ["requirements.txt"') < pip && pip < index(lines, 'COPY ["mlops_serve.py"'), 'pip install is not between the requirements and the code');
    assert.equal(lines[lines.length - 1], 'COPY ["models/model.json","/app/models/model.json"]', 'the model must be the last step, so a model-only change reuses every other layer');
  });

  it('leaves pip out when there are no requirements', () => {
    const { dockerfile } = planDockerfile({ ...spec, requirements: undefined });
    assert.ok(!dockerfile.includes('pip'), 'a pip line without requirements breaks bases without pip');
  });

  it('configures the shipped server through MLOPS_* env, exposes the port and runs it', () => {
    const plan = planDockerfile({ ...spec, port: 9000, maxBodyBytes: 1024 });
    const lines = instructions(plan.dockerfile);
    const env = lines[index(lines, 'ENV ')]!;
    for (const pair of ['MLOPS_PORT=9000', 'MLOPS_MAX_BODY_BYTES=1024', 'MLOPS_MODEL_PATH=/app/models/model.json', 'MLOPS_MODEL_MODULE=/app/src/model.py', 'MLOPS_HOST=0.0.0.0']) {
      assert.ok(env.split(' ').includes(pair), `ENV lacks ${pair}: ${env}`);
    }
    assert.ok(lines.includes('EXPOSE 9000'));
    assert.equal(lines[index(lines, 'CMD ')], 'CMD ["python3","/app/mlops_serve.py"]');
    assert.equal(plan.needsShippedServer, true);
  });

  it("runs the user's own server instead when docker.serve is set", () => {
    const plan = planDockerfile({ ...spec, serve: 'src/serve.py', modelModule: undefined });
    const lines = instructions(plan.dockerfile);
    assert.equal(lines[index(lines, 'CMD ')], 'CMD ["python3","/app/src/serve.py"]');
    assert.ok(!plan.dockerfile.includes('mlops_serve.py'));
    assert.equal(plan.needsShippedServer, false);
  });

  it('writes nothing run-specific, so every run of the project yields the same file', () => {
    const { dockerfile } = planDockerfile(spec);
    assert.ok(!/LABEL|VERSION|RUN_ID|COMMIT|created/i.test(dockerfile.replace(/^#.*$/gm, '')), 'run-specific values belong in build labels');
  });

  it('quotes paths with spaces', () => {
    const lines = instructions(planDockerfile({ ...spec, modelPath: 'my models/model.json' }).dockerfile);
    assert.ok(lines.includes('COPY ["my models/model.json","/app/my models/model.json"]'));
    assert.ok(lines[index(lines, 'ENV ')]!.includes('MLOPS_MODEL_PATH="/app/my models/model.json"'));
  });

  it('refuses paths outside the build context and a shipped server without a module', () => {
    assert.throws(() => planDockerfile({ ...spec, modelPath: '../elsewhere/model.json' }), (e: unknown) => e instanceof DockerPlanError && e.code === 'path-outside-context' && e.message.includes('model.path'));
    assert.throws(() => planDockerfile({ ...spec, requirements: '/etc/requirements.txt' }), (e: unknown) => e instanceof DockerPlanError && e.code === 'path-outside-context');
    assert.throws(() => planDockerfile({ ...spec, modelModule: undefined }), (e: unknown) => e instanceof DockerPlanError && e.code === 'no-model-module');
  });
});

describe('the generated HEALTHCHECK', () => {
  const healthCommand = (): string[] => {
    const line = instructions(planDockerfile(spec).dockerfile).find((l) => l.startsWith('HEALTHCHECK'))!;
    return JSON.parse(line.slice(line.indexOf('CMD ') + 4)) as string[];
  };

  it('uses python3 only (slim images have no curl)', () => {
    const command = healthCommand();
    assert.equal(command[0], 'python3');
    assert.ok(!command.join(' ').includes('curl'));
  });

  /** Runs the check against a local server answering /ping with `status`; returns the exit code. */
  async function runCheck(status: number): Promise<{ code: number | null; paths: string[] }> {
    const paths: string[] = [];
    const server = http.createServer((req, res) => { paths.push(req.url ?? ''); res.writeHead(status).end(); });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const port = (server.address() as AddressInfo).port;
      const [exe, ...args] = healthCommand();
      const result = await new Promise<number | null>((resolve) => {
        // Asynchronously: spawnSync would block this process's server from answering.
        const child = spawn(exe!, args, { env: { ...process.env, MLOPS_PORT: String(port) }, stdio: 'ignore' });
        child.on('exit', (code) => resolve(code));
      });
      return { code: result, paths };
    } finally {
      server.close();
    }
  }

  it('passes when /ping on MLOPS_PORT answers 200 and fails on 503', async (t) => {
    if (spawnSync('python3', ['--version']).status !== 0) return t.skip('python3 is not installed');
    const healthy = await runCheck(200);
    assert.deepEqual(healthy, { code: 0, paths: ['/ping'] });
    const unhealthy = await runCheck(503);
    assert.notEqual(unhealthy.code, 0, 'a 503 from /ping must fail the health check');
  });
});
