import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { commandLine, shellQuote } from '../../../src/core/runner/interpolate';
import type { RunnableStage } from '../../../src/core/runner/runnableStage';
import { RunnerError } from '../../../src/core/runner/runnerErrors';

const stage = (name: string, cmd: RunnableStage['cmd'], outs: string[] = []): RunnableStage =>
  ({ name, cmd, deps: [], outs, params: [], needs: [], env: {}, workdir: '.' });

describe('commandLine', () => {
  const prepare = stage('prepare', 'true', ['data/prepared', 'data/stats.json']);
  const stages = new Map([[prepare.name, prepare]]);

  it('runs a string cmd through sh -c with params and outs quoted', () => {
    const train = stage('train', 'python3 train.py --lr ${params.train.lr} --name ${params.name} --data ${prepare.outs}');
    assert.deepEqual(commandLine(train, { train: { lr: 0.1 }, name: 'my run' }, stages),
      ['sh', '-c', "python3 train.py --lr 0.1 --name 'my run' --data data/prepared data/stats.json"]);
  });

  it('keeps an argv cmd as separate arguments and expands a whole-element ${stage.outs}', () => {
    const train = stage('train', ['python3', 'train.py', '--lr=${params.lr}', '${prepare.outs}', '${prepare.outs[1]}']);
    assert.deepEqual(commandLine(train, { lr: 0.5 }, stages), ['python3', 'train.py', '--lr=0.5', 'data/prepared', 'data/stats.json', 'data/stats.json']);
  });

  it('makes a hostile param value inert: the shell prints it instead of running it', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-quote-'));
    const canary = path.join(dir, 'canary');
    fs.writeFileSync(canary, 'still here');
    const hostile = `'; rm -f ${canary}; echo "$(touch ${dir}/pwned)" \`touch ${dir}/pwned2\` $HOME \\ '`;
    const argv = commandLine(stage('s', 'printf %s ${params.name}'), { name: hostile }, stages);
    const result = spawnSync(argv[0]!, argv.slice(1), { encoding: 'utf8' });
    assert.equal(result.stdout, hostile);
    assert.ok(fs.existsSync(canary), 'the canary file was deleted');
    assert.deepEqual(fs.readdirSync(dir), ['canary']);
  });

  it('quotes the empty string and leaves plain words alone', () => {
    assert.equal(shellQuote(''), "''");
    assert.equal(shellQuote('data/x.csv'), 'data/x.csv');
    assert.equal(shellQuote("it's"), `'it'\\''s'`);
  });

  it('refuses a missing param and an unknown interpolation with typed errors', () => {
    assert.throws(() => commandLine(stage('s', 'echo ${params.nope}'), {}, stages), (e: unknown) => e instanceof RunnerError && e.code === 'missing-param');
    assert.throws(() => commandLine(stage('s', 'echo ${ghost.outs}'), {}, stages), (e: unknown) => e instanceof RunnerError && e.code === 'unknown-interpolation');
  });
});
