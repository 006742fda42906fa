import * as vscode from 'vscode';
import type { Overrides } from '../../core/runner/sweep';
import { labelLines, sweepProgress } from '../../core/runner/sweepOutput';
import { upToDateText } from '../../core/runner/upToDate';
import { describeStage, type RunOutcome, type StageOutcome } from '../../node/runner/runOutcome';
import { engine } from '../engine';
import { ContextKeys } from '../commandIds';
import { RunTerminal } from './runTerminal';

export interface RunRequest {
  readonly pipelineFile: vscode.Uri;
  readonly stage?: string;
  readonly force?: boolean;
  readonly sweep?: boolean;
  readonly overrides?: Overrides;
  /** A task's terminal; otherwise the run opens its own. */
  readonly terminal?: RunTerminal;
  /** Cancels this run (a task's terminal being closed). */
  readonly signal?: AbortSignal;
}

interface ActiveRun {
  readonly label: string;
  readonly controller: AbortController;
}

/** Thrown when running is refused before anything starts (untrusted workspace). */
export class RunRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RunRefusedError';
  }
}

/** describeStage's line, coloured for the terminal: green ran, dim skipped, red failed. */
function stageLine(stage: StageOutcome): string {
  const colour = stage.status === 'ran' ? '32' : stage.status === 'skipped' || stage.status === 'not-run' ? '2' : '31';
  return `\x1b[${colour}m${describeStage(stage)}\x1b[0m\n`;
}

/**
 * Starts pipeline runs from the editor: refuses in untrusted workspaces, shows output in a
 * terminal and progress in a notification, and lets the user cancel (notification, terminal
 * close, or "MLOps: Cancel Run").
 */
export class RunService implements vscode.Disposable {
  private readonly active = new Map<number, ActiveRun>();
  private nextId = 1;
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when a run starts or ends, so views can refresh. */
  readonly onDidChangeRuns = this.changed.event;

  constructor(
    private readonly log: vscode.LogOutputChannel,
    private readonly maxParallel: () => number,
    /** The extension's python/ folder (mlops_log.py), put on stages' PYTHONPATH. */
    private readonly pythonHelperDir: string,
  ) {}

  get activeRuns(): readonly string[] {
    return [...this.active.values()].map((r) => r.label);
  }

  async run(request: RunRequest): Promise<RunOutcome> {
    if (!vscode.workspace.isTrusted) {
      throw new RunRefusedError('This workspace is not trusted, so MLOps Workbench will not run its pipeline commands. Trust the workspace to run pipelines.');
    }
    const what = request.sweep ? 'Sweep' : request.stage ? `Stage ${request.stage}` : 'Pipeline';
    const label = `${what}${request.force ? ' (force)' : ''}: ${vscode.workspace.asRelativePath(request.pipelineFile)}`;
    const id = this.nextId++;
    const controller = new AbortController();
    request.signal?.addEventListener('abort', () => controller.abort(), { once: true });
    this.active.set(id, { label, controller });
    await this.updateContext();

    const ownTerminal = request.terminal ? undefined : new RunTerminal(() => controller.abort());
    const terminal = request.terminal ?? ownTerminal!;
    // Our own terminal opens when a run is recorded: a run with nothing to do opens none.
    let shown: vscode.Terminal | undefined;
    const showTerminal = () => {
      if (!ownTerminal || shown) return;
      shown = vscode.window.createTerminal({ name: `MLOps: ${what}`, pty: ownTerminal, iconPath: new vscode.ThemeIcon('beaker') });
      shown.show(true);
    };
    terminal.write(`\x1b[1m${label}\x1b[0m\n`);

    try {
      return await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `MLOps: ${what}`, cancellable: true },
        async (progress, token) => {
          token.onCancellationRequested(() => controller.abort());
          const outcome = await engine().runInWorkspace({
            pipelineFile: request.pipelineFile.fsPath,
            ...(request.stage ? { stage: request.stage } : {}),
            ...(request.overrides ? { overrides: request.overrides } : {}),
            force: request.force ?? false,
            sweep: request.sweep ?? false,
            maxParallel: this.maxParallel(),
            pythonHelperDir: this.pythonHelperDir,
            signal: controller.signal,
            // Lines of a sweep's children carry the child's label; the notification counts children.
            events: {
              onRunStarted: (run) => {
                showTerminal();
                terminal.write(labelLines(run.child, `\x1b[2mrun ${run.runId}: ${run.name}\x1b[0m\n`));
                if (!run.child) progress.report({ message: run.name });
                this.changed.fire();
              },
              onStageStarted: (stage, argv, child) => {
                if (!child) progress.report({ message: `stage ${stage}` });
                terminal.write(labelLines(child, `\x1b[1;34m▶ ${stage}\x1b[0m \x1b[2m${argv.join(' ')}\x1b[0m\n`));
              },
              onStageFinished: (stage, child) => terminal.write(labelLines(child, stageLine(stage))),
              onOutput: (_stage, text, child) => terminal.write(labelLines(child, text)),
              onSweepProgress: ({ done, total }) => {
                progress.report({ message: sweepProgress(done, total), ...(done > 0 ? { increment: 100 / total } : {}) });
              },
            },
          });
          if (outcome.status === 'up-to-date') {
            terminal.write(`${upToDateText(request.stage)}.\n`);
            this.log.info(`${label}: ${upToDateText(request.stage)}; nothing recorded`);
            return outcome;
          }
          terminal.write(`\n\x1b[1mRun ${outcome.status}.\x1b[0m\n`);
          this.log.info(`${label}: run ${outcome.runId} ${outcome.status}`);
          return outcome;
        },
      );
    } finally {
      if (ownTerminal && !shown) ownTerminal.dispose(); // never opened: nothing was run
      this.active.delete(id);
      await this.updateContext();
      this.changed.fire();
    }
  }

  /** Cancels one run (picked by the caller) or, with no label, every active run. */
  cancel(label?: string): number {
    let count = 0;
    for (const run of this.active.values()) {
      if (label === undefined || run.label === label) {
        run.controller.abort();
        count++;
      }
    }
    return count;
  }

  private async updateContext(): Promise<void> {
    await vscode.commands.executeCommand('setContext', ContextKeys.runActive, this.active.size > 0);
  }

  dispose(): void {
    this.cancel();
    this.changed.dispose();
  }
}
