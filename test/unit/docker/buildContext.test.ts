import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { planBuildContext } from '../../../src/core/docker/buildContext';
import { planDockerfile } from '../../../src/core/docker/dockerfilePlan';
import type { DockerfileSpec } from '../../../src/core/docker/dockerfilePlan';

const spec: DockerfileSpec = {
  modelName: 'iris-classifier', base: 'python:3.12-slim', port: 8080, requirements: 'requirements.txt',
  modelPath: 'models/model.json', modelModule: 'src/model.py', maxBodyBytes: 52428800,
};
const dockerignore = planDockerfile(spec).dockerignore;

const project = [
  'Dockerfile', '.dockerignore', 'mlops.yaml', 'params.yaml', 'requirements.txt', 'input_example.json',
  'src/model.py', 'src/train.py', 'models/model.json',
  'data/iris.csv', 'data/prepared/train.csv',
  '.git/HEAD', '.git/objects/ab/cdef', '.mlops/runs/r1/run.json', 'mlruns/0/meta.yaml',
  '.venv/bin/python3', 'venv/lib/site.py', 'env/pyvenv.cfg',
  'src/__pycache__/model.cpython-311.pyc', 'node_modules/x/index.js',
  'logs/requests.jsonl', 'train.log',
  '.env', '.env.production', 'certs/server.pem', 'keys/deploy.key', '.ssh/id_rsa', 'id_rsa.pub', 'secrets/cert.p12', '.docker-test/ca.pem',
];

describe('planBuildContext with the generated .dockerignore', () => {
  it('sends code, model and config, and keeps data, tool state, environments, logs and secrets out', () => {
    const plan = planBuildContext(project, dockerignore, spec);
    assert.deepEqual(plan.files, [
      '.dockerignore', 'Dockerfile', 'input_example.json', 'mlops.yaml', 'models/model.json', 'params.yaml',
      'requirements.txt', 'src/model.py', 'src/train.py',
    ]);
    assert.equal(plan.excludedCount, project.length - plan.files.length);
    assert.deepEqual(plan.problems, []);
  });

  it('adds the shipped server, replacing a project file of that name', () => {
    assert.deepEqual(planBuildContext([...project, 'mlops_serve.py'], dockerignore, spec).shipped, ['mlops_serve.py']);
    assert.ok(!planBuildContext([...project, 'mlops_serve.py'], dockerignore, spec).files.includes('mlops_serve.py'));
    assert.deepEqual(planBuildContext([...project, 'src/serve.py'], dockerignore, { ...spec, serve: 'src/serve.py' }).shipped, []);
  });

  it('always sends Dockerfile and .dockerignore, as the docker CLI does', () => {
    // A user's own file: only these patterns apply, so src/__pycache__ is sent too.
    const plan = planBuildContext(project, '*\n!src\n!models\n!requirements.txt\n', spec);
    assert.deepEqual(plan.files, ['.dockerignore', 'Dockerfile', 'models/model.json', 'requirements.txt', 'src/__pycache__/model.cpython-311.pyc', 'src/model.py', 'src/train.py']);
  });

  it('says in one sentence when a file the Dockerfile copies is ignored or missing', () => {
    const plan = planBuildContext(project.filter((f) => f !== 'requirements.txt'), `${dockerignore}models\n`, spec);
    assert.deepEqual(plan.problems, [
      "'docker.requirements: requirements.txt' does not exist in the pipeline's folder; run the pipeline or fix the path.",
      "'model.path: models/model.json' is left out of the build context by .dockerignore; remove the pattern that matches it.",
    ]);
  });

  it('accepts a model folder that has files in the context', () => {
    const plan = planBuildContext(['src/model.py', 'requirements.txt', 'models/onnx/model.onnx'], dockerignore, { ...spec, modelPath: 'models/onnx/' });
    assert.deepEqual(plan.problems, []);
  });
});
