import * as fs from 'node:fs';
import * as path from 'node:path';
import { engine } from '../engine';

export interface PipelineFacts {
  readonly primaryMetric?: string | undefined;
  readonly goal?: 'maximize' | 'minimize' | undefined;
}

/** The `metrics:` section of a folder's mlops.yaml, re-read only when the file changes. */
export function pipelineFactsReader(): (dir: string) => PipelineFacts {
  const cache = new Map<string, { mtimeMs: number; facts: PipelineFacts }>();
  return (dir) => {
    const file = path.join(dir, 'mlops.yaml');
    try {
      const { mtimeMs } = fs.statSync(file);
      const hit = cache.get(file);
      if (hit?.mtimeMs === mtimeMs) return hit.facts;
      const metrics = engine().analyzePipeline(fs.readFileSync(file, 'utf8')).model.metrics;
      const facts = { primaryMetric: metrics?.primary, goal: metrics?.goal };
      cache.set(file, { mtimeMs, facts });
      return facts;
    } catch {
      return {};
    }
  };
}
