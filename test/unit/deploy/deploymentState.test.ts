import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { deploymentActions, deploymentContextValue, rebuildDeployments, versionContextValue } from '../../../src/core/deploy/deploymentState';
import type { InspectedContainer } from '../../../src/core/deploy/deploymentState';

const NOW = Date.parse('2026-11-29T03:00:00.000Z');
/** A container as dockerode's inspect gives it. */
function container(id: string, labels: Record<string, string>, state: { running?: boolean; health?: string; startedAt?: string } = {}): InspectedContainer {
  return {
    Id: id,
    Config: { Image: labels['mlops.version'] ? `iris:${labels['mlops.version']}` : 'local/mlops-base:bookworm', Labels: { 'mlops.managed': 'true', 'mlops.deployment': 'iris', 'mlops.model': 'iris', ...labels } },
    State: { Running: state.running ?? true, StartedAt: state.startedAt ?? '2026-11-29T02:50:00.000Z', Health: state.health ? { Status: state.health } : null },
  };
}
const router = container('r', { 'mlops.role': 'router', 'mlops.port': '8080' });
const blue = (state = {}, labels = {}): InspectedContainer => container('b', { 'mlops.colour': 'blue', 'mlops.role': 'primary', 'mlops.version': '1', 'mlops.run': 'r1', 'mlops.port': '18081', 'mlops.strategy': 'blue-green', ...labels }, { health: 'healthy', startedAt: '2026-11-29T02:00:00.000Z', ...state });
const greenCanary = (state = {}): InspectedContainer => container('g', { 'mlops.colour': 'green', 'mlops.role': 'canary', 'mlops.version': '2', 'mlops.run': 'r2', 'mlops.port': '18082', 'mlops.strategy': 'canary', 'mlops.weight': '10' }, { health: 'healthy', ...state });

const summary = (containers: InspectedContainer[]): string[] => rebuildDeployments(containers, NOW)[0]!.versions.map((v) => `${v.colour} ${v.version} ${v.role} ${v.trafficShare}% ${v.health}`);

describe('rebuildDeployments', () => {
  it('a canary: model, strategy, router port, shares from the weight, health, port and uptime', () => {
    const [d] = rebuildDeployments([greenCanary(), router, blue()], NOW);
    assert.equal(d!.deployment, 'iris');
    assert.equal(d!.model, 'iris');
    assert.equal(d!.strategy, 'canary');
    assert.equal(d!.routerPort, 8080);
    assert.deepEqual(summary([greenCanary(), router, blue()]), ['blue 1 primary 90% healthy', 'green 2 canary 10% healthy']);
    const canary = d!.versions[1]!;
    assert.equal(canary.port, 18082);
    assert.equal(canary.uptimeMs, 10 * 60 * 1000);
    assert.equal(canary.image, 'iris:2');
    assert.equal(deploymentContextValue(d!), 'deployment.healthy');
    assert.equal(versionContextValue(canary), 'version.canary.healthy');
    assert.deepEqual(deploymentActions(d!), { promote: true, rollback: true, stop: true });
  });

  it('a promoted canary running alone is the primary with all traffic; the stopped old one is the previous', () => {
    assert.deepEqual(summary([router, greenCanary(), blue({ running: false })]), ['green 2 primary 100% healthy', 'blue 1 primary 0% stopped']);
    const [d] = rebuildDeployments([router, greenCanary(), blue({ running: false })], NOW);
    assert.equal(versionContextValue(d!.versions[1]!), 'version.previous.stopped');
    assert.deepEqual(deploymentActions(d!), { promote: false, rollback: true, stop: true });
  });

  it('a shadow gets no client traffic', () => {
    const shadow = container('s', { 'mlops.colour': 'green', 'mlops.role': 'shadow', 'mlops.version': '2', 'mlops.port': '18082', 'mlops.strategy': 'shadow' }, { health: 'healthy' });
    assert.deepEqual(summary([router, blue(), shadow]), ['blue 1 primary 100% healthy', 'green 2 shadow 0% healthy']);
  });

  it('health follows State.Health.Status; the deployment is unhealthy when a serving version or the router is', () => {
    assert.deepEqual(summary([router, blue(), greenCanary({ health: 'unhealthy' })]), ['blue 1 primary 90% healthy', 'green 2 canary 10% unhealthy']);
    assert.equal(deploymentContextValue(rebuildDeployments([router, blue(), greenCanary({ health: 'unhealthy' })], NOW)[0]!), 'deployment.unhealthy');
    assert.equal(deploymentContextValue(rebuildDeployments([router, blue({ health: 'starting' })], NOW)[0]!), 'deployment.starting');
    assert.equal(deploymentContextValue(rebuildDeployments([blue()], NOW)[0]!), 'deployment.unhealthy', 'no router: nobody can reach it');
    assert.equal(deploymentContextValue(rebuildDeployments([container('r', { 'mlops.role': 'router', 'mlops.port': '8080' }, { running: false }), blue({ running: false })], NOW)[0]!), 'deployment.stopped');
    assert.equal(summary([router, blue({ health: undefined })])[0], 'blue 1 primary 100% none');
  });

  it('ignores unmanaged containers and groups by deployment name', () => {
    const other = container('o', { 'mlops.deployment': 'churn', 'mlops.model': 'churn', 'mlops.colour': 'blue', 'mlops.role': 'primary', 'mlops.version': '7', 'mlops.port': '18090' });
    const unmanaged: InspectedContainer = { Id: 'x', Config: { Labels: { 'mlops.deployment': 'iris' } }, State: { Running: true } };
    const all = rebuildDeployments([other, unmanaged, router, blue()], NOW);
    assert.deepEqual(all.map((d) => `${d.deployment}: ${d.versions.map((v) => v.version).join(',')}`), ['churn: 7', 'iris: 1']);
    assert.equal(all[0]!.router, undefined);
  });
});
