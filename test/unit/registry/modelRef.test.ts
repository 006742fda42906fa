import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseModelRef } from '../../../src/core/registry/modelRef';

describe('parseModelRef (model@alias, model:version)', () => {
  it('reads model@alias', () => {
    assert.deepEqual(parseModelRef('iris-classifier@production'), { ok: true, ref: { kind: 'alias', model: 'iris-classifier', alias: 'production' } });
  });

  it('reads model:version as a number', () => {
    assert.deepEqual(parseModelRef(' iris:12 '), { ok: true, ref: { kind: 'version', model: 'iris', version: 12 } });
  });

  it('rejects a plain run id, so callers can fall back to runs', () => {
    const parsed = parseModelRef('1a2b3c');
    assert.equal(parsed.ok, false);
  });

  it('rejects version 0, a non-number version, an empty alias and unsafe names with one sentence', () => {
    for (const text of ['iris:0', 'iris:v2', 'iris@', '../x@prod', 'iris@a/b']) {
      const parsed = parseModelRef(text);
      assert.equal(parsed.ok, false, `expected '${text}' to be refused; it parsed`);
      if (!parsed.ok) assert.match(parsed.message, /^'.*' is not /, `expected one sentence for '${text}', saw: ${parsed.message}`);
    }
  });
});
