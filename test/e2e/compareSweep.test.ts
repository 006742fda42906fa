// The Sweep tab of Compare Runs in the real workbench: one run must not break it (it used to
// throw from uPlot in the webview), a sweep over a few-valued param gets one x tick per value,
// and the header counts the metrics the Metrics table shows. One workbench for the whole file.

import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ConsoleMessage, Frame, Page } from 'playwright-core';
import { repoRoot, testOutputDir } from '../harness/paths';
import { clickTreeRow, openMlopsContainer, openWorkbenchWithVsix, runFromPalette, type WorkbenchSession } from './workbenchSession';

const cli = path.join(repoRoot, 'dist', 'cli.js');
/** Short runs: the Sweep tab needs final metrics, not a well-trained model. */
const EPOCHS = 'train.epochs=20';

/** Records a run with the packaged CLI, as a user's terminal or CI would. */
function recordRun(workspace: string, ...params: string[]): void {
  const result = spawnSync(process.execPath, [cli, 'run', '--force', ...params.flatMap((p) => ['-P', p])], { cwd: workspace, encoding: 'utf8' });
  assert.equal(result.status, 0, `mlops run failed:\n${result.stdout}\n${result.stderr}`);
}

/** The Compare Runs webview's frame once it shows `count` runs in its header. */
async function compareFrame(page: Page, count: number): Promise<Frame> {
  const summary = new RegExp(`^${count} runs? · `);
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    for (const frame of page.frames()) {
      const text = await frame.locator('#compare-root .summary').first().textContent({ timeout: 250 }).catch(() => null);
      if (text !== null && summary.test(text)) return frame;
    }
    await page.waitForTimeout(250);
  }
  const file = path.join(testOutputDir, 'e2e', `compare-sweep-no-panel-${count}.png`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  await page.screenshot({ path: file });
  throw new Error(`expected the Compare Runs panel to show ${count} runs within 60 s; it did not (screenshot: ${path.relative(repoRoot, file)})`);
}

async function compareRuns(page: Page, names: string[]): Promise<Frame> {
  await page.getByRole('button', { name: /Refresh Experiments/ }).first().click().catch(() => undefined);
  const rows = page.locator('.part.sidebar .monaco-list-row');
  for (const [i, name] of names.entries()) {
    const row = rows.filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${name.replace(/[().]/g, '\\$&')}$`) }) }).first();
    await row.waitFor({ timeout: 30_000 });
    await clickTreeRow(page, row, i === 0 ? [] : ['Control']);
  }
  await runFromPalette(page, 'MLOps: Compare Runs');
  return compareFrame(page, names.length);
}

async function openSweepTab(frame: Frame): Promise<void> {
  await frame.locator('vscode-tab-header', { hasText: 'Sweep' }).click();
  await frame.locator('#panel-sweep:not([hidden])').waitFor({ timeout: 10_000 });
}

describe('Compare Runs: the Sweep tab in the real workbench', () => {
  let session: WorkbenchSession | undefined;
  /** Uncaught errors and console errors raised by the webview's own script. */
  const webviewErrors: string[] = [];
  const fromWebview = (where: string): boolean => where.includes('webview');

  before(async () => {
    session = await openWorkbenchWithVsix();
    const { page, workspace } = session;
    page.on('pageerror', (error) => {
      if (fromWebview(error.stack ?? '')) webviewErrors.push(error.message);
    });
    page.on('console', (message: ConsoleMessage) => {
      if (message.type() === 'error' && fromWebview(message.location().url)) webviewErrors.push(message.text());
    });
    recordRun(workspace, EPOCHS, 'train.l2=0');
    await openMlopsContainer(page);
  });

  after(async () => {
    await session?.close();
  });

  it('shows one run without an error, saying what a sweep view needs', async () => {
    const { page } = session!;
    const frame = await compareRuns(page, ['pipeline (epochs=20 l2=0)']);
    await openSweepTab(frame);
    const note = frame.locator('#panel-sweep .empty-note:not([hidden])');
    await note.waitFor({ timeout: 10_000 });
    assert.match(await note.innerText(), /needs at least two shown runs that differ in a param/);
    // The error came from a ResizeObserver callback: give the layout a frame to settle first.
    await frame.evaluate('new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))');
    if (webviewErrors.length > 0) await session!.screenshot('compare-sweep-single-run');
    assert.equal(webviewErrors.join(' | '), '', 'expected no webview errors (screenshot: test-output/e2e/compare-sweep-single-run.png)');
  });

  it('gives a few-valued param one x tick per value, and counts the table’s metrics in the header', async () => {
    const { page, workspace } = session!;
    webviewErrors.length = 0; // this test's own
    recordRun(workspace, EPOCHS, 'train.l2=0.0005');
    recordRun(workspace, EPOCHS, 'train.l2=0.001');
    const frame = await compareRuns(page, ['pipeline (epochs=20 l2=0)', 'pipeline (epochs=20 l2=0.0005)', 'pipeline (epochs=20 l2=0.001)']);

    // Header and Metrics table: train/loss and train/accuracy per epoch, three test/… from eval.json.
    const summary = await frame.locator('#compare-root .summary').first().innerText();
    await frame.locator('vscode-tab-header', { hasText: 'Metrics' }).click();
    const columns = await frame.locator('#panel-metrics thead th').allInnerTexts();
    const metricColumns = columns.slice(3); // after Run, Status and Gates (the example has gates)
    assert.equal(metricColumns.length, 5, `Metrics table columns: ${columns.join(' | ')}`);
    assert.equal(summary, '3 runs · 5 metrics', `header "${summary}" for the table's ${metricColumns.length} metric columns`);

    // The scatter plots the only param that differs, train.l2, against the primary metric.
    await openSweepTab(frame);
    const scatter = frame.getByRole('img', { name: /against train\.l2/ });
    await scatter.waitFor({ timeout: 10_000 });
    const label = (await scatter.getAttribute('aria-label')) ?? '';
    assert.equal(label, 'test/accuracy against train.l2. x axis ticks: 0, 0.0005, 0.001.', `scatter described as "${label}"`);
    await session!.screenshot('compare-sweep');
    assert.equal(webviewErrors.join(' | '), '', 'expected no webview errors (screenshot: test-output/e2e/compare-sweep.png)');
  });
});
