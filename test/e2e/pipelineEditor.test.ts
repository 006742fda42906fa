import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Locator } from 'playwright-core';
import { openWorkbenchWithVsix, type WorkbenchSession } from './workbenchSession';

describe('mlops.yaml in the real editor (packaged .vsix)', () => {
  let session: WorkbenchSession;
  before(async () => { session = await openWorkbenchWithVsix(); });
  after(async () => { await session?.close(); });

  /**
   * Waits until `locator` shows; on timeout fails with one line naming what was expected, what
   * `seen` reports, and the screenshot taken then.
   */
  async function expectToShow(locator: Locator, what: string, seen: () => Promise<string>, timeout = 30_000): Promise<void> {
    try {
      await locator.first().waitFor({ timeout });
    } catch {
      const file = await session.screenshot(`pipeline-editor-failed-${what.replace(/\W+/g, '-')}`);
      assert.fail(`expected ${what} within ${timeout} ms; saw ${await seen()}; screenshot ${file}`);
    }
  }
  const textsOf = (locator: Locator) => async () => JSON.stringify((await locator.allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').slice(0, 200)));

  it('squiggles a mistyped key as it is typed and explains it on hover', async () => {
    const { page } = session;
    // The line of the `prepare:` stage, found in the file rather than hard-coded.
    const lines = fs.readFileSync(path.join(session.workspace, 'mlops.yaml'), 'utf8').split('\n');
    const prepareLine = lines.findIndex((l) => /^ {2}prepare:\s*$/.test(l)) + 1;
    assert.ok(prepareLine > 0, 'the example has a `prepare:` stage');

    // Quick Open, as a user opens a file.
    await page.keyboard.press('Control+P');
    await page.locator('.quick-input-widget input').fill('mlops.yaml');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'mlops.yaml' }).first().waitFor();
    await page.keyboard.press('Enter');
    const editor = page.locator('.editor-instance .monaco-editor').first();
    await editor.waitFor();
    // The Run lens shows once the extension has analysed the file.
    const lens = editor.locator('.codelens-decoration', { hasText: 'Run pipeline' });
    await expectToShow(lens, 'the Run pipeline lens', textsOf(editor.locator('.codelens-decoration')));
    assert.equal(await editor.locator('.squiggly-error').count(), 0, 'the example should have no errors');

    // Go to the `prepare:` line and add a mistyped key under it.
    await page.keyboard.press('Control+G');
    await page.locator('.quick-input-widget input').fill(`:${prepareLine}`);
    await page.keyboard.press('Enter');
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await page.keyboard.type('descriptoin: typed in a hurry', { delay: 10 });
    await expectToShow(editor.locator('.squiggly-error'), 'a squiggle', () => Promise.resolve('none'));

    // Any squiggle may be a check of a half-typed line (`descr` without its colon is a YAML
    // error) that the final check has not replaced yet, and Show Hover reads the markers once,
    // when it is invoked. So wait until the Problems panel lists the mistyped key, as the user
    // sees it there, then go back to the editor.
    await page.keyboard.press('Control+Shift+M');
    const problems = page.locator('.markers-panel .monaco-list-row');
    await expectToShow(problems.filter({ hasText: "Unknown key 'descriptoin'" }), 'the unknown-key problem in the Problems panel', textsOf(problems));
    await page.keyboard.press('Control+1'); // View: Focus First Editor Group; the cursor stays

    // Cursor onto the key (Home stops at its first letter), seen in the status bar, then Show
    // Hover (Ctrl+K Ctrl+I), which reads the markers at the cursor.
    await page.keyboard.press('Home');
    const indent = (lines[prepareLine] ?? '').search(/\S/) + 1;
    const position = page.locator('.statusbar-item', { hasText: /^Ln \d+, Col \d+/ });
    await expectToShow(page.locator('.statusbar-item', { hasText: new RegExp(`^Ln ${prepareLine + 1}, Col ${indent}(?!\\d)`) }), `the cursor at Ln ${prepareLine + 1}, Col ${indent}`, textsOf(position));
    await page.keyboard.press('Control+K');
    await page.keyboard.press('Control+I');
    const hovers = page.locator('.monaco-hover:visible');
    await expectToShow(page.locator('.monaco-hover', { hasText: "Unknown key 'descriptoin'" }), 'a hover explaining the mistyped key', textsOf(hovers), 15_000);
    const text = await page.locator('.monaco-hover', { hasText: "Unknown key 'descriptoin'" }).first().innerText();
    // `description` is already set in that stage, so the hover lists the keys instead of guessing.
    assert.match(text, /in stage 'prepare'\. Expected one of: description, cmd/, `the hover says: ${text.replace(/\s+/g, ' ')}`);
    await session.screenshot('pipeline-squiggle');
  });
});
