import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import type { DeploymentState, VersionState } from '../../../src/core/deploy/deploymentTypes';
import { verifyAuditChain } from '../../../src/core/registry/auditChain';
import { appendDeployAudit } from '../../../src/node/registry/deployAudit';
import { tempDir } from '../runs/tempDir';

function version(v: string, role: VersionState['role'], running: boolean, trafficShare: number, containerId = `c-${v}`): VersionState {
  return { containerId, colour: 'blue', role, version: v, run: `run-${v}`, image: `iris:${v}`, port: 20000, running, health: running ? 'healthy' : 'stopped', trafficShare };
}

function state(...versions: VersionState[]): DeploymentState {
  return { deployment: 'iris', model: 'iris', strategy: 'canary', routerPort: 8080, versions };
}

const hashes: Record<string, string> = { 'c-1': 'a'.repeat(64), 'c-2': 'b'.repeat(64) };
const entries = (registry: string) => {
  const verdict = verifyAuditChain(fs.readFileSync(path.join(registry, 'audit.jsonl'), 'utf8').split('\n'));
  assert.ok(verdict.valid, 'the trail the deploy hook wrote does not verify');
  return verdict.entries;
};

describe('deployment changes in the audit trail', () => {
  it('records a canary deploy with an overridden gate as gate-override then deploy, what served before and after', () => {
    const registry = path.join(tempDir('mlops-deploy-audit-'), '.mlops', 'registry');
    const target = { registry, who: 'Dee <dee@example.com>', overriddenGates: [{ expression: 'test/accuracy >= 0.9', actual: 0.86 }], reason: 'measure it live' };
    appendDeployAudit(target, {
      action: 'deploy', deployment: 'iris', model: 'iris', candidate: '2',
      before: state(version('1', 'primary', true, 100)), after: state(version('1', 'primary', true, 70), version('2', 'canary', true, 30)),
      artifactOf: (id) => hashes[id],
    }, new Date('2026-01-02T03:04:05Z'));
    assert.deepEqual(entries(registry).map((e) => [e.seq, e.action, e.model, e.version, e.from, e.to, e.reason, e.artifactHash, e.who, e.when]), [
      [1, 'gate-override', 'iris', 2, 'iris=1', 'iris=1, 2 (canary 30%)', 'measure it live (failing: test/accuracy >= 0.9 was 0.86)', 'b'.repeat(64), 'Dee <dee@example.com>', '2026-01-02T03:04:05.000Z'],
      [2, 'deploy', 'iris', 2, 'iris=1', 'iris=1, 2 (canary 30%)', 'measure it live', 'b'.repeat(64), 'Dee <dee@example.com>', '2026-01-02T03:04:05.000Z'],
    ]);
  });

  it('records promote, rollback and stop: the version serving after (stop: the one that served), null where nothing runs', () => {
    const registry = path.join(tempDir('mlops-deploy-audit-'), '.mlops', 'registry');
    const target = { registry, who: 'Dee' };
    const split = state(version('1', 'primary', true, 70), version('2', 'canary', true, 30));
    const promoted = state(version('2', 'primary', true, 100), version('1', 'primary', false, 0));
    const rolledBack = state(version('1', 'primary', true, 100), version('2', 'primary', false, 0));
    const facts = { deployment: 'iris', model: 'iris', artifactOf: (id: string) => hashes[id] };
    appendDeployAudit(target, { ...facts, action: 'promote', before: split, after: promoted });
    appendDeployAudit(target, { ...facts, action: 'rollback', before: promoted, after: rolledBack });
    appendDeployAudit(target, { ...facts, action: 'stop', before: rolledBack, after: undefined });
    assert.deepEqual(entries(registry).map((e) => [e.action, e.version, e.from, e.to, e.reason, e.artifactHash]), [
      ['promote', 2, 'iris=1, 2 (canary 30%)', 'iris=2', null, 'b'.repeat(64)],
      ['rollback', 1, 'iris=2', 'iris=1', null, 'a'.repeat(64)],
      ['stop', 1, 'iris=1', null, null, 'a'.repeat(64)],
    ]);
  });

  it('gives a run image (version run-…) no version number and a shadow its own mark', () => {
    const registry = path.join(tempDir('mlops-deploy-audit-'), '.mlops', 'registry');
    appendDeployAudit({ registry, who: 'Dee' }, {
      action: 'deploy', deployment: 'iris', model: 'iris', candidate: 'run-01jd4x9b',
      before: state(version('run-01jd3k2a', 'primary', true, 100)),
      after: state(version('run-01jd3k2a', 'primary', true, 100), version('run-01jd4x9b', 'shadow', true, 0)),
      artifactOf: () => undefined,
    });
    assert.deepEqual(entries(registry).map((e) => [e.action, e.version, e.from, e.to, e.artifactHash]), [
      ['deploy', null, 'iris=run-01jd3k2a', 'iris=run-01jd3k2a, run-01jd4x9b (shadow)', null],
    ]);
  });
});
