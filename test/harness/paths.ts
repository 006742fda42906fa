import * as path from 'node:path';

/** The repository root; harness code always runs compiled, from out/test/harness. */
export const repoRoot = path.resolve(__dirname, '..', '..', '..');
export const codeServerVersion = process.env.CODE_SERVER_VERSION ?? '4.100.3';
export const vscodeServerDir = path.join(repoRoot, '.vscode-test', `code-server-${codeServerVersion}`, 'node_modules', 'code-server', 'lib', 'vscode');
export const serverMain = path.join(vscodeServerDir, 'out', 'server-main.js');
export const testOutputDir = path.join(repoRoot, 'test-output');
export const vsixPath = path.join(repoRoot, 'dist', 'mlops-workbench.vsix');
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
