import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { launchChromium } from './browser';
import { repoRoot, testOutputDir } from './paths';
import { writeTierCounts } from './tierCounts';
import { startVscodeServer } from './vscodeServer';

interface SuiteOutcome {
  vscodeVersion: string;
  appName: string;
  results: { title: string; state: 'passed' | 'failed' | 'skipped'; error?: string }[];
}

/** A scratch copy of the bundled example, so tests may edit files freely. */
export function scratchWorkspace(example = 'iris'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-ws-'));
  const source = path.join(repoRoot, 'examples', example);
  if (fs.existsSync(source)) fs.cpSync(source, dir, { recursive: true });
  // The web workbench auto-saves by default; tests that type into files revert them instead.
  // (Workspace settings, because this web client keeps user settings in the browser.)
  fs.mkdirSync(path.join(dir, '.vscode'), { recursive: true });
  fs.writeFileSync(path.join(dir, '.vscode', 'settings.json'), JSON.stringify({ 'files.autoSave': 'off' }, null, 2));
  return dir;
}

/**
 * Integration tier: the real VS Code server loads the extension from this folder and runs
 * out/test/integration/index.js inside its Node extension host. The extension host only starts
 * when a window connects, so headless Chromium opens the workbench and waits for the results.
 */
async function main(): Promise<number> {
  const resultsFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-it-')), 'results.json');
  const workspace = scratchWorkspace();
  const server = await startVscodeServer({
    workspace,
    extensionDevelopmentPath: repoRoot,
    extensionTestsPath: path.join(repoRoot, 'out', 'test', 'integration', 'index.js'),
    env: { MLOPS_TEST_RESULTS: resultsFile },
  });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    await page.goto(server.url);
    const deadline = Date.now() + 10 * 60_000;
    while (!fs.existsSync(resultsFile)) {
      if (Date.now() > deadline) throw new Error(`integration tests did not finish in time\n${server.output()}`);
      await new Promise((r) => setTimeout(r, 250));
    }
    await new Promise((r) => setTimeout(r, 100)); // let the writer finish the file
    const outcome = JSON.parse(fs.readFileSync(resultsFile, 'utf8')) as SuiteOutcome;
    console.log(`integration: running inside ${outcome.appName}, vscode.version = ${outcome.vscodeVersion}`);
    for (const r of outcome.results) {
      console.log(`  ${r.state === 'passed' ? '✔' : r.state === 'failed' ? '✘' : '-'} ${r.title}`);
      if (r.error) console.log(r.error.replace(/^/gm, '      '));
    }
    const count = (state: string) => outcome.results.filter((r) => r.state === state).length;
    const counts = { passed: count('passed'), failed: count('failed'), skipped: count('skipped') };
    writeTierCounts('integration', counts);
    fs.mkdirSync(testOutputDir, { recursive: true });
    fs.writeFileSync(path.join(testOutputDir, 'integration-server.log'), server.output());
    // VS Code's own logs (ours is the "MLOps" output channel) for diagnosing a failure.
    const logs = path.join(server.userDataDir, 'logs');
    if (fs.existsSync(logs)) fs.cpSync(logs, path.join(testOutputDir, 'integration-logs'), { recursive: true });
    return counts.failed > 0 || outcome.results.length === 0 ? 1 : 0;
  } finally {
    await browser.close();
    await server.stop();
    fs.rmSync(workspace, { recursive: true, force: true });
  }
}

main().then(
  (code) => { process.exitCode = code; },
  (error: unknown) => {
    writeTierCounts('integration', { passed: 0, failed: 1, skipped: 0 });
    console.error('integration: the suite could not run:', error);
    process.exitCode = 1;
  },
);
