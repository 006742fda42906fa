// `npm run test:electron`: the same integration suite under @vscode/test-electron, for a machine
// that can download desktop VS Code (this project's CI cannot; it uses the VS Code server instead).
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runTests } from '@vscode/test-electron';

const root = join(import.meta.dirname, '..');
for (const [cmd, args] of [['node', ['scripts/build.mjs']], ['npx', ['tsc', '-p', 'tsconfig.json', '--outDir', 'out']]]) {
  if (spawnSync(cmd, args, { cwd: root, stdio: 'inherit' }).status !== 0) process.exit(1);
}
const workspace = mkdtempSync(join(tmpdir(), 'mlops-ws-'));
cpSync(join(root, 'examples', 'iris'), workspace, { recursive: true });
try {
  await runTests({
    version: process.env.VSCODE_VERSION ?? '1.100.3',
    extensionDevelopmentPath: root,
    extensionTestsPath: join(root, 'out', 'test', 'integration', 'index.js'),
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust'],
  });
} catch (error) {
  console.error('test:electron failed:', error instanceof Error ? error.message : error);
  process.exit(1);
}
