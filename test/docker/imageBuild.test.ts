import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { EngineError } from '../../src/node/docker/engineErrors';
import { BuildError, buildImage, type BuildEvent } from '../../src/node/docker/imageBuilder';
import { baseImage, dockerCli, localEngine, removeTestObjectsAfter, tempDir, testLabels, waitFor } from './dockerTestKit';

const engine = localEngine();
removeTestObjectsAfter(engine);
const run = `${process.pid}`;
const logText = (events: readonly BuildEvent[]) => events.map((e) => e.stream ?? '').join('');

async function buildFailure(promise: Promise<unknown>): Promise<EngineError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof EngineError, `expected an EngineError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected the build to fail, it succeeded');
}

describe('building an image through dockerode', () => {
  it('sends exactly the listed files plus the generated Dockerfile, streams events, labels the image', async () => {
    const dir = tempDir('mlops-build-');
    fs.writeFileSync(path.join(dir, 'hello.txt'), 'hello\n');
    fs.writeFileSync(path.join(dir, 'secret.env'), 'TOKEN=do-not-send\n'); // next to it, not listed
    const model = Buffer.alloc(600, 'm');
    const dockerfile = `FROM ${baseImage}\nCOPY . /ctx/\nRUN cd /ctx && find . -type f | sort | sed 's/^/listed: /'\n`;
    const tag = `mlops-test/build:${run}`;
    const events: BuildEvent[] = [];
    const built = await buildImage({
      engine, tag, dockerfile,
      contextFiles: [{ path: 'app/hello.txt', source: path.join(dir, 'hello.txt') }, { path: 'model/model.bin', contents: model }],
      labels: { ...testLabels, 'org.opencontainers.image.title': 'build-test' },
      onEvent: (event) => events.push(event),
    });

    const listed = logText(events).split('\n').filter((line) => line.startsWith('listed: ')).map((line) => line.slice(8));
    assert.deepEqual(listed, ['./Dockerfile', './app/hello.txt', './model/model.bin']);
    assert.ok(events.some((e) => e.stream?.startsWith('Step 1/')), 'no "Step 1/…" event was streamed');
    // A tar: 512-byte header + data padded to 512 per file, then two zero blocks.
    const expectedBytes = (512 + 512) + (512 + 1024) + (512 + 512) + 1024;
    assert.equal(built.contextBytes, expectedBytes);
    assert.equal(built.imageId, dockerCli('image', 'inspect', '--format', '{{.Id}}', tag));
    const labels = JSON.parse(dockerCli('image', 'inspect', '--format', '{{json .Config.Labels}}', tag)) as Record<string, string>;
    assert.equal(labels['mlops.test'], 'engine');
    assert.equal(labels['org.opencontainers.image.title'], 'build-test');
  });

  it('throws a build error carrying the events when a RUN step fails', async () => {
    const events: BuildEvent[] = [];
    const error = await buildFailure(buildImage({
      engine, tag: `mlops-test/broken:${run}`, contextFiles: [], labels: testLabels,
      dockerfile: `FROM ${baseImage}\nRUN echo "about to fail" && exit 7\n`,
      onEvent: (event) => events.push(event),
    }));
    assert.equal(error.code, 'build-failed');
    assert.ok(error instanceof BuildError);
    assert.equal(error.message, `The image build of mlops-test/broken:${run} failed: The command '/bin/sh -c echo "about to fail" && exit 7' returned a non-zero code: 7.`);
    assert.match(logText(error.events), /about to fail/);
    assert.equal(error.events.length, events.length, 'the error should carry every streamed event');
  });

  it('turns a Dockerfile the engine refuses to parse into a build error', async () => {
    const error = await buildFailure(buildImage({ engine, tag: `mlops-test/unparsable:${run}`, contextFiles: [], labels: testLabels, dockerfile: `FROMM ${baseImage}\n` }));
    assert.equal(error.code, 'build-failed');
    assert.match(error.message, /^The Docker engine could not build mlops-test\/unparsable:\d+: .*unknown instruction: FROMM/i);
  });

  it('stops the build when aborted, with a "cancelled" error', async () => {
    const marker = `mlops-abort-${run}`;
    const controller = new AbortController();
    const tag = `mlops-test/aborted:${run}`;
    const error = await buildFailure(buildImage({
      engine, tag, contextFiles: [], labels: testLabels, signal: controller.signal,
      dockerfile: `FROM ${baseImage}\nRUN echo started-${marker} && sleep 300\n`,
      // The step's own output (not the "Step 2/2 : RUN …" line): its container is running then.
      onEvent: (event) => { if (event.stream?.trim() === `started-${marker}`) controller.abort(); },
    }));
    assert.equal(error.code, 'cancelled');
    assert.equal(error.message, `Cancelled: build ${tag}.`);
    // The engine ends the step's container when the request goes away.
    await waitFor('the aborted build step to stop running', () =>
      !dockerCli('ps', '--no-trunc', '--format', '{{.Command}}').includes(`started-${marker}`), 60_000);
    assert.equal(dockerCli('images', '-q', tag), '', 'the aborted build should not have tagged an image');
  });
});
