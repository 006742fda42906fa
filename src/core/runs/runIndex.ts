import { splitLines } from './metricsLine';
import type { RunRecord } from './runModel';

/**
 * The index (docs/store.md, "Index"): `index/base.json` holds every run's summary as of its last
 * compaction; each writing process appends one line per change to its own `index/seg-*.jsonl`.
 * A line is a whole RunRecord, or a tombstone `{"id", "rev", "deleted": true}`.
 */
export interface IndexBase {
  readonly v: 1;
  /** Bytes of each segment already folded into `runs`. */
  readonly segments: Readonly<Record<string, number>>;
  readonly runs: readonly RunRecord[];
}

export interface Tombstone {
  readonly id: string;
  readonly rev: number;
  readonly deleted: true;
}

export type IndexEntry = RunRecord | Tombstone;

export function isTombstone(entry: IndexEntry): entry is Tombstone {
  return (entry as Tombstone).deleted === true;
}

/** Keeps, per id, the entry with the highest rev (a later line wins a tie). */
export class IndexMerger {
  readonly entries = new Map<string, IndexEntry>();

  add(entry: IndexEntry): void {
    const current = this.entries.get(entry.id);
    if (!current || entry.rev >= current.rev) this.entries.set(entry.id, entry);
  }

  /** Adds base.json's runs: one per id already, so no rev comparisons. */
  addBase(runs: readonly RunRecord[]): void {
    if (this.entries.size > 0) {
      for (const run of runs) this.add(run);
      return;
    }
    for (const run of runs) this.entries.set(run.id, run);
  }

  /** Adds every complete line of a segment's text (the text after the last newline is ignored). */
  addSegmentText(text: string): void {
    const { lines } = splitLines(text);
    for (const line of lines) {
      if (!line) continue;
      try {
        const entry = JSON.parse(line) as IndexEntry;
        if (typeof entry.id === 'string' && typeof entry.rev === 'number') this.add(entry);
      } catch {
        // A line only half written when its writer died is skipped, never shown.
      }
    }
  }

  runs(): RunRecord[] {
    const out: RunRecord[] = [];
    for (const entry of this.entries.values()) if (!isTombstone(entry)) out.push(entry);
    return out;
  }
}
