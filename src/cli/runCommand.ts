import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { RunnerError } from '../core/runner/runnerErrors';
import { parseOverride, type Overrides } from '../core/runner/sweep';
import { labelLines, sweepProgress } from '../core/runner/sweepOutput';
import { upToDateText } from '../core/runner/upToDate';
import { describeFailure, describeStage } from '../node/runner/runOutcome';
import { runInWorkspace } from '../node/runner/workspaceRuns';
import type { CliCommand, CliIo } from './cliCommand';

/** `mlops run [STAGE] [-P key=value ...] [--force] [--sweep] [--file mlops.yaml]` */
export const runCommand: CliCommand = {
  usage: 'run [STAGE] [-P key=value]... [--force] [--sweep]',
  summary: 'run the pipeline (or one stage and what it needs) and record the run',
  async run(args: readonly string[], io: CliIo): Promise<number> {
    let parsed;
    try {
      parsed = parseArgs({
        args: [...args],
        allowPositionals: true,
        options: {
          param: { type: 'string', short: 'P', multiple: true },
          force: { type: 'boolean', short: 'f' },
          sweep: { type: 'boolean' },
          file: { type: 'string' },
          parallel: { type: 'string', short: 'j' },
        },
      });
    } catch (error) {
      io.err(`mlops run: ${error instanceof Error ? error.message : String(error)}\n`);
      return 2;
    }
    const { values, positionals } = parsed;
    if (positionals.length > 1) {
      io.err('mlops run: give at most one stage name\n');
      return 2;
    }
    const overrides: Overrides = {};
    try {
      for (const text of values.param ?? []) {
        const [key, value] = parseOverride(text);
        overrides[key] = value;
      }
    } catch (error) {
      io.err(`mlops run: ${error instanceof Error ? error.message : String(error)}\n`);
      return 2;
    }
    const maxParallel = values.parallel === undefined ? 2 : Number(values.parallel);
    if (!Number.isInteger(maxParallel) || maxParallel < 1) {
      io.err('mlops run: --parallel takes a whole number of at least 1\n');
      return 2;
    }

    const controller = new AbortController();
    const onSigint = () => {
      io.err('\nmlops run: cancelling (the run is recorded as cancelled)…\n');
      controller.abort();
    };
    process.once('SIGINT', onSigint);
    try {
      const outcome = await runInWorkspace({
        pipelineFile: path.resolve(io.cwd, values.file ?? 'mlops.yaml'),
        ...(positionals[0] ? { stage: positionals[0] } : {}),
        overrides,
        force: values.force ?? false,
        sweep: values.sweep ?? false,
        maxParallel,
        signal: controller.signal,
        // dist/cli.js ships beside python/ in the package.
        pythonHelperDir: path.join(__dirname, '..', 'python'),
        // A sweep child's lines carry its label, so children running side by side stay apart.
        events: {
          onRunStarted: (run) => io.out(labelLines(run.child, `run ${run.runId}: ${run.name}\n`)),
          onStageStarted: (stage, argv, child) => io.out(labelLines(child, `▶ ${stage}: ${argv.join(' ')}\n`)),
          onStageFinished: (stage, child) => io.out(labelLines(child, `${describeStage(stage)}\n`)),
          onOutput: (_stage, text, child) => io.out(labelLines(child, text)),
          onSweepProgress: ({ done, total }) => { if (done > 0) io.out(`sweep: ${sweepProgress(done, total)}\n`); },
        },
      });
      if (outcome.status === 'up-to-date') {
        io.out(`${upToDateText(positionals[0])} (use --force to run anyway).\n`);
        return 0;
      }
      io.out(`run ${outcome.runId} ${outcome.status}\n`);
      if (outcome.status === 'failed' && outcome.failure) io.err(`mlops run: ${describeFailure(outcome.failure)}\n`);
      return outcome.status === 'finished' ? 0 : outcome.status === 'cancelled' ? 130 : 1;
    } catch (error) {
      if (error instanceof RunnerError) {
        io.err(`mlops run: ${error.message}\n`);
        return 1;
      }
      throw error;
    } finally {
      process.off('SIGINT', onSigint);
    }
  },
};
