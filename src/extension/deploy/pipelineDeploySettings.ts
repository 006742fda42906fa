import * as fs from 'node:fs';
import * as path from 'node:path';
import { isStrategy, type Strategy } from '../../core/deploy/labels';
import { engine } from '../engine';
import { findPipelines } from '../pipeline/pipelineFiles';

export interface PipelineDeploy {
  readonly model?: string;
  readonly strategy: Strategy;
  readonly weight?: number;
  readonly port: number;
  /** The parsed `model.example` (dataframe_split), when the pipeline names one that exists. */
  readonly example?: unknown;
}

/** Router port when `deploy.port` is absent. */
export const defaultRouterPort = 8080;

/** The `model:` and `deploy:` facts of one pipeline file. */
export function pipelineDeploy(pipelineFile: string): PipelineDeploy {
  const pipeline = engine().loadPipeline(pipelineFile).model;
  const strategy = pipeline.deploy?.strategy;
  const examplePath = pipeline.model?.example ? path.resolve(path.dirname(pipelineFile), pipeline.model.example) : undefined;
  return {
    ...(pipeline.model?.name ? { model: pipeline.model.name } : {}),
    strategy: isStrategy(strategy) ? strategy : 'blue-green',
    ...(pipeline.deploy?.weight !== undefined ? { weight: pipeline.deploy.weight } : {}),
    port: pipeline.deploy?.port ?? defaultRouterPort,
    ...(examplePath && fs.existsSync(examplePath) ? { example: JSON.parse(fs.readFileSync(examplePath, 'utf8')) as unknown } : {}),
  };
}

/** The input example of the workspace pipeline whose model is `model` (for Send Test Request). */
export async function exampleOfModel(model: string): Promise<unknown> {
  for (const file of await findPipelines()) {
    try {
      const facts = pipelineDeploy(file.fsPath);
      if (facts.model?.toLowerCase() === model.toLowerCase() && facts.example !== undefined) return facts.example;
    } catch {
      // An unreadable pipeline is another area's diagnostic; look at the next one.
    }
  }
  throw new Error(`No pipeline in this workspace has model ${model} with a model.example to send.`);
}
