import * as path from 'node:path';
import { parseArgs } from 'node:util';
import type { RunRecord } from '../core/runs/runModel';
import { RunStore } from '../node/runs/runStore';
import type { CliCommand, CliIo } from './cliCommand';
import { textTable } from './textTable';

function ago(ms: number): string {
  const minutes = Math.round((Date.now() - ms) / 60_000);
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  if (minutes < 48 * 60) return `${Math.round(minutes / 60)} h ago`;
  return new Date(ms).toISOString().slice(0, 10);
}

function metricsText(run: RunRecord, limit = 3): string {
  return Object.entries(run.metrics).slice(0, limit).map(([k, v]) => `${k}=${Number.isInteger(v) ? v : v.toPrecision(4)}`).join(' ');
}

/** `passed`, `failed N` (how many gates it failed), or `—` for a run with no stored gate results. */
export function gatesText(run: RunRecord): string {
  if (!run.gates || run.gates.length === 0) return '—';
  const failed = run.gates.filter((g) => !g.passed).length;
  return failed === 0 ? 'passed' : `failed ${failed}`;
}

/** Opens the store of the current folder without creating one where there is none. */
async function openStore(io: CliIo, file: string | undefined): Promise<RunStore> {
  return RunStore.forWorkspace(path.resolve(io.cwd, file ? path.dirname(file) : '.'));
}

/** `mlops runs [--format table|json]` */
export const runsCommand: CliCommand = {
  usage: 'runs [--format table|json]',
  summary: 'list the recorded runs (with MLflow and DVCLive runs found here)',
  async run(args, io) {
    let values;
    try {
      ({ values } = parseArgs({ args: [...args], options: { format: { type: 'string', default: 'table' }, file: { type: 'string' } } }));
    } catch (error) {
      io.err(`mlops runs: ${error instanceof Error ? error.message : String(error)}\n`);
      return 2;
    }
    if (values.format !== 'table' && values.format !== 'json') {
      io.err(`mlops runs: --format is table or json, not '${values.format}'\n`);
      return 2;
    }
    const store = await openStore(io, values.file);
    try {
      const runs = await store.listRuns({ includeImported: true });
      if (values.format === 'json') {
        io.out(`${JSON.stringify(runs, null, 2)}\n`);
      } else if (runs.length === 0) {
        io.out('No runs recorded here yet. `mlops run` runs the pipeline in mlops.yaml and records it.\n');
      } else {
        io.out(textTable([
          ['ID', 'NAME', 'EXPERIMENT', 'STATUS', 'GATES', 'CREATED', 'METRICS'],
          ...runs.map((r) => [r.id, r.name, r.experiment, r.status, gatesText(r), ago(r.createdAt), metricsText(r)]),
        ]));
      }
      return 0;
    } finally {
      store.close();
    }
  },
};

/** `mlops show RUN` (an id, or a unique prefix of one) */
export const showCommand: CliCommand = {
  usage: 'show RUN',
  summary: 'one run: params, final metrics, stages, git and artifacts',
  async run(args, io) {
    const [wanted, ...extra] = args;
    if (wanted === undefined || extra.length > 0) {
      io.err('mlops show: give one run id (or a unique start of one); `mlops runs` lists them\n');
      return 2;
    }
    const store = await openStore(io, undefined);
    try {
      const matches = (await store.listRuns({ includeImported: true })).filter((r) => r.id === wanted || r.id.startsWith(wanted));
      if (matches.length !== 1) {
        io.err(matches.length === 0 ? `mlops show: there is no run '${wanted}' here\n` : `mlops show: '${wanted}' matches ${matches.length} runs; give more of the id\n`);
        return 1;
      }
      const run = matches[0]!;
      const lines = [
        `${run.name}  (${run.id})`,
        `  experiment  ${run.experiment}`,
        `  status      ${run.status}`,
        `  created     ${new Date(run.createdAt).toISOString()}`,
        ...(run.git?.commit ? [`  git         ${run.git.commit.slice(0, 12)}${run.git.branch ? ` on ${run.git.branch}` : ''}${run.git.dirty ? ' + uncommitted changes' : ''}`] : []),
        ...(run.parentId ? [`  sweep of    ${run.parentId}`] : []),
        '  params',
        ...Object.entries(run.params).map(([k, v]) => `    ${k} = ${JSON.stringify(v)}`),
        '  metrics',
        ...Object.entries(run.metrics).map(([k, v]) => `    ${k} = ${v}`),
        ...(run.gates && run.gates.length > 0 ? [`  gates       ${gatesText(run)}`, ...run.gates.map((g) => `    ${g.passed ? '✓' : '✗'} ${g.expression}  (${g.actual === 'missing' ? 'not recorded' : g.actual})`)] : []),
        '  stages',
        ...run.stages.map((s) => `    ${s.name}: ${s.status}${s.exitCode ? ` (exit ${s.exitCode})` : ''}`),
        '  artifacts',
        ...run.artifacts.map((a) => `    ${a.path}  ${a.hash ?? 'missing'}`),
      ];
      io.out(`${lines.join('\n')}\n`);
      return 0;
    } finally {
      store.close();
    }
  },
};
