import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Frame, Page } from 'playwright-core';
import { repoRoot } from '../harness/paths';
import { baseImage, freePort, openDeployableExample, removeDeployment } from './deployableExample';
import { openMlopsContainer, runFromPalette, waitUntil, type WorkbenchSession } from './workbenchSession';

// Drift from the real workbench with the packaged .vsix and a real Docker engine: the example is
// deployed (with the packaged CLI, as deploy.test.ts does through the UI), gets the iris data
// with one feature shifted, and "Check Drift" on the deployment must flag that feature. The
// model (and so the deployment and its containers) is named for this test file alone and
// removed by that label in after().
const model = `iris-drift-e2e-${process.pid}`;
const cli = path.join(repoRoot, 'dist', 'cli.js');
const shifted = 'sepal_width';
const unshifted = ['sepal_length', 'petal_length', 'petal_width'];



function mlops(workspace: string, ...args: string[]): void {
  const result = spawnSync(process.execPath, [cli, ...args], { cwd: workspace, encoding: 'utf8' });
  const last = `${result.stderr}${result.stdout}`.trim().split('\n').slice(-2).join(' ');
  assert.equal(result.status, 0, `expected mlops ${args[0]} to succeed; it exited with ${String(result.status)}: ${last}`);
}

/**
 * Every row of the example's data (so the other features match the reference exactly) with
 * sepal_width moved up by 3 cm, beyond anything in the reference (2.0–4.4), in requests of 10 rows.
 */
async function sendSkewedRequests(workspace: string, port: number): Promise<number> {
  const [header, ...lines] = fs.readFileSync(path.join(workspace, 'data', 'iris.csv'), 'utf8').trim().split('\n');
  const columns = header!.split(',').slice(0, 4);
  const rows = lines.map((line) => line.split(',').slice(0, 4).map(Number)).map((r) => r.map((v, i) => (columns[i] === shifted ? v + 3 : v)));
  for (let i = 0; i < rows.length; i += 10) {
    const response = await fetch(`http://127.0.0.1:${port}/invocations`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ dataframe_split: { columns, data: rows.slice(i, i + 10) } }),
    });
    assert.equal(response.status, 200, `expected the deployment to answer 200, it answered ${response.status}: ${(await response.text()).slice(0, 200)}`);
  }
  return rows.length;
}

async function driftFrame(session: WorkbenchSession): Promise<Frame> {
  return waitUntil(session, { expected: 'the drift report webview (#drift-root)', screenshot: 'drift-no-panel' },
    async () => {
      for (const frame of session.page.frames()) {
        if (await frame.$('#drift-root').catch(() => null)) return frame;
      }
      return undefined;
    }, (frame) => frame !== undefined, () => 'no frame with #drift-root') as Promise<Frame>;
}

interface ListedFeature { name: string | null; drifted: string | null; histogram: string }

/** The report's feature cards in the order shown: name, drifted flag, the histogram's accessible name. */
const listedFeatures = (frame: Frame) => frame.evaluate<ListedFeature[]>(`[...document.querySelectorAll('#drift-features > li')].map((li) => ({
  name: li.getAttribute('data-feature'), drifted: li.getAttribute('data-drifted'), histogram: li.querySelector('svg[role="img"]')?.getAttribute('aria-label') ?? '',
}))`);

const treeRow = (page: Page, label: string) =>
  page.locator('.part.sidebar .monaco-list-row').filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${label}$`) }) }).first();

describe('Check Drift on a deployment (packaged .vsix, real Docker engine)', () => {
  let session: WorkbenchSession;
  let routerPort = 0;

  before(async () => {
    routerPort = await freePort();
    session = await openDeployableExample({ model, routerPort });
    const { workspace } = session;
    mlops(workspace, 'run');
    mlops(workspace, 'deploy', '--base', baseImage, '--router-image', baseImage);
    await sendSkewedRequests(workspace, routerPort);
  });

  after(() => removeDeployment(model, session));

  it('lists the shifted feature first and drifted, says drift in the verdict, and marks the deployment in the tree', async () => {
    const { page } = session;
    await openMlopsContainer(page);
    const header = page.locator('.part.sidebar .pane-header[aria-label^="Deployments"]').first();
    if ((await header.getAttribute('aria-expanded')) !== 'true') await header.click();
    const deployment = treeRow(page, model);
    await waitUntil(session, { expected: `the deployment ${model} in the Deployments tree`, screenshot: 'drift-tree', timeoutMs: 120_000 },
      () => deployment.count(), (n) => n > 0, (n) => `${n} rows named ${model}`);
    await deployment.hover();
    await deployment.locator('.action-label[aria-label="Check Drift"]').click();

    const frame = await driftFrame(session);
    const seen = await waitUntil(session, { expected: 'the drift report with its verdict and features', screenshot: 'drift-report', timeoutMs: 120_000 },
      async () => ({
        verdict: await frame.locator('#drift-verdict .verdict-text').innerText().catch(() => ''),
        status: await frame.locator('#drift-status').innerText().catch(() => ''),
        features: await listedFeatures(frame).catch(() => []),
      }),
      (s) => s.verdict !== '' || /fail|no |not /i.test(s.status),
      (s) => `verdict "${s.verdict}", status "${s.status}", features ${JSON.stringify(s.features.map((f) => `${f.name}:${f.drifted}`))}`);
    await session.screenshot('drift-report');
    assert.match(seen.verdict, /^Drift detected in \d+ of \d+ features$/, `expected the verdict to say drift, saw "${seen.verdict}" (status "${seen.status}")`);
    assert.equal(seen.features[0]?.name, shifted, `expected ${shifted} listed first, saw the order ${seen.features.map((f) => f.name).join(', ')}`);
    assert.equal(seen.features[0]?.drifted, 'true', `expected ${shifted} flagged as drifted, saw drifted=${String(seen.features[0]?.drifted)}`);
    for (const name of unshifted) {
      const f = seen.features.find((x) => x.name === name);
      assert.equal(f?.drifted, 'false', `expected ${name} (sent unchanged) listed and not drifted, saw ${f ? `drifted=${String(f.drifted)}` : 'it missing'}`);
    }
    assert.match(seen.features[0]?.histogram ?? '', new RegExp(`^Histogram of ${shifted}, reference against live`), `expected ${shifted}'s histogram to be named for it, saw "${seen.features[0]?.histogram ?? ''}"`);

    const marked = await waitUntil(session, { expected: `the deployment ${model} marked "drift" in the Deployments tree`, screenshot: 'drift-tree-mark' },
      () => deployment.locator('.label-description').innerText().catch(() => ''), (d) => /(^| · )drift$/.test(d.replace(/\u00a0/g, ' ')), (d) => `description "${d}"`);
    assert.ok(marked.includes('healthy'), `the drift mark replaced the health in the description: "${marked}"`);
    // The toast hides itself after a while on a focused window (it stays in the notification
    // centre), and a loaded machine may take that long to get here: look where a user would.
    const drift = (where: string) => page.locator(`${where} .notification-list-item`, { hasText: 'Drift detected' });
    if (await drift('.notifications-toasts').count() === 0) await runFromPalette(page, 'Notifications: Show Notifications');
    const offer = await waitUntil(session, { expected: `a notification "Drift detected in N feature(s) of ${model}." offering Retrain`, screenshot: 'drift-notification' },
      async () => {
        const item = drift('.notifications-toasts').or(drift('.notifications-center')).first();
        return { text: await item.locator('.notification-list-item-message').innerText().catch(() => ''), retrain: await item.locator('.monaco-button', { hasText: 'Retrain' }).count() };
      },
      (s) => s.retrain > 0, (s) => `"${s.text}" with ${s.retrain} Retrain button(s)`);
    assert.match(offer.text, new RegExp(`^Drift detected in \\d+ features? of ${model}\\.$`), `expected "Drift detected in N feature(s) of ${model}.", saw "${offer.text}"`);
  });
});
