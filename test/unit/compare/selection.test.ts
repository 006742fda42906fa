import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { expandSweepParents, runsJoiningComparison } from '../../../src/core/runs/compareSelection';

interface R { id: string; experiment: string; createdAt: number; parentId?: string; tags: Record<string, string> }
const r = (id: string, createdAt: number, over: Partial<R> = {}): R => ({ id, experiment: 'iris', createdAt, tags: {}, ...over });

// A finished sweep (the runner labels its parent `sweep`) and two plain runs.
const sweep = r('sweep', 10, { tags: { sweep: '' } });
const kids = [r('kid-b', 12, { parentId: 'sweep' }), r('kid-a', 11, { parentId: 'sweep' }), r('kid-c', 13, { parentId: 'sweep' })];
const plain = [r('p1', 1), r('p2', 2)];
const store = [...kids, sweep, ...plain];

describe('expandSweepParents (what "Compare Runs" on a selection shows)', () => {
  it('replaces a sweep parent by its children, in the order the sweep started them', () => {
    assert.deepEqual(expandSweepParents(['sweep'], store), ['kid-a', 'kid-b', 'kid-c']);
  });

  it('keeps plain runs and the selection order, and drops duplicates', () => {
    assert.deepEqual(expandSweepParents(['p2', 'sweep', 'kid-b', 'p1'], store), ['p2', 'kid-a', 'kid-b', 'kid-c', 'p1']);
  });

  it('keeps a sweep parent whose children do not exist yet, and ids it does not know', () => {
    assert.deepEqual(expandSweepParents(['sweep', 'gone'], [sweep]), ['sweep', 'gone']);
  });
});

describe('runsJoiningComparison (runs that join an open panel)', () => {
  const openedAt = 5;

  it('adds the children of a sweep started meanwhile, never its parent', () => {
    assert.deepEqual(runsJoiningComparison(['p1', 'p2'], store, openedAt), ['kid-a', 'kid-b', 'kid-c']);
    // Just started: only the parent exists yet; it does not join as an entry without a curve.
    assert.deepEqual(runsJoiningComparison(['p1', 'p2'], [sweep, ...plain], openedAt), []);
  });

  it('adds a plain run started meanwhile in a compared experiment only', () => {
    const later = [...plain, r('new', 20), r('other', 21, { experiment: 'mnist' }), r('old', 3)];
    assert.deepEqual(runsJoiningComparison(['p1'], later, openedAt), ['new']);
  });

  it('adds the children of a shown sweep parent even when the sweep started before the panel', () => {
    assert.deepEqual(runsJoiningComparison(['sweep'], store, 100), ['kid-a', 'kid-b', 'kid-c']);
    assert.deepEqual(expandSweepParents(['sweep', 'kid-a', 'kid-b', 'kid-c'], store), ['kid-a', 'kid-b', 'kid-c']);
  });
});
