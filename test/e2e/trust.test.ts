import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openWorkbenchWithVsix, runFromPalette, type WorkbenchSession } from './workbenchSession';

describe('untrusted workspace (packaged .vsix)', () => {
  let session: WorkbenchSession;
  before(async () => { session = await openWorkbenchWithVsix({ trustWorkspace: false }); });
  after(async () => { await session?.close(); });

  it('refuses to run the pipeline in restricted mode, says why, and runs nothing', async () => {
    const { page } = session;
    // VS Code asks about trust when the folder opens; the user says no.
    await page.getByRole('button', { name: /No, I don.t trust the authors/ }).click({ timeout: 60_000 });
    await runFromPalette(page, 'MLOps: Run Pipeline');
    const toast = page.locator('.notifications-toasts .notification-toast', { hasText: 'This workspace is not trusted' });
    await toast.waitFor({ timeout: 30_000 });
    assert.ok(await toast.getByRole('button', { name: 'Manage Workspace Trust' }).isVisible());
    await session.screenshot('untrusted-run-refused');
    assert.equal(fs.existsSync(path.join(session.workspace, '.mlops')), false, 'a run was recorded');
    assert.equal(fs.existsSync(path.join(session.workspace, 'data', 'prepared')), false, 'a stage ran');
  });
});
