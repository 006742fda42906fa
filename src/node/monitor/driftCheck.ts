import { ReferenceColumn } from '../../core/monitor/columnBuilder';
import type { Cell } from '../../core/monitor/columnBuilder';
import { DriftInputError } from '../../core/monitor/driftInputError';
import { driftReport } from '../../core/monitor/driftReport';
import type { DriftReport, DriftSettings } from '../../core/monitor/driftReport';
import { featureStatistics } from '../../core/monitor/featureDrift';
import type { FeatureStatistics, LiveSample } from '../../core/monitor/featureDrift';
import { checkColumns, LiveColumn } from '../../core/monitor/liveColumns';
import { buildReferenceProfile } from '../../core/monitor/referenceProfile';
import type { FeatureProfile, ReferenceProfile } from '../../core/monitor/referenceProfile';
import type { NumericComparison } from '../../core/monitor/numericComparison';
import { sha256File } from '../hashing/sha256';
import { compareColumns } from './columnWorker';
import { cacheFile, loadProfile, saveProfile } from './profileCache';
import { readTable } from './tableReader';

export interface DriftCheckOptions {
  readonly reference: string;
  readonly live: string;
  /** Where the reference profile is cached (the pipeline's `.mlops/drift`); none: no cache. */
  readonly cacheDir?: string;
  readonly settings: DriftSettings;
  /** The reference column the live `outputs` are compared with (prediction drift). */
  readonly outputColumn?: string;
  /** Names used in messages (paths as the user gave them). */
  readonly shownReference?: string;
  readonly shownLive?: string;
}

export interface DriftCheckResult {
  readonly report: DriftReport;
  /** True when the reference profile came from the cache (nothing was re-read or sorted). */
  readonly profileFromCache: boolean;
  readonly liveRows: number;
}

export const PREDICTION_NAME = '(prediction)';

/** Reference profile (cached by content hash) + streamed live file → the drift report. */
export async function runDriftCheck(options: DriftCheckOptions): Promise<DriftCheckResult> {
  const shownRef = options.shownReference ?? options.reference;
  const shownLive = options.shownLive ?? options.live;
  const { profile, fromCache } = await referenceProfile(options.reference, shownRef, options.cacheDir);
  const output = options.outputColumn ? profile.features.find((f) => f.name === options.outputColumn) : undefined;
  if (options.outputColumn && !output) throw new DriftInputError('COLUMN_MISMATCH', `monitor.output names "${options.outputColumn}", which is not a column of ${shownRef}.`);
  const inputs = profile.features.filter((f) => f !== output);
  const columns = inputs.map((f) => new LiveColumn(f, shownLive));
  const outputs = output ? new LiveColumn({ name: output.name, kind: output.kind }, `the outputs of ${shownLive}`) : undefined;
  let order: number[] = [];
  const liveRows = await readTable(options.live, {
    header: (names) => {
      checkColumns(inputs.map((f) => f.name), names, shownLive, shownRef);
      order = inputs.map((f) => names.indexOf(f.name));
    },
    row: (cells: readonly Cell[], row: number) => {
      for (let i = 0; i < columns.length; i++) columns[i]!.add(cells[order[i]!], row);
    },
    numbers: (values: Float64Array, row: number) => {
      for (let i = 0; i < columns.length; i++) columns[i]!.addNumber(values[order[i]!]!, row);
    },
    expectRows: (rows) => {
      for (const column of columns) if (column.profile.kind === 'numeric') column.numbers.reserve(rows);
    },
    columns: (values: readonly Float64Array[], firstRow: number) => {
      for (let i = 0; i < columns.length; i++) columns[i]!.addNumbers(values[order[i]!]!, firstRow);
    },
    outputs: outputs ? (cells, row) => cells.forEach((cell, i) => outputs.add(cell, row + i)) : undefined,
  });
  if (liveRows === 0) throw new DriftInputError('EMPTY_FILE', `${shownLive} has no data rows; the drift check needs live rows to compare.`);
  if (liveRows < 2) throw new DriftInputError('TOO_FEW_ROWS', `${shownLive} has only 1 row; a distribution needs at least 2 rows.`);
  const compared = await compareNumericColumns([...inputs, ...(output ? [output] : [])], [...columns, ...(outputs ? [outputs] : [])]);
  const statistics: FeatureStatistics[] = inputs.map((f, i) => featureStatistics(f, liveSample(columns[i]!, compared[i])));
  if (output && outputs && outputs.size >= 2) statistics.push({ ...featureStatistics(output, liveSample(outputs, compared[inputs.length])), name: PREDICTION_NAME });
  return { report: driftReport(statistics, options.settings, PREDICTION_NAME), profileFromCache: fromCache, liveRows };
}

/** The comparison of every numeric feature's live values with its reference, by position (undefined for categorical ones). */
async function compareNumericColumns(profiles: readonly FeatureProfile[], columns: readonly LiveColumn[]): Promise<(NumericComparison | undefined)[]> {
  const numeric = profiles.flatMap((p, i) => (p.kind === 'numeric' && columns[i]!.numbers.length >= 1 ? [{ i, job: { reference: p.sorted, edges: p.edges, live: columns[i]!.numbers.values() } }] : []));
  const results = await compareColumns(numeric.map((n) => n.job));
  const byPosition = new Array<NumericComparison | undefined>(profiles.length);
  numeric.forEach((n, k) => (byPosition[n.i] = results[k]));
  return byPosition;
}

function liveSample(column: LiveColumn, compared: NumericComparison | undefined): LiveSample {
  return column.profile.kind === 'numeric' && compared ? { kind: 'numeric', compared } : { kind: 'categorical', counts: column.counts };
}

async function referenceProfile(file: string, shown: string, cacheDir: string | undefined): Promise<{ profile: ReferenceProfile; fromCache: boolean }> {
  const target = cacheDir ? cacheFile(cacheDir, await sha256File(file)) : undefined;
  const cached = target ? loadProfile(target) : undefined;
  if (cached) return { profile: cached, fromCache: true };
  let columns: ReferenceColumn[] = [];
  const rows = await readTable(file, {
    header: (names) => {
      columns = names.map((n) => new ReferenceColumn(n));
    },
    row: (cells, row) => {
      for (let i = 0; i < columns.length; i++) columns[i]!.add(cells[i], row);
    },
    numbers: (values, row) => {
      for (let i = 0; i < columns.length; i++) columns[i]!.add(values[i], row);
    },
    expectRows: (rows) => {
      for (const column of columns) column.numbers.reserve(rows);
    },
  });
  const profile = buildReferenceProfile(columns, rows, shown);
  if (target) saveProfile(target, profile);
  return { profile, fromCache: false };
}
