import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { PipelineModel } from '../../core/pipeline/types';
import { getValue, toPlain } from '../../core/pipeline/yamlNodes';
import { engine } from '../engine';
import { findPipelines } from '../pipeline/pipelineFiles';
import { readRetrainSettings, type RetrainSettings } from './retrainSettings';

/** What a drift check needs from one pipeline file. */
export interface PipelineMonitor {
  readonly file: vscode.Uri;
  readonly modelName?: string;
  /** The `monitor:` section; undefined when the pipeline has none (the panel's empty state). */
  readonly monitor?: NonNullable<PipelineModel['monitor']>;
  readonly retrain: RetrainSettings;
}

/** Reads a pipeline's `model.name`, `monitor:` and `monitor.retrain` (a pipeline with other errors still answers). */
export function readPipelineMonitor(file: vscode.Uri): PipelineMonitor {
  const analysis = engine().analyzePipeline(fs.readFileSync(file.fsPath, 'utf8'));
  const { model } = analysis;
  return {
    file,
    ...(model.model?.name ? { modelName: model.model.name } : {}),
    ...(model.monitor ? { monitor: model.monitor } : {}),
    retrain: readRetrainSettings(toPlain(getValue(getValue(analysis.root, 'monitor'), 'retrain'))),
  };
}

/** Every workspace pipeline that reads (unreadable ones are skipped: another area reports them). */
export async function workspaceMonitors(): Promise<PipelineMonitor[]> {
  const out: PipelineMonitor[] = [];
  for (const file of await findPipelines()) {
    try {
      out.push(readPipelineMonitor(file));
    } catch {
      // Unreadable or unparsable: the pipeline area's diagnostics say why.
    }
  }
  return out;
}
