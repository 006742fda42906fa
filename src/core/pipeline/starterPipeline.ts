/**
 * The files "Create mlops.yaml" writes into a folder with no pipeline: one stage that runs as
 * it is (Python's standard library only) and writes a metric, so the first Run Pipeline
 * records a run, with comments that say what to replace.
 */
export interface StarterFiles {
  readonly pipeline: string;
  /** The params file to write, or undefined when the folder already has a params.yaml. */
  readonly params?: string;
}

const header = `# A starter pipeline, written by "MLOps: Create mlops.yaml". Replace the train stage's
# command with your own script; the editor checks this file as you type, and every key has a
# hover. The format is described by "MLOps: Open Pipeline Format Docs".
`;

const metrics = `
metrics:
  primary: accuracy
  goal: maximize
`;

// The command is a list (run without a shell), so the one-liner needs no shell quoting.
const withParams = `${header}params: params.yaml
${metrics}
stages:
  train:
    description: A placeholder that writes metrics.json; replace it with your training script
    cmd: [python3, -c, "import json, sys; json.dump({'accuracy': 1 - float(sys.argv[1])}, open('metrics.json', 'w'))", "\${params.train.lr}"]
    params: [train.lr]
    metrics: metrics.json
`;

// With someone's params.yaml already there, the starter reads none of it.
const withoutParams = `${header}${metrics}
stages:
  train:
    description: A placeholder that writes metrics.json; replace it with your training script
    cmd: [python3, -c, "import json; json.dump({'accuracy': 0.9}, open('metrics.json', 'w'))"]
    metrics: metrics.json
`;

const params = `# Params read by mlops.yaml. Changing one re-runs the stages that read it.
train:
  lr: 0.1
`;

export function starterFiles(paramsFileExists: boolean): StarterFiles {
  return paramsFileExists ? { pipeline: withoutParams } : { pipeline: withParams, params };
}
