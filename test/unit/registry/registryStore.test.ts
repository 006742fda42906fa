import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { verifyAuditChain } from '../../../src/core/registry/auditChain';
import { readMlflowRegistry } from '../../../src/node/registry/mlflowRegistry';
import { readAliases, registerVersion, RegistryError, setModelAlias, type NewVersion } from '../../../src/node/registry/registryStore';
import { tempDir } from '../runs/tempDir';

const modelBytes = '{"weights":[1,2,3]}\n';
const modelHash = createHash('sha256').update(modelBytes).digest('hex');

function setup(): { registry: string; artifact: string } {
  const root = tempDir('mlops-registry-');
  const artifact = path.join(root, 'models', 'model.json');
  fs.mkdirSync(path.dirname(artifact), { recursive: true });
  fs.writeFileSync(artifact, modelBytes);
  return { registry: path.join(root, '.mlops', 'registry'), artifact };
}

function input(artifact: string, over: Partial<NewVersion> = {}): NewVersion {
  return {
    model: 'iris', artifact, recordedHash: modelHash, sourcePath: 'models/model.json', runId: 'r1', experiment: 'iris',
    params: { 'train.epochs': 50 }, metrics: { 'test/accuracy': 0.95 }, gitCommit: 'abc123', data: [{ path: 'data/iris.csv', hash: 'dd' }],
    description: 'first', who: 'Ada <ada@example.com>', failingGates: [], override: { override: false }, ...over,
  };
}

function auditEntries(registry: string) {
  const verdict = verifyAuditChain(fs.readFileSync(path.join(registry, 'audit.jsonl'), 'utf8').split('\n'));
  assert.ok(verdict.valid, 'expected the audit trail to verify');
  return verdict.entries;
}

describe('registry store', () => {
  it('registers version 1 with the artifact copied in and its lineage in meta.json', async () => {
    const { registry, artifact } = setup();
    const result = await registerVersion(registry, input(artifact));
    assert.equal(result.status, 'registered');
    const dir = path.join(registry, 'iris', 'versions', '1');
    const meta = JSON.parse(fs.readFileSync(path.join(dir, 'meta.json'), 'utf8')) as Record<string, unknown>;
    assert.equal(meta.version, 1);
    assert.equal(meta.artifactHash, modelHash);
    assert.equal(meta.runId, 'r1');
    assert.equal(meta.gitCommit, 'abc123');
    assert.deepEqual(meta.params, { 'train.epochs': 50 });
    // The version survives the workspace changing: the copy is its own.
    fs.writeFileSync(artifact, 'changed');
    assert.equal(fs.readFileSync(path.join(dir, 'artifact', 'model.json'), 'utf8'), modelBytes);
    const [entry] = auditEntries(registry);
    assert.equal(entry?.action, 'register');
    assert.equal(entry?.to, 'iris:1');
    assert.equal(entry?.artifactHash, modelHash);
  });

  it('says identical content is already registered instead of copying it again', async () => {
    const { registry, artifact } = setup();
    await registerVersion(registry, input(artifact));
    const again = await registerVersion(registry, input(artifact, { runId: 'r2' }));
    assert.equal(again.status, 'identical');
    assert.equal(again.version.version, 1);
    assert.deepEqual(fs.readdirSync(path.join(registry, 'iris', 'versions')), ['1']);
  });

  it('refuses to copy an artifact that changed since the run recorded it', async () => {
    const { registry, artifact } = setup();
    fs.writeFileSync(artifact, 'tampered');
    await assert.rejects(registerVersion(registry, input(artifact)), (e: unknown) => e instanceof RegistryError && e.code === 'changed');
    assert.equal(fs.existsSync(path.join(registry, 'iris', 'versions', '1')), false);
  });

  it('refuses a run that fails a gate, listing it; an override with a reason registers it and records the reason', async () => {
    const { registry, artifact } = setup();
    const failingGates = [{ expression: 'test/accuracy >= 0.9', actual: 0.4 }];
    await assert.rejects(registerVersion(registry, input(artifact, { failingGates })), (e: unknown) => {
      assert.ok(e instanceof RegistryError && e.code === 'refused');
      assert.match(e.message, /test\/accuracy >= 0\.9 \(was 0\.4\)/);
      return true;
    });
    const result = await registerVersion(registry, input(artifact, { failingGates, override: { override: true, reason: 'demo for the board' } }));
    assert.equal(result.version.gateOverride?.reason, 'demo for the board');
    const actions = auditEntries(registry).map((e) => `${e.action}: ${e.reason ?? ''}`);
    assert.deepEqual(actions, ['gate-override: demo for the board (failing: test/accuracy >= 0.9 was 0.4)', 'register: demo for the board']);
  });

  it('moves production only to a version that passes its gates, unless overridden with a reason', async () => {
    const { registry, artifact } = setup();
    await registerVersion(registry, input(artifact));
    fs.writeFileSync(artifact, 'v2');
    const v2Hash = createHash('sha256').update('v2').digest('hex');
    await registerVersion(registry, input(artifact, { recordedHash: v2Hash, runId: 'r2', failingGates: [{ expression: 'test/accuracy >= 0.9', actual: 0.3 }], override: { override: true, reason: 'keep for study' } }));
    const base = { model: 'iris', alias: 'production', who: 'Ada', protectedAliases: ['production'], override: { override: false } };
    setModelAlias(registry, { ...base, version: 1 });
    assert.throws(() => setModelAlias(registry, { ...base, version: 2 }), /Refused to move the protected alias production.*test\/accuracy >= 0\.9 \(was 0\.3\)/);
    assert.deepEqual(readAliases(registry, 'iris'), { production: 1 });
    setModelAlias(registry, { ...base, alias: 'staging', version: 2 }); // not protected
    setModelAlias(registry, { ...base, version: 2, override: { override: true, reason: 'rollback test' } });
    assert.deepEqual(readAliases(registry, 'iris'), { production: 2, staging: 2 });
    const last = auditEntries(registry).slice(-2).map((e) => [e.action, e.from, e.to, e.reason]);
    assert.deepEqual(last, [
      ['gate-override', 'production=1', 'production=2', 'rollback test (failing: test/accuracy >= 0.9 was 0.3)'],
      ['alias-move', 'production=1', 'production=2', 'rollback test'],
    ]);
  });

  it("reads MLflow's file-store registry (fixture) read-only: versions, run lineage, aliases", async () => {
    const mlruns = path.resolve(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'mlruns-registry', 'mlruns');
    const models = await readMlflowRegistry(mlruns);
    assert.deepEqual(models.map((m) => [m.name, m.source, m.versions.map((v) => `${v.version}:${v.runId ?? ''}`), m.aliases]), [
      ['fraud-detector', 'mlflow', ['1:mlflow:4f1c2d0e9a8b4c6d8e7f6a5b4c3d2e1f', '2:mlflow:9a8b7c6d5e4f4a3b2c1d0e9f8a7b6c5d'], { champion: 2, challenger: 1 }],
    ]);
  });
});
