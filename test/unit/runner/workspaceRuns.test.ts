import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { RunStore } from '../../../src/node/runs/runStore';
import { runInWorkspace } from '../../../src/node/runner/workspaceRuns';

const root = path.resolve(__dirname, '..', '..', '..', '..');
const pythonHelperDir = path.join(root, 'python');

function project(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-runner-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

describe('runInWorkspace (real store, real processes)', () => {
  it('gives stages the run environment and records what they log through mlops_log', async () => {
    const dir = project({
      'mlops.yaml': 'name: env\nstages:\n  log:\n    cmd: [python3, log.py]\n    deps: [log.py]\n    outs: [env.json]\n',
      'log.py': [
        'import json, os',
        'from mlops_log import log_param, log_metric',
        'log_param("optimizer", "adam")',
        'for step in range(1, 4):',
        '    log_metric("loss", 1.0 / step, step=step)',
        'json.dump({k: os.environ[k] for k in ("MLOPS_RUN_ID", "MLOPS_RUN_DIR", "MLOPS_METRICS_FILE", "MLOPS_STAGE")}, open("env.json", "w"))',
      ].join('\n'),
    });
    const outcome = await runInWorkspace({ pipelineFile: path.join(dir, 'mlops.yaml'), pythonHelperDir });
    assert.equal(outcome.status, 'finished', JSON.stringify(outcome.failure));
    const env = JSON.parse(fs.readFileSync(path.join(dir, 'env.json'), 'utf8')) as Record<string, string>;
    assert.equal(env.MLOPS_RUN_ID, outcome.runId);
    assert.equal(env.MLOPS_STAGE, 'log');
    assert.ok(env.MLOPS_RUN_DIR?.startsWith(path.join(dir, '.mlops')));

    const store = await RunStore.forWorkspace(dir);
    const run = await store.getRun(outcome.runId);
    assert.equal(run?.params.optimizer, 'adam');
    const [history] = await store.loadHistories([outcome.runId]);
    assert.deepEqual([...(history?.series.loss?.values ?? [])], [1, 0.5, 1 / 3]);
    store.close();
  });

  it('re-runs a stage when a dep\'s content changes, and only then', async () => {
    const dir = project({
      'mlops.yaml': 'stages:\n  copy:\n    cmd: cp data.txt out.txt\n    deps: [data.txt]\n    outs: [out.txt]\n',
      'data.txt': 'one\n',
    });
    const run = () => runInWorkspace({ pipelineFile: path.join(dir, 'mlops.yaml') });
    assert.equal((await run()).stages[0]?.status, 'ran');
    assert.equal((await run()).stages[0]?.status, 'skipped');
    fs.writeFileSync(path.join(dir, 'data.txt'), 'two\n');
    assert.equal((await run()).stages[0]?.status, 'ran');
    assert.equal(fs.readFileSync(path.join(dir, 'out.txt'), 'utf8'), 'two\n');
    fs.rmSync(path.join(dir, 'out.txt'));
    assert.equal((await run()).stages[0]?.status, 'ran', 'a missing output forces a re-run');
  });

  it('records nothing when every stage is unchanged, and records again with force or a change', async () => {
    const dir = project({
      'mlops.yaml': 'stages:\n  copy:\n    cmd: cp a.txt b.txt\n    deps: [a.txt]\n    outs: [b.txt]\n  upper:\n    cmd: tr a-z A-Z < b.txt > c.txt\n    deps: [b.txt, extra.txt]\n    outs: [c.txt]\n',
      'a.txt': 'one\n',
      'extra.txt': 'x\n',
    });
    const pipelineFile = path.join(dir, 'mlops.yaml');
    const recorded = async () => {
      const store = await RunStore.forWorkspace(dir);
      try {
        return (await store.listRuns()).length;
      } finally {
        store.close();
      }
    };
    const runFolders = () => fs.readdirSync(path.join(dir, '.mlops', 'runs')).length;
    const first = await runInWorkspace({ pipelineFile });
    assert.equal(first.status, 'finished', JSON.stringify(first.failure));
    assert.equal(await recorded(), 1);
    assert.equal(runFolders(), 1);

    const again = await runInWorkspace({ pipelineFile });
    assert.equal(again.status, 'up-to-date', `second run with nothing changed: ${again.status}, expected up-to-date`);
    assert.deepEqual(again.stages.map((s) => `${s.name}:${s.status}`), ['copy:skipped', 'upper:skipped']);
    assert.equal(await recorded(), 1, 'a run with nothing to do was recorded');
    assert.equal(runFolders(), 1, 'a run folder was left behind by a run with nothing to do');

    const stage = await runInWorkspace({ pipelineFile, stage: 'copy' });
    assert.equal(stage.status, 'up-to-date', `Run Stage with nothing changed: ${stage.status}`);
    assert.equal(await recorded(), 1);

    const forced = await runInWorkspace({ pipelineFile, force: true });
    assert.equal(forced.status, 'finished');
    assert.deepEqual(forced.stages.map((s) => `${s.name}:${s.status}`), ['copy:ran', 'upper:ran']);
    assert.equal(await recorded(), 2, '--force records a run');

    fs.writeFileSync(path.join(dir, 'extra.txt'), 'y\n');
    const changed = await runInWorkspace({ pipelineFile });
    assert.deepEqual(changed.stages.map((s) => `${s.name}:${s.status}`), ['copy:skipped', 'upper:ran']);
    assert.equal(await recorded(), 3, 'a run where one stage ran is recorded');
  });

  it('labels every event of a sweep child, sends its output in whole stage-prefixed lines and counts finished children', async () => {
    const dir = project({
      'mlops.yaml': 'stages:\n  say:\n    cmd: printf "first %s\\nsecond %s\\n" ${params.n} ${params.n}\nsweep:\n  matrix:\n    n: [1, 2, 3]\n  parallel: 2\n',
      'params.yaml': 'n: 0\n',
    });
    const events: { kind: string; child: string | undefined; text: string }[] = [];
    const progress: string[] = [];
    const outcome = await runInWorkspace({
      pipelineFile: path.join(dir, 'mlops.yaml'), sweep: true,
      events: {
        onRunStarted: (run) => { if (run.parentId) events.push({ kind: 'start', child: run.child, text: run.name }); },
        onStageStarted: (stage, _argv, child) => events.push({ kind: '▶', child, text: stage }),
        onOutput: (_stage, text, child) => events.push({ kind: 'out', child, text }),
        onStageFinished: (stage, child) => events.push({ kind: '✔', child, text: stage.name }),
        onSweepProgress: ({ done, total }) => progress.push(`${done}/${total}`),
      },
    });
    assert.equal(outcome.status, 'finished', JSON.stringify(outcome.failure));
    assert.deepEqual(progress, ['0/3', '1/3', '2/3', '3/3']);
    const unlabelled = events.filter((e) => e.child === undefined);
    assert.equal(unlabelled.length, 0, `${unlabelled.length} child events have no label, the first: ${unlabelled[0]?.kind} ${JSON.stringify(unlabelled[0]?.text)}`);
    for (const n of [1, 2, 3]) {
      const own = events.filter((e) => e.child === `#${n} n=${n}`);
      assert.deepEqual(own.filter((e) => e.kind !== 'out').map((e) => `${e.kind} ${e.text}`), [`start n=${n}`, '▶ say', '✔ say'], `child #${n}'s events`);
      // Output may come in one chunk or several, but always in whole lines, each with its stage.
      const chunks = own.filter((e) => e.kind === 'out').map((e) => e.text);
      assert.ok(chunks.every((c) => c.endsWith('\n')), `child #${n} sent a partial line: ${JSON.stringify(chunks)}`);
      assert.equal(chunks.join(''), `[say] first ${n}\n[say] second ${n}\n`, `child #${n}'s output`);
    }
  });

  it('refuses a pipeline with errors, saying where', async () => {
    const dir = project({ 'mlops.yaml': 'stages:\n  a:\n    cmd: "true"\n    needs: [ghost]\n' });
    await assert.rejects(runInWorkspace({ pipelineFile: path.join(dir, 'mlops.yaml') }), (e: unknown) =>
      e instanceof Error && (e as { code?: string }).code === 'invalid-pipeline' && /line 4/.test(e.message));
  });

  it('cancels a running stage and records the run as cancelled', async () => {
    const dir = project({ 'mlops.yaml': 'stages:\n  slow:\n    cmd: sleep 30\n  after:\n    cmd: "true"\n    needs: [slow]\n' });
    const controller = new AbortController();
    const running = runInWorkspace({ pipelineFile: path.join(dir, 'mlops.yaml'), signal: controller.signal, events: { onStageStarted: () => setTimeout(() => controller.abort(), 200) } });
    const outcome = await running;
    assert.equal(outcome.status, 'cancelled');
    assert.deepEqual(outcome.stages.map((s) => `${s.name}:${s.status}`), ['slow:cancelled', 'after:not-run']);
    const store = await RunStore.forWorkspace(dir);
    assert.equal((await store.getRun(outcome.runId))?.status, 'cancelled');
    store.close();
  });
});
