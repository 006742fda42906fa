import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';
import * as vscode from 'vscode';

/** Per-test outcome, written for the launcher to print and count. */
interface TestResult { title: string; state: 'passed' | 'failed' | 'skipped'; error?: string }

/**
 * The entry VS Code calls inside the extension host (`--extensionTestsPath`). It does not care
 * who launched VS Code: the code-server launcher here and `@vscode/test-electron` both call it.
 * When MLOPS_TEST_RESULTS names a file, the outcome is also written there as JSON.
 */
export async function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false, reporter: 'spec' });
  for (const file of fs.readdirSync(__dirname).filter((f) => f.endsWith('.test.js')).sort()) {
    mocha.addFile(path.join(__dirname, file));
  }
  const results: TestResult[] = [];
  const failures = await new Promise<number>((resolve) => {
    const runner = mocha.run(resolve);
    runner.on('pass', (test) => results.push({ title: test.fullTitle(), state: 'passed' }));
    runner.on('fail', (test, error: Error) => results.push({ title: test.fullTitle(), state: 'failed', error: error.stack ?? error.message }));
    runner.on('pending', (test) => results.push({ title: test.fullTitle(), state: 'skipped' }));
  });
  const resultsFile = process.env.MLOPS_TEST_RESULTS;
  if (resultsFile) {
    fs.writeFileSync(resultsFile, JSON.stringify({ vscodeVersion: vscode.version, appName: vscode.env.appName, results }, null, 2));
  }
  if (failures > 0) throw new Error(`${failures} integration test(s) failed`);
}
