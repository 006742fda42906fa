import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Browser, ConsoleMessage, Frame, Locator, Page } from 'playwright-core';
import { launchChromium, openWorkbench } from '../harness/browser';
import { repoRoot, testOutputDir, vsixPath } from '../harness/paths';
import { installVsix, listExtensions, startVscodeServer, type RunningServer } from '../harness/vscodeServer';

/**
 * A real workbench in headless Chromium with the packaged .vsix installed, as a user has it.
 * Uncaught errors and console errors from our extension's webviews are collected all along;
 * close() fails listing them (after cleaning up), so no test passes over a broken webview.
 */
export interface WorkbenchSession {
  page: Page;
  workspace: string;
  installed: string[];
  /** Saves test-output/e2e/<name>.png and returns its path. */
  screenshot(name: string): Promise<string>;
  /** Errors our webviews raised or logged so far (the workbench's own noise is left out). */
  webviewErrors(): string[];
  /** Fails, listing them, when any of our webviews raised or logged an error. */
  assertNoWebviewErrors(): void;
  close(): Promise<void>;
}

/** Our extension's id, as VS Code puts it in a webview frame's URL and its install folder's name. */
const extensionId = (() => {
  const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { publisher: string; name: string };
  return `${manifest.publisher}.${manifest.name}`.toLowerCase();
})();

/**
 * Collects errors from our webviews. VS Code hosts a webview in an outer frame whose URL names
 * the extension (`extensionId=`) and an inner frame with the same `id=`; our scripts load from
 * the extension's install folder. Console messages carry the URL they came from; uncaught
 * errors carry it in their stack.
 */
function collectWebviewErrors(page: Page): () => string[] {
  const errors: string[] = [];
  const ourWebviewIds = new Set<string>();
  const webviewId = (url: string): string | undefined => {
    try { return new URL(url).searchParams.get('id') ?? undefined; } catch { return undefined; }
  };
  const isOurs = (url: string): boolean => {
    const lower = url.toLowerCase();
    if (lower.includes(extensionId) || lower.includes(encodeURIComponent(extensionId))) return true;
    const id = webviewId(url);
    return id !== undefined && ourWebviewIds.has(id);
  };
  const noteFrame = (frame: Frame): void => {
    const url = frame.url();
    const id = webviewId(url);
    if (id && url.toLowerCase().includes(`extensionid=${encodeURIComponent(extensionId)}`)) ourWebviewIds.add(id);
  };
  page.on('frameattached', noteFrame);
  page.on('framenavigated', noteFrame);
  page.on('console', (message: ConsoleMessage) => {
    if (message.type() !== 'error') return;
    const { url, lineNumber } = message.location();
    if (isOurs(url)) errors.push(`console error: ${message.text().split('\n')[0]} (${url.split('?')[0]}:${lineNumber})`);
  });
  page.on('pageerror', (error) => {
    if (isOurs(error.stack ?? '') || [...ourWebviewIds].some((id) => (error.stack ?? '').includes(id))) {
      errors.push(`uncaught ${error.name}: ${error.message.split('\n')[0]}`);
    }
  });
  return () => [...errors];
}

/** Fails with one line per error when the list is not empty. */
function assertNone(errors: readonly string[]): void {
  if (errors.length === 0) return;
  throw new Error(`expected no errors from the MLOps webviews, saw ${errors.length}:\n  ${errors.slice(0, 20).join('\n  ')}`);
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
    const webviewErrors = collectWebviewErrors(page);
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
      webviewErrors,
      assertNoWebviewErrors: () => assertNone(webviewErrors()),
      async close() {
        const errors = webviewErrors();
        await running.browser.close();
        await running.server.stop();
        fs.rmSync(scratch, { recursive: true, force: true });
        assertNone(errors);
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

/**
 * Polls `look` until `done` holds for what it returns, as a user watches the screen. On the
 * deadline it saves a screenshot and fails with one line: what was expected, what was seen last,
 * and the screenshot's file.
 */
export async function waitUntil<T>(
  session: WorkbenchSession,
  what: { expected: string; screenshot: string; timeoutMs?: number },
  look: () => Promise<T>,
  done: (seen: T) => boolean,
  describeSeen: (seen: T) => string = (seen) => JSON.stringify(seen),
): Promise<T> {
  const deadline = Date.now() + (what.timeoutMs ?? 60_000);
  let seen = await look();
  while (!done(seen)) {
    if (Date.now() > deadline) {
      const file = await session.screenshot(what.screenshot).catch(() => '(no screenshot)');
      throw new Error(`expected ${what.expected}; saw ${describeSeen(seen).slice(0, 300)} (screenshot: ${path.relative(repoRoot, file)})`);
    }
    await session.page.waitForTimeout(250);
    seen = await look();
  }
  return seen;
}

/**
 * Clicks a tree row as a user does, first closing any hover a previous click left open: a run's
 * tooltip (a params table) can sit over the next row and take the click, as a user would move
 * the mouse away first. Waits for the hover to be gone rather than for a fixed time.
 */
export async function clickTreeRow(page: Page, row: Locator, modifiers: ('Control' | 'Shift')[] = []): Promise<void> {
  // Not Escape: it would clear the tree's selection that Ctrl+click builds up.
  await page.mouse.move(0, 0);
  await page.locator('.context-view .monaco-hover, .workbench-hover').first().waitFor({ state: 'hidden', timeout: 10_000 });
  await row.click({ modifiers });
  // What the user sees before acting on the selection: the row drawn as selected. Commands run
  // sooner (Compare Runs) may still see the previous selection on a loaded machine.
  await row.and(page.locator('[aria-selected="true"]')).waitFor({ timeout: 10_000 });
}
