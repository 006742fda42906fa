import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, openWorkbench } from '../harness/browser';
import { repoRoot, testOutputDir, vsixPath } from '../harness/paths';
import { installVsix, listExtensions, startVscodeServer, type RunningServer } from '../harness/vscodeServer';

/** A real workbench in headless Chromium with the packaged .vsix installed, as a user has it. */
export interface WorkbenchSession {
  page: Page;
  workspace: string;
  installed: string[];
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}

export async function openWorkbenchWithVsix(options: { theme?: string; example?: string } = {}): Promise<WorkbenchSession> {
  if (!fs.existsSync(vsixPath)) throw new Error(`${vsixPath} is missing; run \`npm run package\` first`);
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-e2e-'));
  const extensionsDir = path.join(scratch, 'extensions');
  const workspace = path.join(scratch, 'workspace');
  fs.cpSync(path.join(repoRoot, 'examples', options.example ?? 'iris'), workspace, { recursive: true });
  installVsix(vsixPath, extensionsDir);
  const installed = listExtensions(extensionsDir);

  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  try {
    server = await startVscodeServer({
      workspace,
      extensionsDir,
      settings: { 'workbench.colorTheme': options.theme ?? 'Default Dark Modern' },
    });
    browser = await launchChromium();
    const page = await openWorkbench(browser, server.url);
    const running = { server, browser };
    return {
      page,
      workspace,
      installed,
      async screenshot(name) {
        const file = path.join(testOutputDir, 'e2e', `${name}.png`);
        fs.mkdirSync(path.dirname(file), { recursive: true });
        await page.screenshot({ path: file });
        return file;
      },
      async close() {
        await running.browser.close();
        await running.server.stop();
        fs.rmSync(scratch, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await browser?.close();
    await server?.stop();
    throw error;
  }
}

/** Opens the MLOps container from the activity bar, the way a user clicks it. */
export async function openMlopsContainer(page: Page): Promise<void> {
  await page.locator('.activitybar [aria-label^="MLOps"]').first().click();
  await page.locator('.pane-header[aria-label^="Experiments"]').first().waitFor({ timeout: 30_000 });
}
