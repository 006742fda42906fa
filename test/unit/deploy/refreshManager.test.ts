import * as assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it, mock } from 'node:test';
import { RefreshManager } from '../../../src/extension/deploy/refreshManager';

// The Deployments view's refresh loop, on mocked timers: what matters is how many times it asks
// the engine, and that it never does while the view is hidden.
describe('Deployments refresh manager', () => {
  let calls = 0;
  let manager: RefreshManager;
  const settle = async () => { for (let i = 0; i < 5; i++) await Promise.resolve(); };

  beforeEach(() => {
    mock.timers.enable({ apis: ['setTimeout', 'setInterval'] });
    calls = 0;
    manager = new RefreshManager(() => { calls++; return Promise.resolve(); }, 10_000, 250);
  });
  afterEach(() => {
    manager.dispose();
    mock.timers.reset();
  });

  it('asks the engine nothing before the view is first shown, even when a command asks for a refresh', async () => {
    manager.request();
    mock.timers.tick(60_000);
    await settle();
    assert.equal(calls, 0, `expected no refresh before the view is shown, saw ${calls}`);
  });

  it('refreshes on showing, then on the interval while visible, and not at all while hidden', async () => {
    manager.setVisible(true);
    mock.timers.tick(0);
    await settle();
    assert.equal(calls, 1, `expected one refresh on showing, saw ${calls}`);
    mock.timers.tick(10_000);
    mock.timers.tick(250);
    await settle();
    assert.equal(calls, 2, `expected one more after the interval, saw ${calls}`);
    manager.setVisible(false);
    manager.request();
    for (let i = 0; i < 12; i++) mock.timers.tick(10_000);
    await settle();
    assert.equal(calls, 2, `expected no refresh while hidden, saw ${calls - 2} more`);
    manager.setVisible(true);
    mock.timers.tick(0);
    await settle();
    assert.equal(calls, 3, `expected one refresh on showing again (a command ran while hidden), saw ${calls - 2}`);
  });

  it('turns a burst of requests into one refresh', async () => {
    manager.setVisible(true);
    mock.timers.tick(0);
    await settle();
    for (let i = 0; i < 5; i++) manager.request();
    mock.timers.tick(250);
    await settle();
    assert.equal(calls, 2, `expected the five requests to make one refresh, saw ${calls - 1}`);
  });
});
