import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Locator } from 'playwright-core';
import { openWorkbenchWithVsix, runFromPalette, type WorkbenchSession } from './workbenchSession';

describe('untrusted workspace (packaged .vsix)', () => {
  let session: WorkbenchSession;
  before(async () => { session = await openWorkbenchWithVsix({ trustWorkspace: false }); });
  after(async () => { await session?.close(); });

  /** Waits until `locator` shows; on timeout fails in one line with what showed and a screenshot. */
  async function expectToShow(locator: Locator, what: string, seen: Locator, timeout: number): Promise<void> {
    try {
      await locator.first().waitFor({ timeout });
    } catch {
      const file = await session.screenshot(`trust-failed-${what.replace(/\W+/g, '-')}`);
      const texts = (await seen.allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').slice(0, 200));
      assert.fail(`expected ${what} within ${timeout} ms; saw ${JSON.stringify(texts)}; screenshot ${file}`);
    }
  }

  it('refuses to run the pipeline in restricted mode, says why, and runs nothing', async () => {
    const { page } = session;
    // VS Code asks about trust when the folder opens; the user says no.
    const distrust = page.getByRole('button', { name: /No, I don.t trust the authors/ });
    await expectToShow(distrust, 'the workspace trust dialog', page.locator('.monaco-dialog-box'), 60_000);
    await distrust.click();
    await runFromPalette(page, 'MLOps: Run Pipeline');
    const toasts = page.locator('.notifications-toasts .notification-toast');
    const toast = toasts.filter({ hasText: 'This workspace is not trusted' });
    await expectToShow(toast, 'the "not trusted" notification', toasts, 30_000);
    assert.ok(await toast.getByRole('button', { name: 'Manage Workspace Trust' }).isVisible());
    await session.screenshot('untrusted-run-refused');
    assert.equal(fs.existsSync(path.join(session.workspace, '.mlops')), false, 'a run was recorded');
    assert.equal(fs.existsSync(path.join(session.workspace, 'data', 'prepared')), false, 'a stage ran');
  });
});
