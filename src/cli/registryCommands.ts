// `mlops register`, `mlops alias`, `mlops models`, `mlops audit`: the model registry and its
// audit trail from the command line (docs/registry.md; exit codes in docs/cli.md).
import * as path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { auditEntryText } from '../core/registry/auditText';
import { defaultProtectedAliases, type RegisteredModel } from '../core/registry/registryModel';
import { findImportSources } from '../node/runs/importedRuns';
import { auditPath, AuditLogError, verifyAuditLog } from '../node/registry/auditLog';
import { readMlflowRegistry } from '../node/registry/mlflowRegistry';
import { registerRun } from '../node/registry/registerRun';
import { registryDir } from '../node/registry/registryLayout';
import { listOwnModels, removeModelAlias, RegistryError, setModelAlias } from '../node/registry/registryStore';
import { whoAmI } from '../node/registry/whoAmI';
import type { CliCommand, CliIo } from './cliCommand';
import { textTable } from './textTable';

/** The folder holding mlops.yaml (the store sits in its `.mlops`). */
function workspace(io: CliIo, file: string | undefined): string {
  return path.resolve(io.cwd, file ? path.dirname(file) : '.');
}

function registryOf(io: CliIo, file: string | undefined): string {
  return registryDir(path.join(workspace(io, file), '.mlops'));
}

/** One sentence; 2 for the caller's input, 1 for a refusal or anything that failed. */
function failed(io: CliIo, command: string, error: unknown): number {
  const message = error instanceof Error ? error.message : String(error);
  io.err(`mlops ${command}: ${message}\n`);
  if (error instanceof RegistryError && error.code === 'bad-input') return 2;
  if (error instanceof RegistryError || error instanceof AuditLogError) return 1;
  return 1;
}

function usage(io: CliIo, command: string, message: string): number {
  io.err(`mlops ${command}: ${message}\n`);
  return 2;
}

function parse<T extends NonNullable<ParseArgsConfig['options']>>(io: CliIo, command: string, args: readonly string[], options: T) {
  try {
    return parseArgs<{ args: string[]; allowPositionals: true; options: T }>({ args: [...args], allowPositionals: true, options });
  } catch (error) {
    usage(io, command, error instanceof Error ? error.message : String(error));
    return undefined;
  }
}

const overrideOptions = { 'override-gates': { type: 'boolean' }, reason: { type: 'string' }, file: { type: 'string' } } as const;

/** `mlops register RUN [--name MODEL] [--description D] [--override-gates --reason R]` */
export const registerCommand: CliCommand = {
  usage: 'register RUN [--name MODEL] [--override-gates]',
  summary: "register a run's model as a new immutable version",
  async run(args, io) {
    const parsed = parse(io, 'register', args, { ...overrideOptions, name: { type: 'string' }, description: { type: 'string' } });
    if (!parsed) return 2;
    const { values, positionals } = parsed;
    if (positionals.length !== 1) return usage(io, 'register', 'give one run id (or a unique start of one); `mlops runs` lists them');
    if (values.reason !== undefined && !values['override-gates']) return usage(io, 'register', '--reason goes with --override-gates');
    try {
      const result = await registerRun({
        pipelineFile: path.resolve(io.cwd, values.file ?? 'mlops.yaml'),
        runRef: positionals[0]!,
        ...(values.name !== undefined ? { name: values.name } : {}),
        ...(values.description !== undefined ? { description: values.description } : {}),
        override: { override: values['override-gates'] === true, ...(values.reason !== undefined ? { reason: values.reason } : {}) },
      });
      const v = result.version;
      if (result.status === 'identical') {
        io.out(`Run ${result.run.id}'s model is already registered as version ${v.version} of ${v.model} (same content, sha256 ${v.artifactHash.slice(0, 12)}); nothing copied.\n`);
      } else {
        const note = v.gateOverride ? ` despite failing gates (reason recorded: ${v.gateOverride.reason})` : '';
        io.out(`Registered ${v.model}:${v.version} from run ${v.runId} (sha256 ${v.artifactHash.slice(0, 12)})${note}.\n`);
      }
      return 0;
    } catch (error) {
      return failed(io, 'register', error);
    }
  },
};

function aliasRun(args: readonly string[], io: CliIo): number {
  const parsed = parse(io, 'alias', args, { ...overrideOptions, protected: { type: 'string' } });
  if (!parsed) return 2;
  const { values, positionals } = parsed;
  const [verb, model, alias, versionText, ...extra] = positionals;
  const registry = registryOf(io, values.file);
  const protectedAliases = values.protected !== undefined ? values.protected.split(',').map((s) => s.trim()).filter((s) => s !== '') : defaultProtectedAliases;
  try {
    if (verb === 'set' && model && alias && versionText && extra.length === 0) {
      if (!/^[1-9][0-9]*$/.test(versionText)) return usage(io, 'alias', `'${versionText}' is not a version number; versions are 1, 2, 3…`);
      if (values.reason !== undefined && !values['override-gates']) return usage(io, 'alias', '--reason goes with --override-gates');
      const result = setModelAlias(registry, {
        model, alias, version: Number(versionText), who: whoAmI(workspace(io, values.file)), protectedAliases,
        override: { override: values['override-gates'] === true, ...(values.reason !== undefined ? { reason: values.reason } : {}) },
      });
      io.out(result.unchanged
        ? `${model}@${alias} already points at version ${versionText}.\n`
        : `${model}@${alias} → version ${versionText}${result.from !== undefined ? ` (was ${result.from})` : ''}.\n`);
      return 0;
    }
    if (verb === 'remove' && model && alias && versionText === undefined) {
      const result = removeModelAlias(registry, { model, alias, who: whoAmI(workspace(io, values.file)) });
      io.out(`Removed ${model}@${alias} (was version ${result.from}).\n`);
      return 0;
    }
    return usage(io, 'alias', 'write `mlops alias set MODEL ALIAS VERSION` or `mlops alias remove MODEL ALIAS`');
  } catch (error) {
    return failed(io, 'alias', error);
  }
}

/** `mlops alias set MODEL ALIAS VERSION [--override-gates --reason R] [--protected A,B]` and `mlops alias remove MODEL ALIAS` */
export const aliasCommand: CliCommand = {
  usage: 'alias set|remove MODEL ALIAS [VERSION]',
  summary: 'point an alias (production, staging, …) at a version, or remove it',
  run: (args, io) => Promise.resolve(aliasRun(args, io)),
};

function aliasesOf(model: RegisteredModel, version: number): string[] {
  return Object.entries(model.aliases).filter(([, v]) => v === version).map(([a]) => a).sort();
}

/** `mlops models [--format table|json]` */
export const modelsCommand: CliCommand = {
  usage: 'models [--format table|json]',
  summary: 'list registered models: versions, aliases, gate status, source run (with MLflow\'s registry)',
  async run(args, io) {
    const parsed = parse(io, 'models', args, { format: { type: 'string', default: 'table' }, file: { type: 'string' } });
    if (!parsed) return 2;
    const { values, positionals } = parsed;
    if (positionals.length > 0) return usage(io, 'models', 'takes no arguments');
    if (values.format !== 'table' && values.format !== 'json') return usage(io, 'models', `--format is table or json, not '${String(values.format)}'`);
    try {
      const root = workspace(io, values.file);
      const models = [...listOwnModels(registryOf(io, values.file))];
      for (const mlruns of (await findImportSources(root)).mlruns) models.push(...await readMlflowRegistry(mlruns));
      if (values.format === 'json') {
        io.out(`${JSON.stringify(models, null, 2)}\n`);
        return 0;
      }
      if (models.length === 0) {
        io.out('No models registered here yet. `mlops register RUN` registers a run\'s model.\n');
        return 0;
      }
      const rows = [['MODEL', 'VERSION', 'ALIASES', 'GATES', 'RUN', 'SOURCE']];
      for (const m of models) {
        for (const v of m.versions) {
          const gates = v.gatesPassed === undefined ? '-' : v.gatesPassed ? 'passed' : v.gateOverride ? 'failed (overridden)' : 'failed';
          rows.push([m.name, String(v.version), aliasesOf(m, v.version).join(',') || '-', gates, v.runId ?? '-', m.source === 'mlflow' ? 'MLflow (read-only)' : 'mlops']);
        }
      }
      io.out(textTable(rows));
      return 0;
    } catch (error) {
      return failed(io, 'models', error);
    }
  },
};

/** `mlops audit [MODEL] [--format table|json]` and `mlops audit verify` */
export const auditCommand: CliCommand = {
  usage: 'audit [MODEL] [--format table|json] | audit verify',
  summary: 'print the registry\'s audit trail, or verify that no entry was edited, deleted, inserted or reordered',
  async run(args, io) {
    const parsed = parse(io, 'audit', args, { format: { type: 'string', default: 'table' }, file: { type: 'string' } });
    if (!parsed) return 2;
    const { values, positionals } = parsed;
    if (positionals.length > 1) return usage(io, 'audit', 'give at most one model name, or `verify`');
    if (values.format !== 'table' && values.format !== 'json') return usage(io, 'audit', `--format is table or json, not '${String(values.format)}'`);
    const registry = registryOf(io, values.file);
    try {
      if (positionals[0] === 'verify') {
        const verdict = await verifyAuditLog(registry);
        if (verdict.valid) {
          io.out(`The audit trail is intact: ${verdict.entries.length} entr${verdict.entries.length === 1 ? 'y' : 'ies'}, each chained to the one before.\n`);
          return 0;
        }
        io.err(`mlops audit verify: ${auditPath(registry)}: ${verdict.problem.message}.\n`);
        return 1;
      }
      const verdict = await verifyAuditLog(registry);
      const entries = verdict.entries.filter((e) => positionals[0] === undefined || e.model === positionals[0]);
      if (!verdict.valid) io.err(`mlops audit: the trail is damaged from line ${verdict.problem.line} on (${verdict.problem.message}); showing the entries before it. \`mlops audit verify\` says more.\n`);
      if (values.format === 'json') io.out(`${JSON.stringify(entries, null, 2)}\n`);
      else if (entries.length === 0) io.out(positionals[0] ? `No audit entries for ${positionals[0]}.\n` : 'The audit trail is empty.\n');
      else io.out(`${entries.map(auditEntryText).join('\n')}\n`);
      return verdict.valid ? 0 : 1;
    } catch (error) {
      return failed(io, 'audit', error);
    }
  },
};
