import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decideGates } from '../../../src/core/registry/gatePolicy';
import { findIdentical, nextVersion, removeAlias, setAlias } from '../../../src/core/registry/registryModel';

describe('registry rules (pure)', () => {
  it('numbers versions one past the highest, never reusing a number', () => {
    assert.equal(nextVersion([]), 1);
    assert.equal(nextVersion([1, 2, 5]), 6);
  });

  it('finds the version holding identical content', () => {
    assert.equal(findIdentical([{ version: 1, artifactHash: 'aa' }, { version: 2, artifactHash: 'bb' }], 'bb')?.version, 2);
    assert.equal(findIdentical([{ version: 1, artifactHash: 'aa' }], 'cc'), undefined);
  });

  it('sets a new alias, moves an existing one (one version per alias) and removes it', () => {
    const set = setAlias({}, 'staging', 1, [1, 2]);
    assert.ok(set.ok);
    assert.equal(set.action, 'alias-set');
    assert.deepEqual(set.aliases, { staging: 1 });
    const moved = setAlias({ staging: 1, production: 1 }, 'staging', 2, [1, 2]);
    assert.ok(moved.ok);
    assert.equal(moved.action, 'alias-move');
    assert.equal(moved.from, 1);
    assert.deepEqual(moved.aliases, { staging: 2, production: 1 });
    const removed = removeAlias({ staging: 2, production: 1 }, 'staging');
    assert.ok(removed.ok);
    assert.deepEqual(removed.aliases, { production: 1 });
  });

  it('refuses an alias to a missing version, an unsafe alias name and a numeric alias', () => {
    const missing = setAlias({}, 'production', 3, [1, 2]);
    assert.ok(!missing.ok);
    assert.match(missing.message, /no version 3/);
    assert.ok(!setAlias({}, 'prod/x', 1, [1]).ok);
    assert.ok(!setAlias({}, '42', 1, [1]).ok);
    assert.ok(!removeAlias({}, 'staging').ok);
  });

  it('refuses a failing gate without an override, and an override without a reason; records the reason', () => {
    const failing = [{ expression: 'test/accuracy >= 0.9', actual: 0.4 }];
    const refused = decideGates('register run r1 as iris', failing, { override: false });
    assert.ok(!refused.allowed);
    assert.match(refused.message, /test\/accuracy >= 0\.9 \(was 0\.4\)/);
    assert.ok(!decideGates('register run r1 as iris', failing, { override: true, reason: '  ' }).allowed);
    const allowed = decideGates('register run r1 as iris', failing, { override: true, reason: 'hotfix for outage' });
    assert.ok(allowed.allowed);
    assert.deepEqual(allowed.override, { reason: 'hotfix for outage', failing });
    assert.deepEqual(decideGates('x', [], { override: false }), { allowed: true });
  });
});
