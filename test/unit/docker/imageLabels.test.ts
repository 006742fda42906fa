import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { planImageLabels, planImageTag } from '../../../src/core/docker/imageLabels';

describe('planImageLabels', () => {
  it('carries the OCI and mlops.* labels of the run and model', () => {
    const labels = planImageLabels({ id: 'r-20261129-0001', commit: 'abc1234', created: '2026-11-29T02:00:00.000Z' }, { name: 'iris-classifier', version: '3' });
    assert.deepEqual(labels, {
      'org.opencontainers.image.title': 'iris-classifier',
      'org.opencontainers.image.version': '3',
      'org.opencontainers.image.revision': 'abc1234',
      'org.opencontainers.image.created': '2026-11-29T02:00:00.000Z',
      'mlops.managed': 'true',
      'mlops.model': 'iris-classifier',
      'mlops.version': '3',
      'mlops.run': 'r-20261129-0001',
      'mlops.commit': 'abc1234',
    });
  });

  it('leaves the commit labels out when the run has none', () => {
    const labels = planImageLabels({ id: 'r1', created: '2026-11-29T02:00:00.000Z' }, { name: 'm', version: '1' });
    assert.ok(!('mlops.commit' in labels) && !('org.opencontainers.image.revision' in labels));
  });
});

describe('planImageTag', () => {
  it('is <model>:<version>, made acceptable to Docker', () => {
    assert.equal(planImageTag({ name: 'iris-classifier', version: '3' }), 'iris-classifier:3');
    assert.equal(planImageTag({ name: 'Iris_Classifier', version: 'r 2026/11' }), 'iris_classifier:r-2026-11');
  });
});
