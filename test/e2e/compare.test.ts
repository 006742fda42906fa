import * as assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import type { Frame, Page } from 'playwright-core';
import { repoRoot } from '../harness/paths';
import { clickTreeRow, openMlopsContainer, openWorkbenchWithVsix, runFromPalette, waitUntil, type WorkbenchSession } from './workbenchSession';

const cli = path.join(repoRoot, 'dist', 'cli.js');

/** Records a run with the packaged CLI, as a user's terminal or CI would. */
function recordRun(workspace: string, ...params: string[]): void {
  const result = spawnSync(process.execPath, [cli, 'run', '--force', ...params.flatMap((p) => ['-P', p])], { cwd: workspace, encoding: 'utf8' });
  const lastLine = `${result.stderr}${result.stdout}`.trim().split('\n').pop() ?? '';
  assert.equal(result.status, 0, `expected mlops run to succeed; it exited with ${String(result.status)}: ${lastLine}`);
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
    await clickTreeRow(page, row, i === 0 ? [] : ['Control']);
  }
}

const legendNames = (frame: Frame) => frame.locator('.legend-entry .legend-name').allInnerTexts();

/** The last step the panel says it has drawn for a run (its legend entry's data-last-step). */
// Page scripts are strings: the tests compile without the DOM library.
const lastStepDrawn = (frame: Frame, runName: string) => frame.evaluate<number | null>(`(() => {
  const entry = [...document.querySelectorAll('.legend-entry')].find((e) => e.querySelector('.legend-name')?.textContent === ${JSON.stringify(runName)});
  const step = entry?.dataset.lastStep;
  return step === undefined ? null : Number(step);
})()`);

/** Fails in one line (expected, seen, screenshot file) when `seen` is not `expected`. */
async function expectEqual<T>(session: WorkbenchSession, seen: T, expected: T, what: string, screenshot: string): Promise<void> {
  if (JSON.stringify(seen) === JSON.stringify(expected)) return;
  const file = await session.screenshot(screenshot);
  assert.fail(`expected ${what} ${JSON.stringify(expected)}; saw ${JSON.stringify(seen)} (screenshot: ${path.relative(repoRoot, file)})`);
}

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
      await waitUntil(session, { expected: 'a drawn chart in the Compare Runs panel', screenshot: `compare-${slug}-no-chart` },
        () => frame.locator('.chart-grid canvas').count(), (n) => n > 0, (n) => `${n} canvases`);
      await expectEqual(session, (await legendNames(frame)).sort(), ['pipeline (lr=0.1)', 'pipeline (lr=0.3)'], 'legend', `compare-${slug}-legend`);
      // One chart per metric with a per-step history: train/loss and train/accuracy from train.jsonl.
      await expectEqual(session, await frame.locator('.chart-grid .uplot').count(), 2, 'number of charts', `compare-${slug}-charts`);

      // A run of the same experiment started now joins the panel and its curve grows while it trains.
      // Long enough to still be training when it joins; after() stops it.
      const liveName = 'pipeline (epochs=40000 lr=0.2)';
      live = spawn(process.execPath, [cli, 'run', '--force', '-P', 'train.epochs=40000', '-P', 'train.lr=0.2'], { cwd: workspace, stdio: 'ignore' });
      // The panel says which step of each run its charts have drawn: the live run's must advance.
      const first = await waitUntil(session, { expected: `the live run "${liveName}" in the legend with a drawn step`, screenshot: `compare-${slug}-no-live-run` },
        () => lastStepDrawn(frame, liveName), (step) => step !== null, (step) => `last step drawn ${String(step)}`);
      await waitUntil(session, { expected: `the live run's last drawn step to advance past ${String(first)}`, screenshot: `compare-${slug}-not-streaming` },
        () => lastStepDrawn(frame, liveName), (step) => step !== null && step > (first ?? Infinity), (step) => `last step drawn ${String(step)}`);
      // Colours follow creation order within the experiment, as the tree's swatches do.
      const colours = await frame.evaluate<Record<string, string>>(`Object.fromEntries([...document.querySelectorAll('.legend-entry')]
        .map((e) => [e.querySelector('.legend-name').textContent, getComputedStyle(e.querySelector('.swatch')).backgroundColor]))`);
      await expectEqual(session, colours, {
        'pipeline (lr=0.3)': 'rgb(36, 123, 224)', // slot 0, mlops.runColour0 #247be0
        'pipeline (lr=0.1)': 'rgb(211, 30, 62)', // slot 1, #d31e3e
        'pipeline (epochs=40000 lr=0.2)': 'rgb(24, 165, 40)', // slot 2, #18a528
      }, 'legend colours', `compare-${slug}-colours`);

      // The Metrics table's Gates column, in the theme's colours. The example's gates are
      // test/accuracy >= 0.9 and test/f1_macro >= 0.85; the live run has not finished (no gates).
      await frame.locator('vscode-tab-header', { hasText: 'Metrics' }).click();
      const gateCells = () => frame.evaluate<Record<string, string | null>>(`Object.fromEntries([...document.querySelectorAll('#panel-metrics tbody tr')]
        .map((tr) => [tr.querySelector('.run-link')?.textContent, tr.querySelector('td.gates')?.textContent ?? null]))`);
      await waitUntil(session, { expected: 'a Gates cell per run in the Metrics table', screenshot: `compare-${slug}-no-gates` },
        gateCells, (cells) => Object.keys(cells).length === 3 && Object.values(cells).every((c) => typeof c === 'string'));
      const byName = (cells: Record<string, string | null>) => Object.fromEntries(Object.entries(cells).sort(([a], [b]) => a.localeCompare(b)));
      await expectEqual(session, byName(await gateCells()), byName({
        'pipeline (lr=0.3)': 'failed: test/accuracy >= 0.9 (0.866667)',
        'pipeline (lr=0.1)': 'failed: test/accuracy >= 0.9 (0.833333), test/f1_macro >= 0.85 (0.848171)',
        [liveName]: '—',
      }), 'Gates cells', `compare-${slug}-gates`);
      const failedColour = await frame.evaluate<[string, string]>(`(() => {
        const probe = document.createElement('span');
        probe.style.color = 'var(--vscode-testing-iconFailed)';
        document.body.append(probe);
        const expected = getComputedStyle(probe).color;
        probe.remove();
        return [getComputedStyle(document.querySelector('#panel-metrics td.gates-failed')).color, expected];
      })()`);
      await expectEqual(session, failedColour[0], failedColour[1], 'a failed Gates cell in the theme\'s testing.iconFailed colour', `compare-${slug}-gates-colour`);
      await session.screenshot(`compare-${slug}`);
      session.assertNoWebviewErrors();
    });
  });
}
