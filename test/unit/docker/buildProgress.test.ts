import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BuildProgress } from '../../../src/core/docker/buildProgress';
import type { BuildEvent } from '../../../src/core/docker/buildProgress';

// Event sequences as Docker 20.10's legacy builder sent them through dockerode on this machine
// (the API adds a LABEL step for the build labels, hence one step more than the Dockerfile has).
const header = (n: number, total: number, instruction: string): BuildEvent[] => [{ stream: `Step ${n}/${total} : ${instruction}` }, { stream: '\n' }];

const succeeded: BuildEvent[] = [
  ...header(1, 4, 'FROM local/mlops-base:bookworm'),
  { stream: ' ---> 6aab32fc8e06\n' },
  ...header(2, 4, 'RUN (useradd --system --uid 10001 --no-create-home mlops || adduser -S -u 10001 mlops)'),
  { stream: ' ---> Using cache\n' }, { stream: ' ---> 7b1d5e1e19d2\n' },
  ...header(3, 4, 'COPY ["models/model.json","/app/models/model.json"]'),
  { stream: ' ---> 82bbe0248539\n' },
  ...header(4, 4, 'LABEL mlops.model=iris-classifier mlops.version=3'),
  { stream: ' ---> Running in 749cf5bd4479\n' },
  { stream: 'Removing intermediate container 749cf5bd4479\n' },
  { stream: ' ---> 5be3f1a09c2e\n' },
  { aux: { ID: 'sha256:5be3f1a09c2e7d8b' } },
  { stream: 'Successfully built 5be3f1a09c2e\n' },
  { stream: 'Successfully tagged iris-classifier:3\n' },
];

const pipFailed: BuildEvent[] = [
  ...header(1, 9, 'FROM python:3.12-slim'),
  { stream: ' ---> 6aab32fc8e06\n' },
  ...header(5, 9, 'RUN python3 -m pip install --no-cache-dir -r /app/requirements.txt'),
  { stream: ' ---> Running in f51b95c48e60\n' },
  { stream: 'ERROR: Could not find a version that satisfies the requirement foo==9.9 (from versions: none)\nERROR: No matching distribution found for foo==9.9\n' },
  { stream: '\n[notice] A new release of pip is available: 23.0.1 -> 24.3.1\n' },
  {
    errorDetail: { code: 1, message: "The command '/bin/sh -c python3 -m pip install --no-cache-dir -r /app/requirements.txt' returned a non-zero code: 1" },
    error: "The command '/bin/sh -c python3 -m pip install --no-cache-dir -r /app/requirements.txt' returned a non-zero code: 1",
  },
];

const copyFailed: BuildEvent[] = [
  ...header(3, 5, 'RUN echo hello'),
  { stream: ' ---> Running in 007af363838f\n' }, { stream: 'hello\n' },
  { stream: 'Removing intermediate container 007af363838f\n' }, { stream: ' ---> 82bbe0248539\n' },
  ...header(4, 5, 'COPY missing.txt /app/'),
  {
    errorDetail: { message: 'COPY failed: file not found in build context or excluded by .dockerignore: stat missing.txt: file does not exist' },
    error: 'COPY failed: file not found in build context or excluded by .dockerignore: stat missing.txt: file does not exist',
  },
];

function run(events: BuildEvent[]): { progress: (BuildProgress['step'])[]; log: string; parser: BuildProgress } {
  const parser = new BuildProgress();
  const progress: BuildProgress['step'][] = [];
  let log = '';
  for (const event of events) {
    log += parser.feed(event);
    if (parser.step && progress[progress.length - 1] !== parser.step) progress.push(parser.step);
  }
  return { progress, log, parser };
}

describe('BuildProgress', () => {
  it('reports each step with its number, total and instruction as soon as its header arrives', () => {
    const parser = new BuildProgress();
    parser.feed({ stream: 'Step 3/4 : COPY ["models/model.json","/app/models/model.json"]' });
    assert.deepEqual(parser.step, { index: 3, total: 4, instruction: 'COPY ["models/model.json","/app/models/model.json"]' });
    const { progress } = run(succeeded);
    assert.deepEqual(progress.map((s) => `${s!.index}/${s!.total}`), ['1/4', '2/4', '3/4', '4/4']);
  });

  it('ends with the image id and tag of a successful build', () => {
    assert.deepEqual(run(succeeded).parser.outcome(), { ok: true, imageId: 'sha256:5be3f1a09c2e7d8b', tags: ['iris-classifier:3'] });
  });

  it('names the failing step and its last error line in one sentence', () => {
    const outcome = run(pipFailed).parser.outcome();
    assert.equal(outcome.ok, false);
    assert.equal(outcome.ok === false && outcome.message,
      'Step 5/9 `RUN python3 -m pip install --no-cache-dir -r /app/requirements.txt` failed: ERROR: No matching distribution found for foo==9.9');
    assert.ok(outcome.ok === false && outcome.output.includes('ERROR: Could not find a version that satisfies the requirement foo==9.9 (from versions: none)'));
  });

  it("uses the engine's message when the failing step printed nothing", () => {
    const outcome = run(copyFailed).parser.outcome();
    assert.equal(outcome.ok === false && outcome.message,
      'Step 4/5 `COPY missing.txt /app/` failed: COPY failed: file not found in build context or excluded by .dockerignore: stat missing.txt: file does not exist');
  });

  it('says when the build failed before its first step', () => {
    const outcome = run([{ error: 'Cannot locate specified Dockerfile: Dockerfile', errorDetail: { message: 'Cannot locate specified Dockerfile: Dockerfile' } }]).parser.outcome();
    assert.equal(outcome.ok === false && outcome.message, 'The build failed before its first step: Cannot locate specified Dockerfile: Dockerfile');
  });

  it('passes the stream and the error through to the log, and shortens very long instructions', () => {
    const { log } = run(copyFailed);
    assert.ok(log.includes('Step 4/5 : COPY missing.txt /app/\n') && log.endsWith('stat missing.txt: file does not exist\n'));
    const long = `RUN ${'x'.repeat(200)}`;
    const outcome = run([...header(2, 3, long), { error: 'boom', errorDetail: { message: 'boom' } }]).parser.outcome();
    assert.ok(outcome.ok === false && outcome.message.length < 130 && outcome.message.includes('…` failed: boom'), outcome.ok === false ? outcome.message : '');
  });

  it('keeps the last redraw of progress-bar lines and drops colour codes', () => {
    const outcome = run([...header(2, 3, 'RUN fetch'), { stream: '10%\r50%\r\u001b[31mfatal: unable to fetch\u001b[0m\n' }, { error: 'x', errorDetail: { message: 'x' } }]).parser.outcome();
    assert.equal(outcome.ok === false && outcome.message, 'Step 2/3 `RUN fetch` failed: fatal: unable to fetch');
  });
});
