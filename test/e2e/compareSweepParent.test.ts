import * as assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Frame } from 'playwright-core';
import { repoRoot } from '../harness/paths';
import { clickTreeRow, openMlopsContainer, openWorkbenchWithVsix, runFromPalette, waitUntil, type WorkbenchSession } from './workbenchSession';

const cli = path.join(repoRoot, 'dist', 'cli.js');
/** examples/iris sweeps train.lr × train.l2: 3 × 2 children. Few epochs keep it quick. */
const CHILDREN = 6;
const SWEEP_ARGS = ['run', '--sweep', '--force', '-P', 'train.epochs=30'];
const isParentName = (name: string) => /^sweep of \d+/.test(name);

interface LegendEntry { name: string; lastStep: number | null }

// Page scripts are strings: the tests compile without the DOM library.
const legend = (frame: Frame) => frame.evaluate<LegendEntry[]>(`[...document.querySelectorAll('.legend-entry')].map((e) => ({
  name: e.querySelector('.legend-name')?.textContent ?? '',
  lastStep: e.dataset.lastStep === undefined ? null : Number(e.dataset.lastStep),
}))`);

const describeLegend = (entries: LegendEntry[]) =>
  `${entries.length} legend entries: ${entries.map((e) => `${e.name} (last step ${String(e.lastStep)})`).join(', ')}`;

async function compareFrame(session: WorkbenchSession): Promise<Frame> {
  let found: Frame | undefined;
  await waitUntil(session, { expected: 'the Compare Runs webview', screenshot: 'compare-sweep-no-panel' }, async () => {
    for (const frame of session.page.frames()) {
      if (await frame.$('#compare-root').catch(() => null)) { found = frame; return true; }
    }
    return false;
  }, (ok) => ok, () => 'no frame with #compare-root');
  return found!;
}

/** Runs the packaged CLI in the workspace, as a user's terminal would. */
function mlops(workspace: string, ...args: string[]): void {
  const result = spawnSync(process.execPath, [cli, ...args], { cwd: workspace, encoding: 'utf8' });
  assert.equal(result.status, 0, `mlops ${args.join(' ')} failed: ${result.stderr.split('\n').slice(-3).join(' ')}`);
}

describe('Compare Runs on a sweep in the real workbench', () => {
  let session: WorkbenchSession | undefined;
  let sweep: ChildProcess | undefined;
  after(async () => {
    if (sweep && sweep.exitCode === null) {
      const exited = new Promise((resolve) => sweep!.once('exit', resolve));
      sweep.kill('SIGINT');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
    }
    await session?.close();
  });

  const clickRun = async (s: WorkbenchSession, label: RegExp) => {
    const row = s.page.locator('.part.sidebar .monaco-list-row', { has: s.page.locator('.label-name', { hasText: label }) }).first();
    await row.waitFor({ timeout: 60_000 });
    await clickTreeRow(s.page, row);
  };

  // A plain run and a finished sweep, recorded as a user's terminal would.
  before(async () => {
    session = await openWorkbenchWithVsix();
    mlops(session.workspace, 'run', '--force', '-P', 'train.epochs=30');
    mlops(session.workspace, ...SWEEP_ARGS);
    await openMlopsContainer(session.page);
    await session.page.getByRole('button', { name: /Refresh Experiments/ }).first().click().catch(() => undefined);
  });

  it('compares a finished sweep parent as its children', async () => {
    const s = session!;
    await clickRun(s, /^sweep ×\d+$/);
    await runFromPalette(s.page, 'MLOps: Compare Runs');
    const f = await compareFrame(s);
    // Every child with a drawn curve, and no entry for the parent (it logs no metrics).
    await waitUntil(s, { expected: `the ${CHILDREN} children of the sweep, each with a drawn curve, and not the parent`, screenshot: 'compare-sweep-parent' },
      () => legend(f),
      (entries) => entries.length === CHILDREN && entries.every((e) => e.lastStep !== null && !isParentName(e.name)),
      describeLegend);
    s.assertNoWebviewErrors();
  });

  it('adds the children of a sweep started while the panel is open, with their curves, and not its parent', async () => {
    const s = session!;
    await clickRun(s, /^pipeline \(epochs=30\)$/);
    await runFromPalette(s.page, 'MLOps: Compare Runs');
    const f = await compareFrame(s);
    await waitUntil(s, { expected: 'the one plain run in the legend', screenshot: 'compare-sweep-plain' },
      () => legend(f), (entries) => entries.length === 1 && entries[0]!.lastStep !== null, describeLegend);

    sweep = spawn(process.execPath, [cli, ...SWEEP_ARGS], { cwd: s.workspace, stdio: 'ignore' });
    // Stops early when the parent shows up: that is already the failure.
    const joined = await waitUntil(s, { expected: `1 + ${CHILDREN} runs with drawn curves and no sweep parent`, screenshot: 'compare-sweep-joined', timeoutMs: 180_000 },
      () => legend(f),
      (entries) => entries.some((e) => isParentName(e.name)) || (entries.length === 1 + CHILDREN && entries.every((e) => e.lastStep !== null)),
      describeLegend);
    if (joined.some((e) => isParentName(e.name))) {
      const file = await s.screenshot('compare-sweep-parent-joined');
      assert.fail(`expected the new sweep to join as its children only; saw its parent: ${describeLegend(joined)} (screenshot: ${path.relative(repoRoot, file)})`);
    }
    s.assertNoWebviewErrors();
  });
});
