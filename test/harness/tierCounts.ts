import * as fs from 'node:fs';
import * as path from 'node:path';
import { testOutputDir } from './paths';

export interface TierCounts { passed: number; failed: number; skipped: number }

/** Each tier leaves its counts in test-output/<tier>.counts.json for scripts/test.mjs to add up. */
export function writeTierCounts(tier: string, counts: TierCounts): void {
  fs.mkdirSync(testOutputDir, { recursive: true });
  fs.writeFileSync(path.join(testOutputDir, `${tier}.counts.json`), JSON.stringify(counts));
}
