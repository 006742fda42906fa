// Run-specific values of an image: its tag and build labels. They are passed to the build by the
// API (never written into the Dockerfile), so one Dockerfile serves every run.
import { LABEL, OCI_LABEL } from '../deploy/labels';

export interface LabelledRun {
  id: string;
  /** The git commit the run was made from, when known. */
  commit?: string;
  /** ISO-8601 time the image is built. */
  created: string;
}

export interface LabelledModel {
  name: string;
  version: string;
}

/** OCI + mlops.* labels for a model image. */
export function planImageLabels(run: LabelledRun, model: LabelledModel): Record<string, string> {
  const labels: Record<string, string> = {
    [OCI_LABEL.title]: model.name,
    [OCI_LABEL.version]: model.version,
    [OCI_LABEL.created]: run.created,
    [LABEL.managed]: 'true',
    [LABEL.model]: model.name,
    [LABEL.version]: model.version,
    [LABEL.run]: run.id,
  };
  if (run.commit) {
    labels[OCI_LABEL.revision] = run.commit;
    labels[LABEL.commit] = run.commit;
  }
  return labels;
}

/**
 * `<model>:<version>` as Docker accepts it: the repository part lower-case with runs of other
 * characters made '-', the tag limited to [A-Za-z0-9_.-] and 128 characters.
 */
export function planImageTag(model: LabelledModel): string {
  const repo = model.name.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '') || 'model';
  const tag = model.version.replace(/[^A-Za-z0-9_.-]+/g, '-').replace(/^[.-]+/, '').slice(0, 128) || 'latest';
  return `${repo}:${tag}`;
}
