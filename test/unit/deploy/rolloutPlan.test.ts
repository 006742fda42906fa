import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DeploymentState, VersionState } from '../../../src/core/deploy/deploymentTypes';
import { planPromote, planRollback, planRollout, planStop, RolloutError } from '../../../src/core/deploy/rolloutPlan';
import type { RolloutPlan, RolloutRequest, RolloutStep } from '../../../src/core/deploy/rolloutPlan';

const example = { columns: ['x'], data: [[1]] };
const request = (over: Partial<RolloutRequest> = {}): RolloutRequest => ({
  deployment: 'iris', model: 'iris', strategy: 'blue-green', image: 'iris:2', version: '2', run: 'r2', commit: 'c2',
  port: 18082, routerPort: 8080, maxBodyBytes: 1024, example, healthTimeoutMs: 30000, drainMs: 2000, ...over,
});
const version = (over: Partial<VersionState>): VersionState => ({
  containerId: 'id', colour: 'blue', role: 'primary', version: '1', run: 'r1', image: 'iris:1', port: 18081,
  running: true, health: 'healthy', trafficShare: 100, ...over,
});
const state = (...versions: VersionState[]): DeploymentState => ({
  deployment: 'iris', model: 'iris', strategy: 'blue-green', routerPort: 8080,
  router: { containerId: 'r', running: true, health: 'none', port: 8080 }, versions,
});
const blueServing = state(version({}));

/** Steps in short form: `kind colour`, and the upstream servers of a router config. */
function brief(steps: RolloutStep[]): string[] {
  return steps.map((s) => {
    if (s.kind === 'writeRouter') {
      const serving = /upstream mlops_serving \{([^}]*)\}/.exec(s.config)?.[1] ?? '';
      const servers = serving.split('\n').filter((l) => /^\s*server /.test(l)).map((l) => l.trim().split(' ').slice(1, 3).join(' ').replace(/ max_fails.*|;$/g, ''));
      return `writeRouter ${servers.join(', ')}${s.config.includes('mirror /_mlops/shadow;') ? ' +mirror' : ''}`;
    }
    if (s.kind === 'startContainer') return `startContainer ${s.colour} ${s.role} ${s.image} :${s.port}`;
    if (s.kind === 'drain') return `drain ${s.ms}`;
    return 'colour' in s ? `${s.kind} ${s.colour}` : s.kind;
  });
}

/** No step that moves traffic or stops the serving version before the new one passed both checks. */
function assertChecksFirst(plan: RolloutPlan, newColour: string): void {
  const kinds = brief(plan.steps);
  const healthy = kinds.indexOf(`waitHealthy ${newColour}`);
  const contract = kinds.indexOf(`contractCheck ${newColour}`);
  const start = kinds.findIndex((k) => k.startsWith(`startContainer ${newColour}`));
  assert.ok(start < healthy && healthy < contract, `start, waitHealthy, contractCheck out of order: ${kinds.join(' | ')}`);
  const firstMove = kinds.findIndex((k, i) => i > start && /^(writeRouter|reloadRouter|startRouter|stopContainer)/.test(k));
  assert.ok(firstMove > contract, `traffic moved before the checks: ${kinds.join(' | ')}`);
}

describe('planRollout', () => {
  it('first deployment: start as primary, check, then start the router', () => {
    const plan = planRollout(undefined, request({ strategy: 'canary', weight: 10 }));
    assert.deepEqual(brief(plan.steps), ['startContainer blue primary iris:2 :18082', 'waitHealthy blue', 'contractCheck blue', 'writeRouter 127.0.0.1:18082', 'startRouter']);
    assert.deepEqual(brief(plan.onFailure), ['stopContainer blue']);
    assert.equal(plan.summary, 'Deploy iris 2 on port 8080.');
  });

  it('blue-green: new colour checked, switched, drained, old stopped', () => {
    const plan = planRollout(blueServing, request());
    assert.deepEqual(brief(plan.steps), [
      'startContainer green primary iris:2 :18082', 'waitHealthy green', 'contractCheck green',
      'writeRouter 127.0.0.1:18082', 'reloadRouter', 'drain 2000', 'stopContainer blue',
    ]);
    assertChecksFirst(plan, 'green');
    assert.deepEqual(brief(plan.onFailure), ['stopContainer green'], 'a failed check must stop only the new container');
  });

  it('canary: weighted split after the checks, old version keeps running', () => {
    const plan = planRollout(blueServing, request({ strategy: 'canary', weight: 10 }));
    assert.deepEqual(brief(plan.steps), ['startContainer green canary iris:2 :18082', 'waitHealthy green', 'contractCheck green', 'writeRouter 127.0.0.1:18081 weight=90, 127.0.0.1:18082 weight=10', 'reloadRouter']);
    assertChecksFirst(plan, 'green');
    const start = plan.steps[0] as Extract<RolloutStep, { kind: 'startContainer' }>;
    assert.equal(start.labels['mlops.role'], 'canary');
    assert.equal(start.labels['mlops.weight'], '10');
    assert.equal(start.labels['mlops.colour'], 'green');
    assert.equal(start.labels['mlops.deployment'], 'iris');
    assert.deepEqual([start.env['MLOPS_PORT'], start.env['MLOPS_HOST'], start.env['MLOPS_MODEL_VERSION'], start.env['MLOPS_RUN_ID']], ['18082', '127.0.0.1', '2', 'r2']);
  });

  it('shadow: mirrored after the checks, clients still answered by the primary', () => {
    const plan = planRollout(blueServing, request({ strategy: 'shadow' }));
    assert.deepEqual(brief(plan.steps), ['startContainer green shadow iris:2 :18082', 'waitHealthy green', 'contractCheck green', 'writeRouter 127.0.0.1:18081 +mirror', 'reloadRouter']);
    assertChecksFirst(plan, 'green');
  });

  it('recreate: the old one stops first; a failure brings it back', () => {
    const plan = planRollout(blueServing, request({ strategy: 'recreate' }));
    assert.deepEqual(brief(plan.steps), ['stopContainer blue', 'startContainer green primary iris:2 :18082', 'waitHealthy green', 'contractCheck green', 'writeRouter 127.0.0.1:18082', 'reloadRouter']);
    assert.deepEqual(brief(plan.onFailure), ['stopContainer green', 'restartContainer blue', 'waitHealthy blue']);
  });

  it('replaces a running canary: traffic back to the primary before it is stopped and removed', () => {
    const current = state(version({ trafficShare: 90 }), version({ colour: 'green', role: 'canary', version: '2', port: 18082, trafficShare: 10, weight: 10 }));
    const plan = planRollout(current, request({ strategy: 'canary', weight: 20, version: '3', image: 'iris:3', port: 18083 }));
    assert.deepEqual(brief(plan.steps).slice(0, 6), ['writeRouter 127.0.0.1:18081', 'reloadRouter', 'drain 2000', 'stopContainer green', 'removeContainer green', 'startContainer green canary iris:3 :18083']);
    assertChecksFirst(plan, 'green');
  });

  it('removes a stopped previous version that holds the colour', () => {
    const current = state(version({}), version({ colour: 'green', version: '0', running: false, health: 'stopped', trafficShare: 0 }));
    assert.deepEqual(brief(planRollout(current, request()).steps).slice(0, 2), ['removeContainer green', 'startContainer green primary iris:2 :18082']);
  });

  it('starts a new router when the old one stopped, after removing it', () => {
    const current = { ...blueServing, router: { containerId: 'r', running: false, health: 'stopped' as const, port: 8080 } };
    assert.deepEqual(brief(planRollout(current, request()).steps).slice(3, 6), ['writeRouter 127.0.0.1:18082', 'removeRouter', 'startRouter']);
  });

  it('refuses a canary without a weight from 1 to 99', () => {
    for (const weight of [undefined, 0, 100, 12.5]) {
      assert.throws(() => planRollout(blueServing, request({ strategy: 'canary', weight })), (e: unknown) => e instanceof RolloutError && e.code === 'bad-weight', String(weight));
    }
  });
});

describe('promote, rollback, stop', () => {
  const withCanary = state(version({ trafficShare: 90 }), version({ colour: 'green', role: 'canary', version: '2', port: 18082, trafficShare: 10, weight: 10 }));
  const options = { routerPort: 8080, maxBodyBytes: 1024, drainMs: 2000, example };

  it('promote: the canary takes all traffic, then the old primary stops', () => {
    const plan = planPromote(withCanary, options);
    assert.deepEqual(brief(plan.steps), ['waitHealthy green', 'writeRouter 127.0.0.1:18082', 'reloadRouter', 'drain 2000', 'stopContainer blue']);
    assert.throws(() => planPromote(blueServing, options), (e: unknown) => e instanceof RolloutError && e.code === 'nothing-to-promote');
  });

  it('rollback with a canary running: traffic back to the primary, canary stopped', () => {
    assert.deepEqual(brief(planRollback(withCanary, options).steps), ['writeRouter 127.0.0.1:18081', 'reloadRouter', 'drain 2000', 'stopContainer green']);
  });

  it('rollback after a switch: the stopped previous container serves again once checked', () => {
    const current = state(version({ colour: 'green', version: '2', port: 18082 }), version({ colour: 'blue', version: '1', port: 18081, running: false, health: 'stopped', trafficShare: 0 }));
    const plan = planRollback(current, options);
    assert.deepEqual(brief(plan.steps), ['restartContainer blue', 'waitHealthy blue', 'contractCheck blue', 'writeRouter 127.0.0.1:18081', 'reloadRouter', 'drain 2000', 'stopContainer green']);
    assert.deepEqual(brief(plan.onFailure), ['stopContainer blue']);
  });

  it('rollback when the previous container is gone: started from its image', () => {
    const current = state(version({ colour: 'green', version: '2', port: 18082 }));
    const plan = planRollback(current, { ...options, previous: { deployment: 'iris', model: 'iris', image: 'iris:1', version: '1', run: 'r1', port: 18085, example } });
    assert.deepEqual(brief(plan.steps), ['startContainer blue primary iris:1 :18085', 'waitHealthy blue', 'contractCheck blue', 'writeRouter 127.0.0.1:18085', 'reloadRouter', 'drain 2000', 'stopContainer green']);
    assert.throws(() => planRollback(current, options), (e: unknown) => e instanceof RolloutError && e.code === 'nothing-to-roll-back');
  });

  it('stop: router and every container stopped, then removed', () => {
    const current = { ...withCanary, versions: [...withCanary.versions, version({ colour: 'green', running: false })].slice(0, 2) };
    assert.deepEqual(brief(planStop(current).steps), ['stopRouter', 'removeRouter', 'stopContainer blue', 'stopContainer green', 'removeContainer blue', 'removeContainer green']);
  });
});
