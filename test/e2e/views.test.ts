import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openMlopsContainer, openWorkbenchWithVsix, type WorkbenchSession } from './workbenchSession';

describe('MLOps container in the real workbench (packaged .vsix)', () => {
  let session: WorkbenchSession;
  before(async () => { session = await openWorkbenchWithVsix(); });
  after(async () => { await session?.close(); });

  it('installed the packaged extension, not the development folder', () => {
    assert.ok(session.installed.some((e) => e.startsWith('mlops-workbench.mlops-workbench@')), `installed: ${session.installed.join(', ')}`);
  });

  it('shows an MLOps item in the activity bar', async () => {
    await session.page.locator('.activitybar [aria-label^="MLOps"]').first().waitFor({ timeout: 60_000 });
  });

  it('renders the Experiments, Models and Deployments views with their empty states', async () => {
    const { page } = session;
    await openMlopsContainer(page);
    const headers = await page.locator('.part.sidebar .pane-header h3.title').allInnerTexts();
    assert.deepEqual(headers.map((h) => h.trim().toLowerCase()), ['experiments', 'models', 'deployments']);
    // Expand the collapsed panes so every welcome view renders.
    for (const name of ['Models', 'Deployments']) {
      const header = page.locator(`.part.sidebar .pane-header[aria-label^="${name}"]`).first();
      if ((await header.getAttribute('aria-expanded')) !== 'true') await header.click();
    }
    await page.getByText('No runs recorded yet.').waitFor({ timeout: 30_000 });
    await page.getByText('No models registered yet.').waitFor();
    await page.getByText('Nothing deployed yet.').waitFor();
    await session.screenshot('mlops-views');
  });
});
