import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';

const root = path.resolve(__dirname, '..', '..', '..', '..');
const cli = path.join(root, 'dist', 'cli.js');

interface Listed { name: string; source: string; aliases: Record<string, number>; versions: { version: number; runId: string; gatesPassed: boolean }[] }

describe('mlops register / alias / models / audit on a copy of the example, in a shell', () => {
  let dir: string;
  const mlops = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { cwd: dir, encoding: 'utf8', timeout: 300_000 });
  const runIds = (): { id: string; name: string }[] => JSON.parse(mlops('runs', '--format', 'json').stdout) as { id: string; name: string }[];
  let good = '';
  let bad = '';

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-registry-cli-'));
    fs.cpSync(path.join(root, 'examples', 'iris'), dir, { recursive: true });
    execFileSync('git', ['init', '-q', dir]);
    execFileSync('git', ['-C', dir, 'config', 'user.name', 'Rita Registry']);
    execFileSync('git', ['-C', dir, 'config', 'user.email', 'rita@example.com']);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('registers the example run (which passes its gates) and says so when registered again', () => {
    const run = mlops('run');
    assert.equal(run.status, 0, run.stdout + run.stderr);
    good = runIds()[0]!.id;
    const first = mlops('register', good.slice(0, 10), '--description', 'baseline');
    assert.equal(first.status, 0, first.stderr);
    assert.match(first.stdout, /^Registered iris-classifier:1 from run /);
    const again = mlops('register', good);
    assert.equal(again.status, 0, again.stderr);
    assert.match(again.stdout, /already registered as version 1 of iris-classifier/);
  });

  it('sets production on it', () => {
    const result = mlops('alias', 'set', 'iris-classifier', 'production', '1');
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stdout, 'iris-classifier@production → version 1.\n');
  });

  it('refuses to register a run that misses its gates, listing them; registers it with an override and a reason', () => {
    const run = mlops('run', '-P', 'train.epochs=1');
    assert.equal(run.status, 0, run.stdout + run.stderr);
    bad = runIds().find((r) => r.id !== good)!.id;
    const refused = mlops('register', bad);
    assert.equal(refused.status, 1, `expected exit 1; saw ${refused.status}: ${refused.stderr}`);
    assert.match(refused.stderr, /^mlops register: Refused to register run .* fails its gates: test\/accuracy >= 0\.9 \(was [0-9.]+\)/);
    const overridden = mlops('register', bad, '--override-gates', '--reason', 'kept for the ablation study');
    assert.equal(overridden.status, 0, overridden.stderr);
    assert.match(overridden.stdout, /^Registered iris-classifier:2 .*reason recorded: kept for the ablation study/);
  });

  it('refuses to move production to the version that misses its gate; an override with a reason moves it', () => {
    const refused = mlops('alias', 'set', 'iris-classifier', 'production', '2');
    assert.equal(refused.status, 1, `expected exit 1; saw ${refused.status}: ${refused.stderr}`);
    assert.match(refused.stderr, /Refused to move the protected alias production to iris-classifier:2: it fails its gates: test\/accuracy >= 0\.9/);
    const noReason = mlops('alias', 'set', 'iris-classifier', 'production', '2', '--override-gates');
    assert.equal(noReason.status, 1);
    assert.match(noReason.stderr, /needs a reason/);
    const moved = mlops('alias', 'set', 'iris-classifier', 'production', '2', '--override-gates', '--reason', 'emergency: v1 leaks PII');
    assert.equal(moved.status, 0, moved.stderr);
    assert.equal(moved.stdout, 'iris-classifier@production → version 2 (was 1).\n');
  });

  it('lists the model with versions, aliases, gate status and source runs', () => {
    const listed = JSON.parse(mlops('models', '--format', 'json').stdout) as Listed[];
    assert.deepEqual(listed.map((m) => [m.name, m.source, m.aliases, m.versions.map((v) => [v.version, v.runId, v.gatesPassed])]), [
      ['iris-classifier', 'mlops', { production: 2 }, [[1, good, true], [2, bad, false]]],
    ]);
    assert.match(mlops('models').stdout, /iris-classifier +2 +production +failed \(overridden\)/);
  });

  it('prints the trail with who, from → to and the reason; verify passes', () => {
    const trail = mlops('audit', 'iris-classifier');
    assert.equal(trail.status, 0, trail.stderr);
    assert.match(trail.stdout, /#6 .* alias-move +iris-classifier:2 +production=1 → production=2 +by Rita Registry <rita@example.com> +reason: emergency: v1 leaks PII/);
    const entries = JSON.parse(mlops('audit', '--format', 'json').stdout) as { action: string }[];
    assert.deepEqual(entries.map((e) => e.action), ['register', 'alias-set', 'gate-override', 'register', 'gate-override', 'alias-move']);
    const verify = mlops('audit', 'verify');
    assert.equal(verify.status, 0, verify.stderr);
    assert.match(verify.stdout, /intact: 6 entries/);
  });

  it('fails verify (exit 1) after one line of audit.jsonl is edited, naming that entry', () => {
    const file = path.join(dir, '.mlops', 'registry', 'audit.jsonl');
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    lines[5] = lines[5]!.replace('emergency: v1 leaks PII', 'routine upgrade');
    fs.writeFileSync(file, lines.join('\n'));
    const verify = mlops('audit', 'verify');
    assert.equal(verify.status, 1, `expected exit 1; saw ${verify.status}`);
    assert.match(verify.stderr, /entry seq 6 \(line 6\) was edited/);
  });
});

describe("mlops models lists MLflow's file-store registry read-only", () => {
  it('shows the fixture’s versions and aliases marked MLflow, and writes nothing there', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-registry-mlflow-'));
    after(() => fs.rmSync(dir, { recursive: true, force: true }));
    fs.cpSync(path.join(root, 'test', 'fixtures', 'mlruns-registry'), dir, { recursive: true });
    const before = fs.readdirSync(path.join(dir, 'mlruns', 'models', 'fraud-detector')).sort();
    const result = spawnSync(process.execPath, [cli, 'models'], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /^fraud-detector +1 +challenger +- +mlflow:4f1c2d0e9a8b4c6d8e7f6a5b4c3d2e1f +MLflow \(read-only\)$/m);
    assert.match(result.stdout, /^fraud-detector +2 +champion +- +mlflow:9a8b7c6d5e4f4a3b2c1d0e9f8a7b6c5d +MLflow \(read-only\)$/m);
    assert.deepEqual(fs.readdirSync(path.join(dir, 'mlruns', 'models', 'fraud-detector')).sort(), before);
  });
});
