// `npm start`: MLOps Workbench on the bundled example (examples/iris).
// With VS Code's `code` on PATH it opens a window with the extension under development;
// otherwise it starts the local VS Code server and prints the URL to open in a browser.
import { spawnSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const example = join(root, 'examples', 'iris');
const run = (cmd, args) => {
  const result = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`npm start: \`${[cmd, ...args].join(' ')}\` failed; see above.`);
    process.exit(result.status ?? 1);
  }
};

if (!existsSync(join(root, 'node_modules', '.package-lock.json'))) run('npm', ['ci', '--no-audit', '--no-fund']);
run(process.execPath, ['scripts/build.mjs']);

const hasCode = !process.env.MLOPS_USE_SERVER && spawnSync('code', ['--version'], { stdio: 'ignore' }).status === 0;
if (hasCode) {
  spawn('code', [`--extensionDevelopmentPath=${root}`, example], { stdio: 'inherit', detached: true }).unref();
  console.log(`Opened VS Code on ${example} with MLOps Workbench loaded from ${root}.`);
} else {
  run('bash', ['scripts/setup-system.sh']);
  run('bash', ['scripts/setup-vscode-server.sh']);
  const { loadHarness } = await import('./loadHarness.mjs');
  const { startVscodeServer } = await loadHarness('vscodeServer');
  const userDataDir = join(root, '.vscode-test', 'start-profile');
  mkdirSync(userDataDir, { recursive: true });
  const server = await startVscodeServer({
    workspace: example,
    extensionDevelopmentPath: root,
    port: Number(process.env.MLOPS_PORT ?? 8765),
    userDataDir,
    trustWorkspace: false,
  });
  console.log('\nMLOps Workbench is running in the VS Code server on the iris example.');
  console.log(`Open this URL in a browser:\n\n  ${server.url}\n\nPress Ctrl+C to stop.`);
  const stop = () => { void server.stop().then(() => process.exit(0)); };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
