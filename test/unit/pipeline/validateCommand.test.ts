import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import type { CliIo } from '../../../src/cli/cliCommand';
import { validateCommand } from '../../../src/cli/validateCommand';

const dirs: string[] = [];
after(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

/** A temp folder holding `files`. */
function workspace(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-validate-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

async function run(cwd: string, ...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = { out: (t) => { out += t; }, err: (t) => { err += t; }, cwd };
  const code = await validateCommand.run(args, io);
  return { code, out, err };
}

const CLEAN = 'stages:\n  prepare:\n    cmd: python3 prepare.py ${params.seed}\n    deps: [prepare.py]\n    outs: [data]\n';
const BROKEN = 'stages:\n  prepare:\n    cmdd: python3 prepare.py\n    deps: [missing.py]\n';

describe('mlops validate', () => {
  it('exits 0 on a clean pipeline, reading its params file and deps from disk', async () => {
    const cwd = workspace({ 'mlops.yaml': CLEAN, 'params.yaml': 'seed: 1\n', 'prepare.py': '' });
    const result = await run(cwd);
    assert.equal(result.code, 0);
    assert.equal(result.out, 'mlops.yaml: no problems (1 stage)\n');
    assert.equal(result.err, '');
  });

  it('prints file:line:col: severity: message [code] and exits 1 on errors', async () => {
    const cwd = workspace({ 'pipes/train.mlops.yaml': BROKEN });
    const result = await run(cwd, 'pipes/train.mlops.yaml');
    assert.equal(result.code, 1);
    const lines = result.out.trimEnd().split('\n');
    assert.deepEqual(lines, [
      "pipes/train.mlops.yaml:2:3: error: Stage 'prepare' is missing 'cmd'. [missing-required]",
      "pipes/train.mlops.yaml:3:5: error: Unknown key 'cmdd' in stage 'prepare'. Did you mean 'cmd'? [unknown-key]",
      "pipes/train.mlops.yaml:4:12: warning: 'missing.py' does not exist, and no stage writes it. [dep-missing]",
      'pipes/train.mlops.yaml: 2 errors, 1 warning',
    ]);
  });

  it('exits 0 when there are only warnings', async () => {
    const cwd = workspace({ 'mlops.yaml': 'stages:\n  a:\n    cmd: x\n    deps: [nope.txt]\n' });
    const result = await run(cwd);
    assert.equal(result.code, 0);
    assert.match(result.out, /warning: 'nope\.txt' does not exist/);
  });

  it('reports a missing params file', async () => {
    const cwd = workspace({ 'mlops.yaml': CLEAN, 'prepare.py': '' });
    const result = await run(cwd);
    assert.equal(result.code, 1);
    assert.match(result.out, /mlops\.yaml:3:29: error: params\.yaml does not exist/);
  });

  it('prints JSON with --format json', async () => {
    const cwd = workspace({ 'mlops.yaml': BROKEN });
    const result = await run(cwd, '--format', 'json');
    assert.equal(result.code, 1);
    const json = JSON.parse(result.out) as { file: string; errors: number; warnings: number; diagnostics: { code: string; line: number; column: number; endLine: number; endColumn: number; fixes?: string[] }[] };
    assert.equal(json.file, 'mlops.yaml');
    assert.equal(json.errors, 2);
    assert.equal(json.warnings, 1);
    const unknown = json.diagnostics.find((d) => d.code === 'unknown-key')!;
    assert.deepEqual([unknown.line, unknown.column, unknown.endLine, unknown.endColumn], [3, 5, 3, 9]);
    assert.deepEqual(unknown.fixes, ["Change to 'cmd'"]);
  });

  it('says in one sentence when the file is missing, with exit code 2', async () => {
    const cwd = workspace({});
    const result = await run(cwd);
    assert.equal(result.code, 2);
    assert.equal(result.out, '');
    assert.equal(result.err.trim().split('\n').length, 1);
    assert.match(result.err, /^mlops validate: mlops\.yaml not found \(looked for .*mlops\.yaml\); give the pipeline file as an argument\.\n$/);
  });

  it('rejects a folder, unknown options, a bad format and extra arguments with exit code 2', async () => {
    const cwd = workspace({ 'sub/mlops.yaml': CLEAN });
    for (const args of [['sub'], ['--bogus'], ['--format', 'xml'], ['a.yaml', 'b.yaml']]) {
      const result = await run(cwd, ...args);
      assert.equal(result.code, 2, args.join(' '));
      assert.match(result.err, /^mlops validate: /);
    }
  });

  it('survives binary junk', async () => {
    const cwd = workspace({ 'mlops.yaml': '\u0000\u0001\u00ff{[}]:\n\t-' });
    const result = await run(cwd);
    assert.equal(result.code, 1);
    assert.match(result.out, /error/);
  });

  it('has usage and a summary for mlops --help', () => {
    assert.match(validateCommand.usage, /^validate \[FILE\]/);
    assert.ok(validateCommand.summary.length > 10);
  });
});
