// Which project files go into the image's build context, with Docker's .dockerignore semantics, so
// the builder can tar exactly those and report the size it sends.
import ignore from '@balena/dockerignore';
import { normalizePath } from '../pipeline/paths';
import { SHIPPED_SERVER } from './dockerfilePlan';
import type { DockerfileSpec } from './dockerfilePlan';

export interface BuildContextPlan {
  /** Project files to send, relative to the context folder, '/'-separated, sorted. */
  files: string[];
  /** How many project files the .dockerignore kept out. */
  excludedCount: number;
  /** Files the builder adds from the extension, not from the project (the shipped server). */
  shipped: string[];
  /** One sentence per file the Dockerfile copies that would not be in the context. */
  problems: string[];
}

/**
 * `files`: every file of the project, relative to the pipeline's folder. `Dockerfile` and
 * `.dockerignore` are always sent, as the docker CLI does, even when the .dockerignore names them.
 */
export function planBuildContext(files: readonly string[], dockerignore: string, spec: DockerfileSpec): BuildContextPlan {
  const rules = ignore({ ignorecase: false }).add(dockerignore.split(/\r?\n/));
  const shipped = spec.serve === undefined ? [SHIPPED_SERVER] : [];
  const kept: string[] = [];
  let excludedCount = 0;
  for (const raw of files) {
    const file = normalizePath(raw);
    if (file === undefined || file === '.' || file.startsWith('/') || file.startsWith('../')) continue;
    // The shipped server replaces a project file of the same name, so the image serves what we ship.
    if (shipped.includes(file)) continue;
    if (file === 'Dockerfile' || file === '.dockerignore' || !rules.ignores(file)) kept.push(file);
    else excludedCount++;
  }
  kept.sort();
  const problems: string[] = [];
  const needed: [string, string | undefined][] = [
    ['docker.requirements', spec.requirements],
    ['docker.serve', spec.serve],
    ['model.module', spec.modelModule],
    ['model.path', spec.modelPath],
  ];
  for (const [key, path] of needed) {
    const p = path === undefined ? undefined : normalizePath(path);
    if (p === undefined) continue;
    if (kept.some((f) => f === p || f.startsWith(`${p}/`))) continue;
    const inProject = files.some((f) => { const n = normalizePath(f); return n === p || n?.startsWith(`${p}/`); });
    problems.push(inProject
      ? `'${key}: ${path}' is left out of the build context by .dockerignore; remove the pattern that matches it.`
      : `'${key}: ${path}' does not exist in the pipeline's folder; run the pipeline or fix the path.`);
  }
  return { files: kept, excludedCount, shipped, problems };
}
