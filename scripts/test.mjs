// `npm test`: everything the tests need, then the three tiers, then one summary line.
//   unit         node:test over src/core, src/node and src/cli (no VS Code)
//   integration  mocha inside the real VS Code extension host (test/harness/runIntegration)
//   docker       node:test against a real Docker engine (scripts/setup-docker.sh starts it)
//   e2e          node:test + Playwright against the real workbench with the packaged .vsix
// `npm test -- --only unit,e2e` runs a subset; `--skip-setup` skips install and build steps.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const onlyArg = args.find((a) => a.startsWith('--only'));
const only = onlyArg ? (onlyArg.includes('=') ? onlyArg.split('=')[1] : args[args.indexOf(onlyArg) + 1]).split(',') : null;
const wants = (tier) => !only || only.includes(tier);
const outDir = join(root, 'test-output');

function step(title, command, commandArgs, options = {}) {
  console.log(`\n▶ ${title}`);
  const result = spawnSync(command, commandArgs, { cwd: root, stdio: 'inherit', ...options });
  return result.status === 0;
}

function testFiles(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) return testFiles(full);
    return name.endsWith('.test.js') ? [full] : [];
  });
}

function tapCounts(file) {
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
  // node:test's TAP ends with "# pass N", "# fail N", ... lines.
  const count = (key) => Number((text.match(new RegExp(`^# ${key} (\\d+)$`, 'm')) ?? [])[1] ?? 0);
  return { passed: count('pass'), failed: count('fail') + count('cancelled'), skipped: count('skipped') + count('todo') };
}

function nodeTestTier(tier, dir) {
  const files = testFiles(join(root, 'out', 'test', dir));
  if (files.length === 0) return { passed: 0, failed: 1, skipped: 0, note: 'no test files found' };
  const tap = join(outDir, `${tier}.tap`);
  rmSync(tap, { force: true });
  const ok = step(`${tier} tests (${files.length} files)`, process.execPath, [
    '--test', '--test-concurrency=1',
    '--test-reporter=spec', '--test-reporter-destination=stdout',
    '--test-reporter=tap', `--test-reporter-destination=${tap}`,
    ...files,
  ]);
  const counts = tapCounts(tap);
  if (!ok && counts.failed === 0) counts.failed = 1; // the runner itself failed
  return counts;
}

function launcherTier(tier, script) {
  const countsFile = join(outDir, `${tier}.counts.json`);
  rmSync(countsFile, { force: true });
  const ok = step(`${tier} tests`, process.execPath, [join(root, 'out', 'test', 'harness', script)]);
  const counts = existsSync(countsFile) ? JSON.parse(readFileSync(countsFile, 'utf8')) : { passed: 0, failed: 1, skipped: 0 };
  if (!ok && counts.failed === 0) counts.failed = 1;
  return counts;
}

mkdirSync(outDir, { recursive: true });
const totals = { passed: 0, failed: 0, skipped: 0 };
const add = (tier, counts) => {
  console.log(`${tier}: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped${counts.note ? ` (${counts.note})` : ''}`);
  for (const key of Object.keys(totals)) totals[key] += counts[key];
};

let setupOk = true;
if (!args.includes('--skip-setup')) {
  if (!existsSync(join(root, 'node_modules', '.package-lock.json'))) setupOk &&= step('installing npm dependencies', 'npm', ['ci', '--no-audit', '--no-fund']);
  const needsVscode = wants('integration') || wants('e2e');
  if (wants('docker') || wants('integration') || wants('e2e')) setupOk &&= step('Docker engine and base image', 'bash', ['scripts/setup-docker.sh']);
  if (needsVscode) setupOk &&= step('system packages (Chromium, ripgrep)', 'bash', ['scripts/setup-system.sh']);
  if (needsVscode) setupOk &&= step('VS Code server (code-server package)', 'bash', ['scripts/setup-vscode-server.sh']);
  setupOk &&= step('build and package the .vsix', 'npm', ['run', '--silent', 'package']);
  rmSync(join(root, 'out'), { recursive: true, force: true });
  setupOk &&= step('compile tests', process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json', '--outDir', 'out']);
}

if (!setupOk) {
  add('setup', { passed: 0, failed: 1, skipped: 0, note: 'a setup step failed; see above' });
} else {
  if (wants('unit')) add('unit', nodeTestTier('unit', 'unit'));
  if (wants('docker')) add('docker', nodeTestTier('docker', 'docker'));
  if (wants('integration')) add('integration', launcherTier('integration', 'runIntegration.js'));
  if (wants('e2e')) add('e2e', nodeTestTier('e2e', 'e2e'));
}

console.log(`\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exitCode = totals.failed > 0 ? 1 : 0;
