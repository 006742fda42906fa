import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { repoRoot } from '../harness/paths';
import { openMlopsContainer, openWorkbenchWithVsix, runFromPalette, waitUntil, type WorkbenchSession } from './workbenchSession';

// The browser's, inside evaluate() callbacks (tests compile without the DOM library).
declare const getComputedStyle: (element: unknown) => { color: string; backgroundImage: string };

const welcomeButton = (page: Page, text: string) => page.locator('.part.sidebar .welcome-view-content .monaco-button', { hasText: text });
const treeRow = (page: Page, label: string) =>
  page.locator('.part.sidebar .monaco-list-row').filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${label.replace(/[()]/g, '\\$&')}$`) }) }).first();

/** Runs a check and, when it fails, saves a screenshot and names it in the failure. */
async function withScreenshot(session: WorkbenchSession, name: string, check: () => Promise<void>): Promise<void> {
  try {
    await check();
  } catch (error) {
    const file = await session.screenshot(name);
    if (error instanceof Error) error.message += ` (screenshot: ${file})`;
    throw error;
  }
}

/** The primary metric the example pipeline declares, as the tree shows it (last part of its name). */
function primaryMetricShortName(workspace: string): string {
  const primary = /^\s*primary:\s*(\S+)/m.exec(fs.readFileSync(path.join(workspace, 'mlops.yaml'), 'utf8'))?.[1];
  assert.ok(primary, 'the example declares no primary metric');
  return primary.split('/').pop()!;
}

/** The bits of the DOM read here (tests compile without the DOM library). */
interface Box { readonly scrollWidth: number; readonly clientWidth: number; readonly className: string }
interface RowElement { querySelectorAll(selector: string): ArrayLike<Box>; querySelector(selector: string): unknown }

/** A tree row's label colour, and which of its texts are cut (wider than their box). */
async function labelStyle(row: Locator): Promise<{ colour: string; cut: string[] }> {
  return row.evaluate((el) => {
    const element = el as unknown as RowElement;
    const cut = Array.from(element.querySelectorAll('.monaco-icon-label-container, .label-name, .label-description'))
      .filter((e) => e.scrollWidth > e.clientWidth)
      .map((e) => `${e.className}: ${e.scrollWidth} > ${e.clientWidth}`);
    return { colour: getComputedStyle(element.querySelector('.label-name')).color, cut };
  });
}

describe('MLOps views in the real workbench (packaged .vsix, example with a pipeline)', () => {
  let session: WorkbenchSession;
  before(async () => { session = await openWorkbenchWithVsix(); });
  after(async () => { await session?.close(); });

  it('runs the installed .vsix: the extension says it was loaded from the extensions folder, not the repository', async () => {
    assert.ok(session.installed.some((e) => e.startsWith('mlops-workbench.mlops-workbench@')), `installed: ${session.installed.join(', ')}`);
    const { page } = session;
    // The activity bar item appears once the workbench has read the extension's manifest.
    await page.locator('.activitybar [aria-label^="MLOps"]').first().waitFor({ timeout: 60_000 });
    await runFromPalette(page, 'MLOps: Show Logs');
    const line = page.locator('.part.panel .view-line', { hasText: 'loaded from' }).first();
    await withScreenshot(session, 'views-log', () => line.waitFor({ timeout: 60_000 }));
    // The Output view wraps long lines over several view lines (placed by their `top`): read
    // them in order and join them, so the path is whole whatever the panel's width.
    const text = (await page.evaluate<string>(`[...document.querySelectorAll('.part.panel .view-lines .view-line')]
      .map((e) => [parseFloat(e.style.top), e.textContent]).sort((a, b) => a[0] - b[0]).map((e) => e[1]).join('')`)).replace(/\u00a0/g, ' ');
    const { version } = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string };
    // openWorkbenchWithVsix installs into `extensions` beside the workspace copy.
    const installedAt = path.join(path.dirname(session.workspace), 'extensions', `mlops-workbench.mlops-workbench-${version}`);
    assert.ok(text.includes(`loaded from ${installedAt}`), `expected "loaded from ${installedAt}" in the MLOps log, it says: ${text.slice(0, 300)}`);
    assert.ok(!text.includes(`loaded from ${repoRoot}`), `the workbench loaded the development folder: ${text.slice(0, 300)}`);
  });

  it('shows the Experiments, Models and Deployments views; an empty Experiments view offers Run Pipeline', async () => {
    const { page } = session;
    await openMlopsContainer(page);
    const headers = await page.locator('.part.sidebar .pane-header h3.title').allInnerTexts();
    assert.deepEqual(headers.map((h) => h.trim().toLowerCase()), ['experiments', 'models', 'deployments']);
    // Expand the collapsed panes so every welcome view renders.
    for (const name of ['Models', 'Deployments']) {
      const header = page.locator(`.part.sidebar .pane-header[aria-label^="${name}"]`).first();
      if ((await header.getAttribute('aria-expanded')) !== 'true') await header.click();
    }
    await withScreenshot(session, 'views-empty', async () => {
      await page.getByText('No runs recorded yet.').waitFor({ timeout: 30_000 });
      await welcomeButton(page, 'Run Pipeline').waitFor();
      await page.getByText('No models registered yet.').waitFor();
      await page.getByText('Nothing deployed yet.').waitFor();
    });
    assert.equal(await welcomeButton(page, 'Create mlops.yaml').count(), 0, 'a workspace with a pipeline is offered Create mlops.yaml');
    await session.screenshot('mlops-views');
  });

  it('records a run from the empty state; its row keeps the default label colour, shows the metric and is not cut', async () => {
    const { page, workspace } = session;
    await welcomeButton(page, 'Run Pipeline').click();
    const metric = primaryMetricShortName(workspace);
    const first = treeRow(page, 'pipeline');
    await withScreenshot(session, 'views-first-run', () =>
      first.locator('.label-description', { hasText: new RegExp(`^${metric} 0\\.\\d+$`) }).waitFor({ timeout: 180_000 }));
    // A second run with a param changed, named as the runner names it, recorded from a shell.
    const cli = spawnSync(process.execPath, [path.join(repoRoot, 'dist', 'cli.js'), 'run', '--force', '-P', 'train.lr=0.3'], { cwd: workspace, encoding: 'utf8' });
    assert.equal(cli.status, 0, `mlops run failed: ${cli.stderr.split('\n').slice(-3).join(' ')}`);
    const second = treeRow(page, 'pipeline (lr=0.3)');
    await withScreenshot(session, 'views-second-run', () =>
      second.locator('.label-description', { hasText: new RegExp(`^${metric} 0\\.\\d+$`) }).waitFor({ timeout: 60_000 }));

    const group = await labelStyle(treeRow(page, 'iris'));
    for (const [row, swatch] of [[first, '#247be0'], [second, '#d31e3e']] as const) {
      const style = await labelStyle(row);
      const name = await row.locator('.label-name').innerText();
      await withScreenshot(session, 'views-run-rows', async () => {
        // The group row has no decoration: its label colour is the list's default foreground.
        assert.equal(style.colour, group.colour, `'${name}' is drawn in ${style.colour}, not the default ${group.colour}`);
        assert.deepEqual(style.cut, [], `'${name}' is cut at the default sidebar width: ${style.cut.join('; ')}`);
        // The run colour is in the icon's swatch, the same as the run's curve in Compare Runs.
        const image = await row.locator('.custom-view-tree-node-item-icon').evaluate((el) => getComputedStyle(el).backgroundImage);
        const svg = Buffer.from(/base64,([A-Za-z0-9+/=]+)/.exec(image)?.[1] ?? '', 'base64').toString('utf8');
        assert.match(svg, new RegExp(`class="swatch"[^>]*fill="${swatch}"`), `'${name}' has no ${swatch} swatch in its icon`);
      });
    }
    assert.deepEqual(group.cut, [], `the group row 'iris' is cut at the default sidebar width: ${group.cut.join('; ')}`);
    await session.screenshot('views-runs');
  });

  it('marks the run that fails a gate in its icon and lists each gate with its value in the tooltips', async () => {
    const { page } = session;
    // The example's gates: test/accuracy >= 0.9 and test/f1_macro >= 0.85. With its params the run
    // reaches 0.9 accuracy; with lr=0.3 it stops at 0.866667 accuracy (f1 0.878788).
    const glyphOf = async (row: Locator) => {
      const image = await row.locator('.custom-view-tree-node-item-icon').evaluate((el) => getComputedStyle(el).backgroundImage);
      return /class="(status[^"]*)"/.exec(Buffer.from(/base64,([A-Za-z0-9+/=]+)/.exec(image)?.[1] ?? '', 'base64').toString('utf8'))?.[1];
    };
    const passing = treeRow(page, 'pipeline');
    const failing = treeRow(page, 'pipeline (lr=0.3)');
    // The run recorded from the shell may still be drawn as running until the view's next refresh:
    // wait for the glyph a user sees once it is drawn finished.
    await waitUntil(session, { expected: "the run that fails a gate ('pipeline (lr=0.3)') to show the failed-gates glyph", screenshot: 'views-gates-icons' },
      () => glyphOf(failing), (glyph) => glyph === 'status gates-failed');
    await withScreenshot(session, 'views-gates-icons', async () => {
      assert.equal(await glyphOf(passing), 'status', "expected the run that passes its gates to keep the finished glyph");
    });
    const tooltipOf = async (row: Locator, heading: string) => {
      await page.mouse.move(0, 0); // a previous hover closes first
      await row.hover();
      const hover = page.locator('.monaco-hover, .workbench-hover', { hasText: heading }).first();
      const shown = await hover.waitFor({ timeout: 30_000 }).then(() => true, () => false);
      if (!shown) {
        const file = await session.screenshot('views-gates-tooltip');
        const seen = await page.locator('.monaco-hover, .workbench-hover').allInnerTexts();
        assert.fail(`expected a tooltip saying "${heading}" on hovering the row; saw ${JSON.stringify(seen.join(' | ').replace(/\s+/g, ' ').slice(0, 200))} (screenshot: ${path.relative(repoRoot, file)})`);
      }
      return (await hover.innerText()).replace(/\s+/g, ' ');
    };
    const failed = await tooltipOf(failing, 'Gates failed');
    for (const line of ['Gates failed: 1 of 2', '✗ test/accuracy >= 0.9: 0.866667', '✓ test/f1_macro >= 0.85: 0.878788']) {
      assert.ok(failed.includes(line), `expected "${line}" in the tooltip of 'pipeline (lr=0.3)'; it says: ${failed.slice(0, 300)}`);
    }
    const passed = await tooltipOf(passing, 'Gates passed');
    assert.ok(passed.includes('✓ test/accuracy >= 0.9: 0.9'), `expected "✓ test/accuracy >= 0.9: 0.9" in the tooltip of 'pipeline'; it says: ${passed.slice(0, 300)}`);
    await page.mouse.move(0, 0);
    await session.screenshot('views-gates');
  });
});

describe('MLOps views in the real workbench (packaged .vsix, folder without a pipeline)', () => {
  let session: WorkbenchSession;
  // A fixture folder, passed the way openWorkbenchWithVsix takes an example's folder.
  before(async () => { session = await openWorkbenchWithVsix({ example: path.join('..', 'test', 'fixtures', 'no-pipeline') }); });
  after(async () => { await session?.close(); });

  it('offers Create mlops.yaml, which writes a starter pipeline, opens it, and then offers Run Pipeline and the docs', async () => {
    const { page, workspace } = session;
    await openMlopsContainer(page);
    await withScreenshot(session, 'views-no-pipeline', () => welcomeButton(page, 'Create mlops.yaml').waitFor({ timeout: 60_000 }));
    assert.equal(await welcomeButton(page, 'Run Pipeline').count(), 0, 'Run Pipeline is offered with nothing to run');
    assert.ok(await page.locator('.part.sidebar .welcome-view-content a', { hasText: 'pipeline format' }).count() > 0, 'no link to the pipeline docs');

    await welcomeButton(page, 'Create mlops.yaml').click();
    await withScreenshot(session, 'views-created', async () => {
      await page.locator('.tabs-container .tab', { hasText: 'mlops.yaml' }).waitFor({ timeout: 60_000 });
      await page.locator('.editor-instance .view-line', { hasText: 'stages:' }).first().waitFor();
      await welcomeButton(page, 'Run Pipeline').waitFor({ timeout: 30_000 });
    });
    assert.match(fs.readFileSync(path.join(workspace, 'mlops.yaml'), 'utf8'), /^stages:$/m);
    assert.match(fs.readFileSync(path.join(workspace, 'params.yaml'), 'utf8'), /^train:$/m);
    assert.equal(await welcomeButton(page, 'Create mlops.yaml').count(), 0, 'Create mlops.yaml is still offered after creating it');

    // The docs link opens the pipeline format, shipped in the .vsix, in a Markdown preview.
    await page.locator('.part.sidebar .welcome-view-content a', { hasText: 'pipeline format' }).first().click();
    await withScreenshot(session, 'views-docs', () => page.locator('.tabs-container .tab', { hasText: 'Preview pipeline.md' }).waitFor({ timeout: 60_000 }));
  });
});
