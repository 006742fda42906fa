import * as assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import type { Frame, Page } from 'playwright-core';
import { repoRoot } from '../harness/paths';
import { openMlopsContainer, openWorkbenchWithVsix, runFromPalette, type WorkbenchSession } from './workbenchSession';

const cli = path.join(repoRoot, 'dist', 'cli.js');

/** Records a run with the packaged CLI, as a user's terminal or CI would. */
function recordRun(workspace: string, ...params: string[]): void {
  const result = spawnSync(process.execPath, [cli, 'run', '--force', ...params.flatMap((p) => ['-P', p])], { cwd: workspace, encoding: 'utf8' });
  assert.equal(result.status, 0, `mlops run failed:\n${result.stdout}\n${result.stderr}`);
}

async function compareFrame(page: Page): Promise<Frame> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    for (const frame of page.frames()) {
      if (await frame.$('#compare-root').catch(() => null)) return frame;
    }
    await page.waitForTimeout(250);
  }
  throw new Error('the Compare Runs webview did not appear');
}

async function selectRuns(page: Page, names: string[]): Promise<void> {
  const rows = page.locator('.part.sidebar .monaco-list-row');
  for (const [i, name] of names.entries()) {
    const row = rows.filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${name.replace(/[()]/g, '\\$&')}$`) }) }).first();
    await row.waitFor({ timeout: 30_000 });
    await row.click({ modifiers: i === 0 ? [] : ['Control'] });
  }
}

const legendNames = (frame: Frame) => frame.locator('.legend-entry .legend-name').allInnerTexts();

for (const theme of ['dark', 'light'] as const) {
  const slug = theme;

  describe(`Compare Runs panel in the real workbench (${slug} theme)`, () => {
    let session: WorkbenchSession | undefined;
    let live: ChildProcess | undefined;
    after(async () => {
      // Ctrl+C, as a user stops it: the CLI cancels the run and ends the training process too.
      if (live && live.exitCode === null) {
        const exited = new Promise((resolve) => live!.once('exit', resolve));
        live.kill('SIGINT');
        await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
      }
      await session?.close();
    });

    it('compares two selected runs with one canvas per metric, and streams a run started meanwhile', async () => {
      session = await openWorkbenchWithVsix({ theme });
      const { page, workspace } = session;
      recordRun(workspace, 'train.lr=0.3');
      recordRun(workspace, 'train.lr=0.1');

      await openMlopsContainer(page);
      await page.getByRole('button', { name: /Refresh Experiments/ }).first().click().catch(() => undefined);
      await selectRuns(page, ['pipeline (lr=0.3)', 'pipeline (lr=0.1)']);
      await runFromPalette(page, 'MLOps: Compare Runs');

      const frame = await compareFrame(page);
      await frame.locator('.chart-grid canvas').first().waitFor({ timeout: 30_000 });
      assert.deepEqual((await legendNames(frame)).sort(), ['pipeline (lr=0.1)', 'pipeline (lr=0.3)']);
      // One chart per metric with a per-step history: train/loss and train/accuracy from train.jsonl.
      assert.equal(await frame.locator('.chart-grid .uplot').count(), 2);

      // A run of the same experiment started now joins the panel and its curve grows while it trains.
      // Long enough to still be training when it joins; after() stops it.
      live = spawn(process.execPath, [cli, 'run', '--force', '-P', 'train.epochs=40000', '-P', 'train.lr=0.2'], { cwd: workspace, stdio: 'ignore' });
      await frame.locator('.legend-entry .legend-name', { hasText: 'pipeline (epochs=40000 lr=0.2)' }).waitFor({ timeout: 60_000 })
        .catch(async (error: unknown) => {
          await session?.screenshot(`compare-${slug}-no-live-run`);
          throw error;
        });
      const snapshot = () => frame.evaluate<string>("document.querySelector('.chart-grid canvas').toDataURL()");
      const before = await snapshot();
      await page.waitForTimeout(1500);
      assert.notEqual(await snapshot(), before, 'the chart did not change while the run trained');
      // Colours follow creation order within the experiment, as the tree's swatches do.
      const colours = await frame.evaluate<Record<string, string>>(`Object.fromEntries([...document.querySelectorAll('.legend-entry')]
        .map((e) => [e.querySelector('.legend-name').textContent, getComputedStyle(e.querySelector('.swatch')).backgroundColor]))`);
      assert.deepEqual(colours, {
        'pipeline (lr=0.3)': 'rgb(36, 123, 224)', // slot 0, mlops.runColour0 #247be0
        'pipeline (lr=0.1)': 'rgb(211, 30, 62)', // slot 1, #d31e3e
        'pipeline (epochs=40000 lr=0.2)': 'rgb(24, 165, 40)', // slot 2, #18a528
      });
      await session.screenshot(`compare-${slug}`);
    });
  });
}
