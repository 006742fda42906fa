import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { nothingToRun, stageUnchanged, upToDateText } from '../../../src/core/runner/upToDate';

const same = { fingerprint: 'abc', lastFingerprint: 'abc', outputsPresent: true };

describe('the up-to-date decision (as DVC: nothing changed → nothing to run, nothing recorded)', () => {
  it('skips a stage only when its fingerprint is the last successful one and its outputs exist', () => {
    assert.equal(stageUnchanged(same, false), true);
    assert.equal(stageUnchanged({ ...same, lastFingerprint: 'old' }, false), false, 'an input changed');
    assert.equal(stageUnchanged({ ...same, lastFingerprint: undefined }, false), false, 'it never succeeded');
    assert.equal(stageUnchanged({ ...same, outputsPresent: false }, false), false, 'an output was deleted');
    assert.equal(stageUnchanged(same, true), false, '--force runs it');
  });

  it('has nothing to run only when every selected stage is unchanged, and never with --force', () => {
    assert.equal(nothingToRun([same, same, same], false), true);
    assert.equal(nothingToRun([same, { ...same, fingerprint: 'new' }, same], false), false, 'one changed stage means a run');
    assert.equal(nothingToRun([same, same], true), false, '--force always runs');
  });

  it('says what is up to date', () => {
    assert.equal(upToDateText(), 'Pipeline is up to date: nothing to run');
    assert.equal(upToDateText('train'), 'Stage train and its upstream are up to date: nothing to run');
  });
});
