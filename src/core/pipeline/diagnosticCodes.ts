// Every diagnostic code the pipeline checker reports. docs/pipeline.md documents each one, and a
// unit test keeps this list, the docs and the code in step.

export const DIAGNOSTIC_CODES: readonly string[] = [
  // YAML
  'yaml-syntax', 'yaml-warning', 'yaml-multi-document', 'yaml-too-deep', 'yaml-alias-limit', 'yaml-complex-key',
  // schema
  'empty-pipeline', 'wrong-type', 'unknown-key', 'missing-required', 'bad-enum', 'bad-format', 'bad-name',
  'out-of-range', 'empty-value', 'duplicate-key', 'duplicate-item',
  // stages and the graph
  'unknown-stage', 'unknown-stage-ref', 'bad-interpolation', 'cycle', 'duplicate-out', 'overlapping-out',
  'dep-produced-later', 'dep-missing', 'file-missing', 'path-outside',
  // params and sweeps
  'param-missing', 'params-file-missing', 'params-file-invalid', 'sweep-needs-one', 'sweep-param-missing',
  'sweep-param-unused', 'sweep-bad-range',
  // gates and deployment
  'bad-gate', 'deploy-needs-docker', 'deploy-needs-model', 'canary-needs-weight', 'weight-ignored',
  // the checker itself
  'too-many-problems', 'internal-error',
];
