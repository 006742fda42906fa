import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openWorkbenchWithVsix, type WorkbenchSession } from './workbenchSession';

describe('mlops.yaml in the real editor (packaged .vsix)', () => {
  let session: WorkbenchSession;
  before(async () => { session = await openWorkbenchWithVsix(); });
  after(async () => { await session?.close(); });

  it('squiggles a mistyped key as it is typed and explains it on hover', async () => {
    const { page } = session;
    // Quick Open, as a user opens a file.
    await page.keyboard.press('Control+P');
    await page.locator('.quick-input-widget input').fill('mlops.yaml');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'mlops.yaml' }).first().waitFor();
    await page.keyboard.press('Enter');
    const editor = page.locator('.editor-instance .monaco-editor').first();
    await editor.waitFor();
    // The Run lens shows once the extension has analysed the file.
    await editor.locator('.codelens-decoration', { hasText: 'Run pipeline' }).first().waitFor({ timeout: 30_000 });
    assert.equal(await editor.locator('.squiggly-error').count(), 0, 'the example should have no errors');

    // Go to the `prepare:` line and add a mistyped key under it.
    await page.keyboard.press('Control+G');
    await page.locator('.quick-input-widget input').fill(':11');
    await page.keyboard.press('Enter');
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await page.keyboard.type('descriptoin: typed in a hurry', { delay: 10 });
    const squiggle = editor.locator('.squiggly-error').first();
    await squiggle.waitFor({ timeout: 15_000 });

    // Cursor onto the key (Home stops at its first letter), then Show Hover (Ctrl+K Ctrl+I).
    await page.keyboard.press('Home');
    await page.keyboard.press('Control+K');
    await page.keyboard.press('Control+I');
    const hover = page.locator('.monaco-hover', { hasText: 'descriptoin' });
    await hover.waitFor({ timeout: 15_000 });
    assert.match(await hover.innerText(), /description/);
    await session.screenshot('pipeline-squiggle');
  });
});
