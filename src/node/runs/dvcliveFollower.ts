import * as fs from 'node:fs';
import * as path from 'node:path';
import { toMetricNumber } from '../../core/runs/flatten';
import { toEpochMs } from '../../core/runs/metricsLine';
import type { ParsedLine } from '../../core/runs/metricsLine';
import { FileTailer } from './fileTailer';

type Point = ParsedLine['points'][number];

/** The metric TSVs under a DVCLive folder, keyed by metric name (`train/loss` for train/loss.tsv). */
export async function dvcliveMetricFiles(dvcliveDir: string): Promise<Map<string, string>> {
  const root = path.join(dvcliveDir, 'plots', 'metrics');
  const out = new Map<string, string>();
  const walk = async (dir: string, rel: string): Promise<void> => {
    const entries = await fs.promises.readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      const relPath = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) await walk(path.join(dir, entry.name), relPath);
      else if (entry.name.endsWith('.tsv')) out.set(relPath.slice(0, -4), path.join(dir, entry.name));
    }
  };
  await walk(root, '');
  return out;
}

/**
 * Follows a DVCLive folder while the training script writes it: every metric TSV (new ones
 * included) is tailed, and each new row becomes a point.
 */
export function followDvclive(dvcliveDir: string, onPoints: (points: Point[]) => void, intervalMs = 500): { stop(): Promise<void> } {
  const tailers = new Map<string, FileTailer>();
  const follow = (name: string, file: string, skipExisting: boolean) => {
    // A skipped file's header is its first line; a new file's header is the first line read.
    let header: string[] | undefined = skipExisting ? firstLineSync(file)?.split('\t') : undefined;
    const tailer = new FileTailer(file, (lines) => {
      const points: Point[] = [];
      for (const line of lines) {
        const cells = line.split('\t');
        if (!header || cells.includes('step')) {
          header = cells;
          continue;
        }
        const stepCol = header.indexOf('step');
        const tsCol = header.indexOf('timestamp');
        let valueCol = header.indexOf(name.split('/').pop() ?? name);
        if (valueCol < 0) valueCol = header.findIndex((_, i) => i !== stepCol && i !== tsCol);
        const raw = cells[valueCol] ?? '';
        const value = /^[-+]?(\d|\.\d)/.test(raw) ? Number(raw) : toMetricNumber(raw);
        if (value === undefined) continue;
        const step = stepCol >= 0 ? Number(cells[stepCol]) : undefined;
        points.push({ metric: name, value, step: Number.isFinite(step) ? step : undefined, timestamp: tsCol >= 0 ? toEpochMs(Number(cells[tsCol])) : undefined });
      }
      if (points.length > 0) onPoints(points);
    }, { intervalMs, skipExisting });
    tailers.set(name, tailer.start());
  };
  // TSVs there when following begins are an earlier run's: their rows so far are skipped (unless
  // rewritten). Found at once, synchronously, so nothing the new run writes is taken for old.
  for (const [name, file] of dvcliveMetricFilesSync(dvcliveDir)) follow(name, file, true);
  const discover = async () => {
    for (const [name, file] of await dvcliveMetricFiles(dvcliveDir)) if (!tailers.has(name)) follow(name, file, false);
  };
  let discovering = discover();
  const timer = setInterval(() => { discovering = discovering.then(discover, discover); }, intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await discovering.catch(() => undefined);
      await discover().catch(() => undefined);
      for (const tailer of tailers.values()) await tailer.stop();
    },
  };
}

function dvcliveMetricFilesSync(dvcliveDir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (dir: string, rel: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const relPath = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(path.join(dir, entry.name), relPath);
      else if (entry.name.endsWith('.tsv')) out.set(relPath.slice(0, -4), path.join(dir, entry.name));
    }
  };
  walk(path.join(dvcliveDir, 'plots', 'metrics'), '');
  return out;
}

function firstLineSync(file: string): string | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const end = text.indexOf('\n');
  return end < 0 ? undefined : text.slice(0, end).replace(/\r$/, '');
}
