import * as path from 'node:path';
import * as vscode from 'vscode';
import { engine } from '../engine';
import { findPipelines } from '../pipeline/pipelineFiles';
import { RunTerminal } from './runTerminal';
import type { RunService } from './runService';

/** `{ "type": "mlops", "stage": "train", "force": true }` in tasks.json, as package.json declares. */
interface MlopsTaskDefinition extends vscode.TaskDefinition {
  readonly pipeline?: string;
  readonly stage?: string;
  readonly force?: boolean;
  readonly sweep?: boolean;
}

/** Offers every pipeline, stage and sweep under "Tasks: Run Task", run by the same RunService. */
export class RunTaskProvider implements vscode.TaskProvider {
  static readonly type = 'mlops';

  constructor(private readonly service: RunService, private readonly log: vscode.LogOutputChannel) {}

  async provideTasks(): Promise<vscode.Task[]> {
    const tasks: vscode.Task[] = [];
    for (const file of await findPipelines()) {
      const folder = vscode.workspace.getWorkspaceFolder(file);
      const relative = folder ? path.relative(folder.uri.fsPath, file.fsPath) : file.fsPath;
      const where = relative === 'mlops.yaml' ? '' : ` (${relative})`;
      let pipeline;
      try {
        pipeline = engine().loadPipeline(file.fsPath);
      } catch {
        continue; // an invalid pipeline offers no tasks; its diagnostics say why
      }
      tasks.push(this.task({ type: RunTaskProvider.type, pipeline: relative }, `run pipeline${where}`, folder));
      tasks.push(this.task({ type: RunTaskProvider.type, pipeline: relative, force: true }, `run pipeline (force)${where}`, folder));
      for (const stage of pipeline.stages) {
        tasks.push(this.task({ type: RunTaskProvider.type, pipeline: relative, stage: stage.name }, `run stage ${stage.name}${where}`, folder));
      }
      if (pipeline.sweep) tasks.push(this.task({ type: RunTaskProvider.type, pipeline: relative, sweep: true }, `run sweep${where}`, folder));
    }
    return tasks;
  }

  resolveTask(task: vscode.Task): vscode.Task | undefined {
    const definition = task.definition as MlopsTaskDefinition;
    const folder = typeof task.scope === 'object' ? task.scope : undefined;
    return this.task(definition, task.name, folder);
  }

  private task(definition: MlopsTaskDefinition, name: string, folder: vscode.WorkspaceFolder | undefined): vscode.Task {
    const execution = new vscode.CustomExecution(() => {
      const cancel = new AbortController();
      const terminal = new RunTerminal(() => cancel.abort());
      const base = folder?.uri ?? vscode.workspace.workspaceFolders?.[0]?.uri;
      const pipelineFile = base ? vscode.Uri.joinPath(base, definition.pipeline ?? 'mlops.yaml') : vscode.Uri.file(path.resolve(definition.pipeline ?? 'mlops.yaml'));
      // Start on the next tick; output and the exit code wait in the terminal until it opens.
      setTimeout(() => {
        this.service.run({
          pipelineFile, terminal, signal: cancel.signal,
          ...(definition.stage ? { stage: definition.stage } : {}),
          force: definition.force ?? false,
          sweep: definition.sweep ?? false,
        }).then(
          (outcome) => terminal.exit(outcome.status === 'finished' || outcome.status === 'up-to-date' ? 0 : 1),
          (error: unknown) => {
            terminal.write(`\x1b[31m${error instanceof Error ? error.message : String(error)}\x1b[0m\n`);
            this.log.error(`Task ${name} failed`, error);
            terminal.exit(1);
          },
        );
      }, 0);
      return Promise.resolve(terminal);
    });
    const task = new vscode.Task(definition, folder ?? vscode.TaskScope.Workspace, name, 'mlops', execution);
    task.presentationOptions = { reveal: vscode.TaskRevealKind.Always, panel: vscode.TaskPanelKind.Dedicated };
    return task;
  }
}
