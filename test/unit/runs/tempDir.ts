import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after } from 'node:test';

/** A fresh temp folder, removed when the test file ends. */
export function tempDir(prefix = 'mlops-runs-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Writes files given as relative path → content, creating folders. */
export function writeTree(root: string, files: Record<string, string | Buffer>): void {
  for (const [rel, content] of Object.entries(files)) {
    const file = path.join(root, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
  }
}

/**
 * Polls until the condition holds (events from tailers and followers arrive on timers). The
 * deadline only guards against a hang: on failure it says what was awaited and what was seen.
 */
export async function waitFor(what: string, condition: () => boolean, seen: () => unknown, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; saw ${JSON.stringify(seen())}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
