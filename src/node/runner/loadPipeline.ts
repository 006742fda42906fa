import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { analyzePipeline, LineIndex, paramsFileOf } from '../../core/pipeline/analyze';
import type { PipelineModel } from '../../core/pipeline/types';
import type { Params } from '../../core/runner/runnableStage';
import { RunnerError } from '../../core/runner/runnerErrors';
import type { PipelineToRun } from './pipelineRunner';

export interface LoadedPipeline extends PipelineToRun {
  readonly model: PipelineModel;
  readonly paramsFile: string;
}

/**
 * Reads a pipeline file and its params file for running. A pipeline with errors is refused
 * (the same checks the editor shows); warnings do not stop a run.
 */
export function loadPipeline(file: string): LoadedPipeline {
  const dir = path.dirname(file);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    throw new RunnerError('invalid-pipeline', `Cannot read the pipeline file ${file}.`);
  }
  const paramsFile = paramsFileOf(text);
  const paramsPath = path.join(dir, paramsFile);
  const paramsText = fs.existsSync(paramsPath) ? fs.readFileSync(paramsPath, 'utf8') : undefined;
  const analysis = analyzePipeline(text, {
    ...(paramsText !== undefined ? { params: { text: paramsText, path: paramsFile } } : {}),
    pathExists: (relative) => fs.existsSync(path.join(dir, relative)),
  });
  const errors = analysis.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) {
    const where = new LineIndex(text).positionAt(errors[0]!.range.start);
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
    const firstError = errors[0]!.message.replace(/\.$/, '');
    throw new RunnerError('invalid-pipeline', `${path.basename(file)} has errors, so it was not run: line ${where.line + 1}: ${firstError}${more}.`);
  }
  let params: Params = {};
  if (paramsText !== undefined) {
    try {
      const parsed: unknown = parseYaml(paramsText);
      if (parsed !== null && parsed !== undefined && (typeof parsed !== 'object' || Array.isArray(parsed))) throw new Error('not a mapping');
      params = (parsed ?? {}) as Params;
    } catch {
      throw new RunnerError('invalid-pipeline', `${paramsFile} is not a YAML mapping of params, so the pipeline was not run.`);
    }
  }
  const model = analysis.model;
  const sweep = model.sweep;
  return {
    name: model.name ?? path.basename(dir),
    file,
    dir,
    model,
    paramsFile: analysis.paramsFile,
    params,
    gates: model.gates.map(({ metric, op, value }) => ({ metric, op, value })),
    stages: model.stages.map((s) => ({
      name: s.name, cmd: s.cmd, deps: s.deps, outs: s.outs, params: s.params, needs: s.needs, env: s.env,
      workdir: s.workdir ?? '.',
      ...(s.logs !== undefined ? { logs: s.logs } : {}),
      ...(s.metrics !== undefined ? { metrics: s.metrics } : {}),
    })),
    ...(sweep ? {
      sweep: {
        ...(sweep.matrix ? { matrix: sweep.matrix } : {}),
        ...(sweep.search ? { search: { samples: sweep.search.samples ?? 1, ...(sweep.search.seed !== undefined ? { seed: sweep.search.seed } : {}), params: sweep.search.params } } : {}),
        ...(sweep.parallel !== undefined ? { parallel: sweep.parallel } : {}),
      },
    } : {}),
  };
}
