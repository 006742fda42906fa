import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Frame, Page } from 'playwright-core';
import { encodeHistory } from '../../src/core/runs/historyCodec';
import { newRunId } from '../../src/core/runs/runId';
import type { RunRecord } from '../../src/core/runs/runModel';
import { openMlopsContainer, openWorkbenchWithVsix, runFromPalette, waitUntil, type WorkbenchSession } from './workbenchSession';

const RUNS = 100;
const METRICS = 20;
const STEPS = 300;

/**
 * Writes RUNS finished runs of METRICS metrics × STEPS steps into the workspace's store, in the
 * store's on-disk format (meta.json + history.bin per run, index/base.json), as
 * bench/store/generate.mjs does: logging 600,000 points through the runner would take minutes.
 */
function writeStore(workspace: string): { metrics: string[]; runDirs: string[] } {
  const dir = path.join(workspace, '.mlops');
  fs.mkdirSync(path.join(dir, 'runs'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'index'), { recursive: true });
  const names = Array.from({ length: METRICS }, (_, m) => `metric_${String(m).padStart(2, '0')}`);
  const steps = Float64Array.from({ length: STEPS }, (_, i) => i);
  const start = Date.now() - RUNS * 60_000;
  const records: RunRecord[] = [];
  for (let r = 0; r < RUNS; r++) {
    const createdAt = start + r * 60_000;
    const series: Record<string, { steps: Float64Array; values: Float64Array; timestamps: Float64Array }> = {};
    const finals: Record<string, number> = {};
    for (const [m, name] of names.entries()) {
      const values = Float64Array.from({ length: STEPS }, (_, i) => Math.exp(-(0.001 + ((r * 31 + m * 7) % 97) / 10_000) * i));
      series[name] = { steps, values, timestamps: Float64Array.from({ length: STEPS }, (_, i) => createdAt + i * 50) };
      finals[name] = values[STEPS - 1]!;
    }
    const record: RunRecord = {
      id: newRunId(createdAt), rev: 3, source: 'mlops', name: `many-${String(r).padStart(3, '0')}`, experiment: 'iris',
      status: 'finished', createdAt, startedAt: createdAt + 5, endedAt: createdAt + STEPS * 50,
      params: { 'train.lr': 0.001 * (1 + r) }, metrics: finals, tags: {}, notes: '', starred: false,
      artifacts: [], data: [], stages: [], history: 'bin',
    };
    const runDir = path.join(dir, 'runs', record.id);
    fs.mkdirSync(runDir);
    fs.writeFileSync(path.join(runDir, 'meta.json'), JSON.stringify(record));
    fs.writeFileSync(path.join(runDir, 'history.bin'), encodeHistory(series));
    records.push(record);
  }
  fs.writeFileSync(path.join(dir, 'index', 'base.json'), JSON.stringify({ v: 1, segments: {}, runs: records }));
  return { metrics: names, runDirs: records.map((r) => path.join(dir, 'runs', r.id)) };
}

async function compareFrame(session: WorkbenchSession): Promise<Frame> {
  let found: Frame | undefined;
  await waitUntil(session, { expected: 'the Compare Runs webview', screenshot: 'compare-many-no-panel' }, async () => {
    for (const frame of session.page.frames()) {
      if (await frame.$('#compare-root').catch(() => null)) { found = frame; return true; }
    }
    return false;
  }, (ok) => ok, () => 'no frame with #compare-root');
  return found!;
}

// Page scripts are strings: the tests compile without the DOM library.
/** Per chart card: how many series the panel says it drew (data-series-drawn) and its canvases. */
const chartStates = (frame: Frame) => frame.evaluate<{ metric: string; series: number | null; canvases: number }[]>(`[...document.querySelectorAll('.chart-card')].map((card) => ({
  metric: card.dataset.metric ?? '',
  series: card.dataset.seriesDrawn === undefined ? null : Number(card.dataset.seriesDrawn),
  canvases: card.querySelectorAll('canvas').length,
}))`);

async function selectAllRuns(page: Page): Promise<void> {
  const first = page.locator('.part.sidebar .monaco-list-row', { has: page.locator('.label-name', { hasText: /^many-\d{3}$/ }) }).first();
  await first.waitFor({ timeout: 60_000 });
  await first.click();
  // Select all, as a user does in a list (the experiment row comes along; Compare ignores it).
  await page.keyboard.press('Control+A');
}

const panelText = (frame: Frame) => frame.evaluate<string>("(document.querySelector('#compare-root')?.textContent ?? '').trim()");

describe('Compare Runs panel with many runs in the real workbench', () => {
  let session: WorkbenchSession | undefined;
  let store: ReturnType<typeof writeStore>;
  before(async () => {
    session = await openWorkbenchWithVsix();
    store = writeStore(session.workspace);
    await openMlopsContainer(session.page);
    await session.page.getByRole('button', { name: /Refresh Experiments/ }).first().click().catch(() => undefined);
  });
  after(async () => { await session?.close(); });

  it(`draws all ${METRICS} charts with ${RUNS} series each when ${RUNS} runs are compared`, async () => {
    const s = session!;
    const { metrics } = store;
    await selectAllRuns(s.page);
    await runFromPalette(s.page, 'MLOps: Compare Runs');

    const frame = await compareFrame(s);
    await waitUntil(s, { expected: `${RUNS} legend entries and ${METRICS} chart cards`, screenshot: 'compare-many-not-loaded', timeoutMs: 120_000 },
      () => frame.evaluate<{ legend: number; cards: number; text: string }>(`({
        legend: document.querySelectorAll('.legend-entry').length,
        cards: document.querySelectorAll('.chart-card').length,
        text: (document.querySelector('#compare-root')?.textContent ?? '').trim().slice(0, 160),
      })`),
      (seen) => seen.legend === RUNS && seen.cards === METRICS,
      (seen) => `${seen.legend} legend entries, ${seen.cards} cards, panel text "${seen.text}"`);

    // Charts are created as they scroll into view: bring each one there, as a user scrolling would.
    for (const metric of metrics) {
      await waitUntil(s, { expected: `the "${metric}" chart drawn with ${RUNS} series on a canvas`, screenshot: `compare-many-${metric}` },
        async () => {
          await frame.evaluate(`document.querySelector('.chart-card[data-metric=' + CSS.escape(${JSON.stringify(metric)}) + ']')?.scrollIntoView({ block: 'center' })`);
          return (await chartStates(frame)).find((c) => c.metric === metric);
        },
        (card) => card?.series === RUNS && card.canvases > 0,
        (card) => (card ? `${String(card.series)} series drawn, ${card.canvases} canvases` : 'no such chart card'));
    }
    const states = await chartStates(frame);
    const wrong = states.filter((c) => c.series !== RUNS || c.canvases === 0);
    if (wrong.length > 0 || states.length !== METRICS) {
      const file = await s.screenshot('compare-many-final');
      throw new Error(`expected ${METRICS} charts with ${RUNS} series each; saw ${states.length} charts, ${wrong.length} short (first: ${JSON.stringify(wrong[0])}) (screenshot: ${file})`);
    }
    await s.screenshot('compare-many');
    s.assertNoWebviewErrors();
  });

  it('says why it could not load the runs instead of loading forever', async () => {
    const s = session!;
    // A damaged history file: the runs cannot be read, and the panel must say so.
    fs.writeFileSync(path.join(store.runDirs[0]!, 'history.bin'), 'not a history file');
    await selectAllRuns(s.page);
    await runFromPalette(s.page, 'MLOps: Compare Runs');
    const frame = await compareFrame(s);
    await waitUntil(s, { expected: 'the panel to say "Could not load the runs: reading the runs failed …"', screenshot: 'compare-many-load-error' },
      () => panelText(frame), (text) => text.includes('Could not load the runs: reading the runs failed'), (text) => `"${text.slice(0, 200)}"`);
    await s.screenshot('compare-many-load-error');
    s.assertNoWebviewErrors();
  });
});
