import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { DriftInputError } from '../core/monitor/driftInputError';
import { resolveSettings } from '../core/monitor/driftReport';
import { analyzePipeline } from '../core/pipeline/analyze';
import type { PipelineModel } from '../core/pipeline/types';
import { runDriftCheck } from '../node/monitor/driftCheck';
import type { CliCommand, CliIo } from './cliCommand';
import { driftReportText } from './driftReportText';

const USAGE = 'mlops drift [--reference A] [--current B] [--format text|json] [--pipeline FILE]';

/** `mlops drift`: live data against the reference; exit 0 no drift, 1 drift, 2 bad input. */
export const driftCommand: CliCommand = {
  usage: 'drift [--reference A] [--current B] [--format json]',
  summary: 'compare the live requests with the reference data (exit 0 no drift, 1 drift, 2 bad input)',
  run: drift,
};

async function drift(args: readonly string[], io: CliIo): Promise<number> {
  let values: { reference?: string; current?: string; format?: string; pipeline?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: [...args],
      options: { reference: { type: 'string' }, current: { type: 'string' }, format: { type: 'string', short: 'f' }, pipeline: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    }));
  } catch (error) {
    io.err(`mlops drift: ${error instanceof Error ? error.message : String(error)}. Usage: ${USAGE}\n`);
    return 2;
  }
  if (values.help) {
    io.out(`Usage: ${USAGE}\n\nCompares the live file (default monitor.live) with the reference (default\nmonitor.reference) per feature: PSI, KS or chi-square with a corrected p-value,\nJensen-Shannon distance. Exits 0 (no drift), 1 (drift) or 2 (bad input). See docs/monitor.md.\n`);
    return 0;
  }
  const format = values.format ?? 'text';
  if (format !== 'text' && format !== 'json') {
    io.err(`mlops drift: --format must be 'text' or 'json', not '${format}'.\n`);
    return 2;
  }
  const pipelineFile = path.resolve(io.cwd, values.pipeline ?? 'mlops.yaml');
  const monitor = readMonitor(pipelineFile);
  if (values.pipeline && !monitor.found) {
    io.err(`mlops drift: ${values.pipeline} not found.\n`);
    return 2;
  }
  const pipelineDir = path.dirname(pipelineFile);
  const pick = (flag: string | undefined, key: string | undefined, name: string) =>
    flag !== undefined ? { file: path.resolve(io.cwd, flag), shown: flag } : key !== undefined ? { file: path.resolve(pipelineDir, key), shown: key } : name;
  const reference = pick(values.reference, monitor.model?.reference, '--reference (or monitor.reference)');
  const live = pick(values.current, monitor.model?.live, '--current (or monitor.live)');
  for (const side of [reference, live]) {
    if (typeof side === 'string') {
      io.err(`mlops drift: no ${side.replace(/ .*/, '')} file; give ${side} in ${path.relative(io.cwd, pipelineFile) || 'mlops.yaml'}.\n`);
      return 2;
    }
    if (!fs.existsSync(side.file) || fs.statSync(side.file).isDirectory()) {
      io.err(`mlops drift: ${side.shown} is not a file (looked for ${side.file}).\n`);
      return 2;
    }
  }
  if (typeof reference === 'string' || typeof live === 'string') return 2;
  try {
    const result = await runDriftCheck({
      reference: reference.file, live: live.file, shownReference: reference.shown, shownLive: live.shown,
      cacheDir: path.join(pipelineDir, '.mlops', 'drift'),
      settings: resolveSettings(monitor.model),
      ...(monitor.model?.output ? { outputColumn: monitor.model.output } : {}),
    });
    if (format === 'json') io.out(`${JSON.stringify({ reference: reference.shown, live: live.shown, liveRows: result.liveRows, profileFromCache: result.profileFromCache, ...result.report }, null, 2)}\n`);
    else io.out(driftReportText(result.report, reference.shown, live.shown, result.liveRows, result.profileFromCache));
    return result.report.drifted ? 1 : 0;
  } catch (error) {
    if (error instanceof DriftInputError) {
      io.err(`mlops drift: ${error.message}\n`);
      return 2;
    }
    const code = (error as NodeJS.ErrnoException).code;
    io.err(`mlops drift: the check failed (${code ?? (error instanceof Error ? error.message : String(error))}).\n`);
    return 2;
  }
}

function readMonitor(file: string): { found: boolean; model: PipelineModel['monitor'] } {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return { found: false, model: undefined };
  }
  return { found: true, model: analyzePipeline(text).model.monitor };
}
