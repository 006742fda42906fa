import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { runProcess } from '../../../src/node/runner/processRunner';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-proc-'));
/** Running, not merely a zombie waiting for a parent (PID 1 in a container may never reap it). */
const alive = (pid: number) => {
  try {
    return !/^\d+ \(.*\) Z/.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
};

/** Polls until `condition` holds; the deadline guards against a hang and says what was seen. */
async function waitUntil(what: string, condition: () => boolean, seen: () => string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) assert.fail(`timed out after ${timeoutMs} ms waiting for ${what}; ${seen()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('runProcess', () => {
  it('streams output, reports the exit code and the last stderr lines', async () => {
    const chunks: string[] = [];
    const result = await runProcess(['sh', '-c', 'echo out; for i in 1 2 3; do echo err$i >&2; done; exit 3'], {
      cwd: tmp(), env: process.env, onOutput: (text) => chunks.push(text),
    });
    assert.equal(result.exitCode, 3);
    assert.deepEqual(result.lastStderr, ['err1', 'err2', 'err3']);
    assert.match(chunks.join(''), /out/);
  });

  it('passes the environment and working directory', async () => {
    const dir = tmp();
    let out = '';
    await runProcess(['sh', '-c', 'printf "%s %s" "$MLOPS_RUN_ID" "$(pwd)"'], { cwd: dir, env: { ...process.env, MLOPS_RUN_ID: 'r1' }, onOutput: (t) => { out += t; } });
    assert.equal(out, `r1 ${fs.realpathSync(dir)}`);
  });

  it('says clearly when the program does not exist', async () => {
    const result = await runProcess(['definitely-not-a-program-xyz'], { cwd: tmp(), env: process.env });
    assert.equal(result.spawnError, "'definitely-not-a-program-xyz' was not found on PATH");
  });

  it('cancels the whole process tree, grandchildren included', async () => {
    const dir = tmp();
    const pidFile = path.join(dir, 'grandchild.pid');
    const controller = new AbortController();
    // The grandchild ignores SIGTERM, so only a group SIGKILL after the grace period ends it.
    const running = runProcess(['sh', '-c', `sh -c 'trap "" TERM; echo $$ > ${pidFile}; while true; do sleep 0.1; done' & wait`], {
      cwd: dir, env: process.env, signal: controller.signal, killGraceMs: 300,
    });
    let ended: string | undefined;
    running.then((r) => { ended = JSON.stringify(r); }, (e: unknown) => { ended = String(e); });
    const pidText = () => (fs.existsSync(pidFile) ? fs.readFileSync(pidFile, 'utf8').trim() : '');
    // A broken spawn ends the process without a pid file: fail then, rather than at the deadline.
    await waitUntil('the grandchild to write its pid', () => pidText() !== '' || ended !== undefined, () => `pid file ${fs.existsSync(pidFile) ? 'empty' : 'missing'}`);
    assert.notEqual(pidText(), '', `the process ended before the grandchild wrote its pid: ${ended ?? ''}`);
    const grandchild = Number(fs.readFileSync(pidFile, 'utf8'));
    assert.ok(alive(grandchild), `the grandchild ${grandchild} is not running before cancellation`);
    controller.abort();
    const result = await running;
    assert.equal(result.cancelled, true);
    await waitUntil('the grandchild to die after cancellation', () => !alive(grandchild), () => `pid ${grandchild} still running`);
  });
});
