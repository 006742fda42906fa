import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import type { Frame, Page } from 'playwright-core';
import { repoRoot } from '../harness/paths';
import { clickTreeRow, openMlopsContainer, openWorkbenchWithVsix, runFromPalette, waitUntil, type WorkbenchSession } from './workbenchSession';

const cli = path.join(repoRoot, 'dist', 'cli.js');

function recordRun(workspace: string, param: string): void {
  const result = spawnSync(process.execPath, [cli, 'run', '--force', '-P', param], { cwd: workspace, encoding: 'utf8' });
  const lastLine = `${result.stderr}${result.stdout}`.trim().split('\n').pop() ?? '';
  assert.equal(result.status, 0, `expected mlops run to succeed; it exited with ${String(result.status)}: ${lastLine}`);
}

/** The Compare Runs webview's frame, once it shows; undefined when it is not there. */
async function compareFrame(page: Page): Promise<Frame | undefined> {
  for (const frame of page.frames()) {
    if (await frame.$('#compare-root').catch(() => null)) return frame;
  }
  return undefined;
}

const legend = async (page: Page) => {
  const frame = await compareFrame(page);
  return frame ? (await frame.locator('.legend-entry .legend-name').allInnerTexts()).sort() : [];
};

// The panel comes back through the serializer registered at activation, which loads the areas
// (dist/areas.js) first: nothing else has loaded them in the reloaded window.
describe('Compare Runs panel across a window reload (packaged .vsix)', () => {
  let session: WorkbenchSession | undefined;
  after(async () => { await session?.close(); });

  it('comes back after the window reloads, showing the same runs', async () => {
    session = await openWorkbenchWithVsix();
    const { page, workspace } = session;
    recordRun(workspace, 'train.lr=0.3');
    recordRun(workspace, 'train.lr=0.1');
    const expected = ['pipeline (lr=0.1)', 'pipeline (lr=0.3)'];

    await openMlopsContainer(page);
    const rows = page.locator('.part.sidebar .monaco-list-row');
    for (const [i, name] of ['pipeline (lr=0.3)', 'pipeline (lr=0.1)'].entries()) {
      const row = rows.filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${name.replace(/[()]/g, '\\$&')}$`) }) }).first();
      await row.waitFor({ timeout: 60_000 });
      await clickTreeRow(page, row, i === 0 ? [] : ['Control']);
    }
    await runFromPalette(page, 'MLOps: Compare Runs');
    await waitUntil(session, { expected: `the Compare Runs legend to list ${expected.join(', ')}`, screenshot: 'compare-restore-before' },
      () => legend(page), (names) => JSON.stringify(names) === JSON.stringify(expected), (names) => `legend ${JSON.stringify(names)}`);

    // Close the MLOps views first, so only the panel can bring the extension's areas back.
    await runFromPalette(page, 'View: Close Primary Side Bar');
    // A mark on this page's window: gone once the window has really reloaded.
    await page.evaluate('window.mlopsBeforeReload = true');
    await runFromPalette(page, 'Developer: Reload Window');
    await waitUntil(session, { expected: 'the window to reload', screenshot: 'compare-restore-no-reload' },
      () => page.evaluate<boolean>('window.mlopsBeforeReload === true').catch(() => true), (marked) => !marked, () => 'the page before the reload');
    await waitUntil(session, { expected: `the restored Compare Runs legend to list ${expected.join(', ')}`, screenshot: 'compare-restore-after' },
      () => legend(page), (names) => JSON.stringify(names) === JSON.stringify(expected), (names) => `legend ${JSON.stringify(names)}`);
    session.assertNoWebviewErrors();
  });
});
