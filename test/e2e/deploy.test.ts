import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { repoRoot } from '../harness/paths';
import { baseImage, docker, freePort, openDeployableExample, removeDeployment } from './deployableExample';
import { openMlopsContainer, runFromPalette, waitUntil, type WorkbenchSession } from './workbenchSession';

// From a recorded run to a served prediction, from the real workbench with the packaged .vsix
// and a real Docker engine. The model gets a name of its own, so its image and containers are
// this test's alone and are removed by it (by that deployment label and image tag) in after().
const model = `iris-e2e-${process.pid}`;



const treeRow = (page: Page, label: string) =>
  page.locator('.part.sidebar .monaco-list-row').filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${label}$`) }) }).first();
/**
 * The descriptions of a deployment's version rows, in tree order. Other tests' deployments on the
 * same engine share the view, so only the rows under this deployment's row count. (List rows are
 * positioned by `data-index`, not by their order in the DOM.)
 */
function versionsOf(page: Page, deployment: string): Promise<string[]> {
  return page.evaluate<string[]>(`(() => {
    const own = [...document.querySelectorAll('.part.sidebar .monaco-list-row')].find((r) => r.querySelector('.label-name')?.textContent === ${JSON.stringify(deployment)});
    if (!own) return [];
    const rows = [...own.parentElement.children].sort((a, b) => Number(a.dataset.index) - Number(b.dataset.index));
    const out = [];
    for (const r of rows.slice(rows.indexOf(own) + 1)) {
      if (r.getAttribute('aria-level') !== '2') break;
      out.push((r.querySelector('.label-description')?.textContent ?? '').replace(/\u00a0/g, ' '));
    }
    return out;
  })()`);
}
const notificationTexts = (page: Page) => page.locator('.notifications-toasts .notification-list-item-message').allInnerTexts();

describe('Ship a model from the real workbench (packaged .vsix, real Docker engine)', () => {
  let session: WorkbenchSession;
  let routerPort = 0;

  before(async () => {
    routerPort = await freePort();
    // The example with this test's own model name, router port and settings, prepared before the
    // workbench opens it (so the settings are there from the start).
    session = await openDeployableExample({ model, routerPort, settings: { 'mlops.docker.defaultBase': baseImage, 'mlops.deploy.routerImage': baseImage } });
    const { workspace } = session;
    const run = spawnSync(process.execPath, [path.join(repoRoot, 'dist', 'cli.js'), 'run'], { cwd: workspace, encoding: 'utf8' });
    assert.equal(run.status, 0, `mlops run failed: ${run.stderr.split('\n').slice(-3).join(' ')}`);
  });

  after(() => removeDeployment(model, session));

  it('Dockerise Model builds the latest run that passed its gates into <model>:run-<id>, the build log in "MLOps Docker"', async () => {
    const { page } = session;
    await openMlopsContainer(page);
    await runFromPalette(page, 'MLOps: Dockerise Model');
    // "Which run?": the default, first in the list, is the latest run that passed its gates.
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Latest run that passed its gates' }).first().waitFor({ timeout: 30_000 });
    await page.keyboard.press('Enter');
    const built = await waitUntil(session, { expected: `a notification "Built the image ${model}:run-…"`, screenshot: 'deploy-dockerise', timeoutMs: 300_000 },
      () => notificationTexts(page), (texts) => texts.some((t) => t.startsWith(`Built the image ${model}:run-`) || / failed: /.test(t)), (texts) => texts.join(' | '));
    const message = built.find((t) => t.startsWith('Built the image')) ?? built.join(' | ');
    const tag = /Built the image (\S+) from run/.exec(message)?.[1];
    assert.ok(tag, `expected "Built the image ${model}:run-…", saw: ${message}`);
    const inspect = docker('image', 'inspect', '--format', '{{index .Config.Labels "mlops.model"}}', tag);
    assert.equal(inspect.stdout.trim(), model, `the engine has no image ${tag} labelled with the model: ${inspect.stderr.trim()}`);
    await runFromPalette(page, 'MLOps: Open Docker Log');
    await waitUntil(session, { expected: 'the build log ("Successfully tagged …") in the MLOps Docker output', screenshot: 'deploy-docker-log' },
      async () => (await page.locator('.part.panel .view-line').allInnerTexts()).map((l) => l.replace(/\u00a0/g, ' ')), (lines) => lines.some((l) => l.includes(`Successfully tagged ${tag}`)), (lines) => lines.slice(-5).join(' | '));
  });

  it('Deploy starts it behind the router; the Deployments tree shows it healthy with its traffic share; Send Test Request shows a prediction', async () => {
    const { page } = session;
    const header = page.locator('.part.sidebar .pane-header[aria-label^="Deployments"]').first();
    if ((await header.getAttribute('aria-expanded')) !== 'true') await header.click();
    await runFromPalette(page, 'MLOps: Deploy');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Latest run that passed its gates' }).first().waitFor({ timeout: 30_000 });
    await page.keyboard.press('Enter');
    // The pipeline's deploy.strategy (canary) comes first; its weight is asked next.
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'from the pipeline' }).first().waitFor({ timeout: 30_000 });
    await page.keyboard.press('Enter');
    await page.locator('.quick-input-widget', { hasText: 'Canary weight' }).waitFor({ timeout: 30_000 });
    await page.keyboard.press('Enter');

    // A first deployment has nothing to share traffic with: its only version is the primary.
    const deployment = treeRow(page, model);
    const seen = await waitUntil(session, { expected: `the deployment ${model} healthy on port ${routerPort}, its version primary with 100% of the traffic`, screenshot: 'deploy-tree', timeoutMs: 300_000 },
      async () => ({
        deployment: await deployment.locator('.label-description').innerText().catch(() => ''),
        versions: await versionsOf(page, model),
        notifications: await notificationTexts(page),
      }),
      (s) => (s.deployment.includes(`healthy · 127.0.0.1:${routerPort}`) && s.versions.length === 1 && s.versions[0]!.startsWith('primary · healthy · 100% traffic')) || s.notifications.some((t) => / failed: /.test(t)),
      (s) => `deployment "${s.deployment}", versions ${JSON.stringify(s.versions)}, notifications ${JSON.stringify(s.notifications)}`);
    assert.ok(!seen.notifications.some((t) => / failed: /.test(t)), `Deploy failed: ${seen.notifications.join(' | ')}`);

    await deployment.hover();
    await deployment.locator('.action-label[aria-label="Send Test Request"]').click();
    const answer = await waitUntil(session, { expected: `a notification "Prediction from ${model}: [...]"`, screenshot: 'deploy-test-request' },
      () => notificationTexts(page), (texts) => texts.some((t) => t.startsWith(`Prediction from ${model}: `) || t.startsWith('Test request failed')), (texts) => texts.join(' | '));
    const prediction = answer.find((t) => t.startsWith(`Prediction from ${model}: `)) ?? answer.join(' | ');
    // The example's three rows: a setosa, then two other iris species, one prediction each.
    assert.match(prediction, /^Prediction from \S+: \["setosa","\w+","\w+"\]$/, `expected three predictions, the first "setosa", saw: ${prediction}`);
    await session.screenshot('deploy-deployed');
  });

  it('a canary of a run that fails its gates needs an override with a reason; the tree shows the split; Roll Back returns all traffic to the first', async () => {
    const { page, workspace } = session;
    // A second run with a smaller learning rate: its test accuracy falls below the 0.9 gate.
    const second = spawnSync(process.execPath, [path.join(repoRoot, 'dist', 'cli.js'), 'run', '--force', '-P', 'train.lr=0.3'], { cwd: workspace, encoding: 'utf8' });
    assert.equal(second.status, 0, `mlops run failed: ${second.stderr.split('\n').slice(-3).join(' ')}`);
    const runId = /run (\w+) finished/.exec(second.stdout + second.stderr)?.[1];
    assert.ok(runId, `mlops run did not name its run: ${second.stdout.split('\n').slice(-2).join(' ')}`);

    await runFromPalette(page, 'MLOps: Deploy');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'A run by id' }).first().waitFor({ timeout: 30_000 });
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'A run by id' }).first().click();
    await page.locator('.quick-input-widget', { hasText: 'Run id' }).waitFor({ timeout: 30_000 });
    await page.keyboard.type(runId);
    await page.keyboard.press('Enter');
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ timeout: 60_000 });
    const refusal = await dialog.innerText();
    assert.match(refusal, /fails its gates: test\/accuracy >= 0\.9/, `expected the refusal to list the failing accuracy gate, saw: ${refusal.replace(/\s+/g, ' ')}`);
    await dialog.locator('.monaco-button', { hasText: 'Override…' }).click();
    await page.locator('.quick-input-widget', { hasText: 'despite failing gates' }).waitFor({ timeout: 30_000 });
    await page.keyboard.type('e2e: a canary of a weaker model');
    await page.keyboard.press('Enter');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'from the pipeline' }).first().waitFor({ timeout: 30_000 });
    await page.keyboard.press('Enter');
    await page.locator('.quick-input-widget', { hasText: 'Canary weight' }).waitFor({ timeout: 30_000 });
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type('30');
    await page.keyboard.press('Enter');

    const versions = () => versionsOf(page, model);
    const split = await waitUntil(session, { expected: 'the primary with 70% of the traffic and the canary with 30%', screenshot: 'deploy-canary', timeoutMs: 300_000 },
      async () => ({ versions: await versions(), notifications: await notificationTexts(page) }),
      (s) => (s.versions.some((v) => v.startsWith('primary · healthy · 70% traffic')) && s.versions.some((v) => v.startsWith('canary · healthy · 30% traffic'))) || s.notifications.some((t) => / failed: /.test(t)),
      (s) => `versions ${JSON.stringify(s.versions)}, notifications ${JSON.stringify(s.notifications)}`);
    assert.ok(!split.notifications.some((t) => / failed: /.test(t)), `the canary deploy failed: ${split.notifications.join(' | ')}`);

    const deployment = treeRow(page, model);
    await deployment.click({ button: 'right' });
    // A mouse click on the menu item did not trigger it in this headless workbench: hover it, then Enter.
    await page.locator('.context-view .action-label', { hasText: /^Roll Back$/ }).hover();
    await page.keyboard.press('Enter');
    await waitUntil(session, { expected: 'the first version primary with 100% of the traffic again, the canary out of traffic', screenshot: 'deploy-rollback', timeoutMs: 180_000 },
      versions, (v) => v.some((d) => d.startsWith('primary · healthy · 100% traffic')) && !v.some((d) => d.startsWith('canary · ')), (v) => JSON.stringify(v));
    await session.screenshot('deploy-rolled-back');
  });

  it('Stop asks first, then removes the router and every version: the deployment leaves the tree and the engine', async () => {
    const { page } = session;
    const deployment = treeRow(page, model);
    await deployment.click({ button: 'right' });
    await page.locator('.context-view .action-label', { hasText: /^Stop Deployment…$/ }).hover();
    await page.keyboard.press('Enter');
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ timeout: 30_000 });
    assert.match(await dialog.innerText(), new RegExp(`Stop the deployment ${model}\\?`), 'the confirmation does not name the deployment');
    await dialog.locator('.monaco-button', { hasText: /^Stop$/ }).click();
    await waitUntil(session, { expected: `the deployment ${model} gone from the Deployments tree`, screenshot: 'deploy-stopped', timeoutMs: 120_000 },
      () => treeRow(page, model).count(), (n) => n === 0, (n) => `${n} row(s) named ${model}`);
    const left = docker('ps', '-aq', '--filter', `label=mlops.deployment=${model}`).stdout.trim();
    assert.equal(left, '', `containers of ${model} are still on the engine: ${left.replace(/\n/g, ' ')}`);
  });

  it('Dockerise keeps a Dockerfile the user changed and offers Show Diff against the generated one', async () => {
    const { page, workspace } = session;
    const dockerfile = path.join(workspace, 'Dockerfile');
    assert.ok(fs.existsSync(dockerfile), 'the first Dockerise wrote no Dockerfile');
    fs.appendFileSync(dockerfile, '# changed by hand\n');
    await runFromPalette(page, 'MLOps: Dockerise Model');
    // The latest run's model file is the one on disk now (the lr=0.3 run of the canary test).
    const runRow = page.locator('.quick-input-list .monaco-list-row', { hasText: 'pipeline (lr=0.3)' }).first();
    await runRow.waitFor({ timeout: 30_000 });
    await runRow.click();
    const offer = page.locator('.notifications-toasts .notification-list-item', { hasText: 'differs from the one MLOps generates' }).first();
    await waitUntil(session, { expected: 'a notification that the Dockerfile differs from the generated one', screenshot: 'deploy-differs', timeoutMs: 300_000 },
      async () => ({ offers: await offer.count(), texts: await notificationTexts(page) }), (s) => s.offers > 0 || s.texts.some((t) => / failed: /.test(t)), (s) => s.texts.join(' | '));
    await offer.locator('.monaco-button', { hasText: 'Show Diff' }).click();
    await page.locator('.tabs-container .tab', { hasText: 'Dockerfile: yours ↔ generated' }).waitFor({ timeout: 30_000 });
    assert.match(fs.readFileSync(dockerfile, 'utf8'), /# changed by hand\n$/, 'Dockerise overwrote the changed Dockerfile without asking');
  });
});
