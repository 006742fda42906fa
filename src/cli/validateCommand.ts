import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { analyzePipeline, LineIndex } from '../core/pipeline/analyze';
import type { PipelineAnalysis, PipelineDiagnostic } from '../core/pipeline/analyze';
import type { CliCommand, CliIo } from './cliCommand';

const USAGE = 'mlops validate [FILE] [--format text|json]';

/** `mlops validate [FILE] [--format text|json]`: the editor's diagnostics for a pipeline file. */
export const validateCommand: CliCommand = {
  usage: 'validate [FILE] [--format text|json]',
  summary: 'check a pipeline file (default ./mlops.yaml) as the editor does',
  run(args: readonly string[], io: CliIo): Promise<number> {
    return Promise.resolve(validate(args, io));
  },
};

function validate(args: readonly string[], io: CliIo): number {
  let values: { format?: string | undefined; help?: boolean | undefined };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: [...args],
      allowPositionals: true,
      options: { format: { type: 'string', short: 'f' }, help: { type: 'boolean', short: 'h' } },
    }));
  } catch (error) {
    io.err(`mlops validate: ${error instanceof Error ? error.message : String(error)}. Usage: ${USAGE}\n`);
    return 2;
  }
  if (values.help) {
    io.out(`Usage: ${USAGE}\n\nChecks a pipeline file and its params file the way the editor does and prints\none line per problem: file:line:col: severity: message [code]. Exits 1 when there\nare errors, 0 otherwise.\n`);
    return 0;
  }
  const format = values.format ?? 'text';
  if (format !== 'text' && format !== 'json') {
    io.err(`mlops validate: --format must be 'text' or 'json', not '${format}'.\n`);
    return 2;
  }
  if (positionals.length > 1) {
    io.err(`mlops validate: give one pipeline file, not ${positionals.length}. Usage: ${USAGE}\n`);
    return 2;
  }
  const shown = positionals[0] ?? 'mlops.yaml';
  const file = path.resolve(io.cwd, shown);
  const text = readPipeline(file, shown, io);
  if (text === undefined) return 2;

  const dir = path.dirname(file);
  const paramsFile = analyzePipeline(text).paramsFile;
  const paramsText = readIfFile(path.resolve(dir, paramsFile));
  const analysis = analyzePipeline(text, {
    params: paramsText === undefined ? undefined : { text: paramsText, path: paramsFile },
    pathExists: (relative) => fs.existsSync(path.resolve(dir, relative)),
  });
  const errors = analysis.diagnostics.filter((d) => d.severity === 'error').length;
  if (format === 'json') io.out(`${JSON.stringify(asJson(shown, text, analysis), null, 2)}\n`);
  else io.out(asText(shown, text, analysis));
  return errors > 0 ? 1 : 0;
}

function readPipeline(file: string, shown: string, io: CliIo): string | undefined {
  try {
    if (fs.statSync(file).isDirectory()) {
      io.err(`mlops validate: ${shown} is a folder; give the pipeline file inside it, e.g. ${path.join(shown, 'mlops.yaml')}.\n`);
      return undefined;
    }
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') io.err(`mlops validate: ${shown} not found (looked for ${file}); give the pipeline file as an argument.\n`);
    else io.err(`mlops validate: cannot read ${shown} (${code ?? (error instanceof Error ? error.message : String(error))}).\n`);
    return undefined;
  }
}

function readIfFile(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined; // no params file: the analysis says so if params are used
  }
}

function asText(shown: string, text: string, analysis: PipelineAnalysis): string {
  const lines = new LineIndex(text);
  const out = analysis.diagnostics.map((d) => {
    const at = lines.positionAt(d.range.start);
    return `${shown}:${at.line + 1}:${at.character + 1}: ${d.severity}: ${oneLine(d.message)} [${d.code}]\n`;
  });
  const count = (severity: PipelineDiagnostic['severity']): number => analysis.diagnostics.filter((d) => d.severity === severity).length;
  const errors = count('error');
  const warnings = count('warning');
  if (analysis.diagnostics.length === 0) {
    out.push(`${shown}: no problems (${plural(analysis.stages.length, 'stage')})\n`);
  } else {
    out.push(`${shown}: ${plural(errors, 'error')}, ${plural(warnings, 'warning')}\n`);
  }
  return out.join('');
}

function asJson(shown: string, text: string, analysis: PipelineAnalysis): unknown {
  const lines = new LineIndex(text);
  return {
    file: shown,
    errors: analysis.diagnostics.filter((d) => d.severity === 'error').length,
    warnings: analysis.diagnostics.filter((d) => d.severity === 'warning').length,
    diagnostics: analysis.diagnostics.map((d) => {
      const start = lines.positionAt(d.range.start);
      const end = lines.positionAt(d.range.end);
      return {
        code: d.code,
        severity: d.severity,
        message: d.message,
        line: start.line + 1,
        column: start.character + 1,
        endLine: end.line + 1,
        endColumn: end.character + 1,
        range: d.range,
        ...(d.fixes ? { fixes: d.fixes.map((f) => f.title) } : {}),
      };
    }),
  };
}

function oneLine(message: string): string {
  return message.replace(/\s*\n\s*/g, ' ');
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
