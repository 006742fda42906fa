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

export async function openWorkbenchWithVsix(options: { theme?: 'light' | 'dark'; example?: string; trustWorkspace?: boolean } = {}): Promise<WorkbenchSession> {
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
      trustWorkspace: options.trustWorkspace ?? true,
    });
    browser = await launchChromium();
    const page = await openWorkbench(browser, server.url);
    // The web workbench keeps the colour theme in the browser's profile, not in the server's
    // settings file: switch it the way a user does.
    if (options.theme) await useThemeKind(page, options.theme);
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

/** Runs a command from the command palette by its title, the way a user does (F1, type, Enter). */
export async function runFromPalette(page: Page, title: string): Promise<void> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor();
  await input.fill(`>${title}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor();
  await input.press('Enter');
}

/**
 * Switches the workbench to a light or dark theme with "Preferences: Toggle between Light/Dark
 * Themes" (the theme picker would search a marketplace, which this network cannot reach).
 */
export async function useThemeKind(page: Page, kind: 'light' | 'dark'): Promise<void> {
  const wanted = kind === 'light' ? 'vs' : 'vs-dark';
  // The workbench starts with a provisional `vs` class; an applied theme adds `vscode-theme-…`.
  await page.locator('.monaco-workbench[class*="vscode-theme-"]').waitFor({ timeout: 30_000 });
  const themed = page.locator(`.monaco-workbench.${wanted}[class*="vscode-theme-"]`);
  for (let attempt = 0; attempt < 3; attempt++) {
    if (await themed.count() > 0) return;
    await runFromPalette(page, 'Preferences: Toggle between Light/Dark Themes');
    await themed.waitFor({ timeout: 5_000 }).catch(() => undefined);
  }
  await themed.waitFor({ timeout: 1_000 });
}
