import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseInputExample, type InputExample } from '../../core/deploy/contractCheck';
import { isStrategy, type Strategy } from '../../core/deploy/labels';
import { engine } from '../engine';
import { findPipelines } from '../pipeline/pipelineFiles';

export interface PipelineDeploy {
  readonly model?: string;
  readonly strategy: Strategy;
  readonly weight?: number;
  readonly port: number;
  /** The parsed `model.example` (dataframe_split), or why there is none to send. */
  readonly example: { readonly ok: true; readonly example: InputExample } | { readonly ok: false; readonly message: string };
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
    example: readExample(pipeline.model?.example, examplePath),
  };
}

function readExample(named: string | undefined, file: string | undefined): PipelineDeploy['example'] {
  if (!named || !file) return { ok: false, message: "The pipeline's model: names no example; add `example:` (an input in the dataframe_split shape) so a new version can be checked before it gets traffic." };
  if (!fs.existsSync(file)) return { ok: false, message: `The input example ${named} does not exist.` };
  return parseInputExample(fs.readFileSync(file, 'utf8'), named);
}

/** The input example of the workspace pipeline whose model is `model` (for Send Test Request). */
export async function exampleOfModel(model: string): Promise<InputExample> {
  for (const file of await findPipelines()) {
    try {
      const facts = pipelineDeploy(file.fsPath);
      if (facts.model?.toLowerCase() === model.toLowerCase() && facts.example.ok) return facts.example.example;
    } catch {
      // An unreadable pipeline is another area's diagnostic; look at the next one.
    }
  }
  throw new Error(`No pipeline in this workspace has model ${model} with a model.example to send.`);
}
