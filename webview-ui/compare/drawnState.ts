// Says on the page what the charts have drawn, for tests and assistive tools: after each chart
// draw (the `mlops-compare-drawn` event the Charts view fires from uPlot's draw hook),
//   - its card gets data-series-drawn: how many shown runs have points in that chart;
//   - each legend entry gets data-last-step: the highest last step of the run drawn so far.
// A test waits for these instead of comparing pixels or sleeping.

import type { CompareModel } from './model';

export interface DrawnState {
  /** Writes the attributes again (the legend was rebuilt and lost them). */
  reapply(): void;
}

export function trackDrawnState(model: () => CompareModel | undefined, isHidden: (runId: string) => boolean): DrawnState {
  let tracked: CompareModel | undefined;
  const lastSteps = new Map<string, number>();

  const writeLegend = (): void => {
    for (const entry of document.querySelectorAll<HTMLElement>('.legend-entry[data-run-id]')) {
      const step = lastSteps.get(entry.dataset.runId ?? '');
      const text = step === undefined ? undefined : String(step);
      if (text !== undefined && entry.dataset.lastStep !== text) entry.dataset.lastStep = text;
    }
  };

  document.addEventListener('mlops-compare-drawn', (event) => {
    const current = model();
    const metric = (event as CustomEvent<{ metric?: unknown }>).detail?.metric;
    if (!current || typeof metric !== 'string') return;
    if (tracked !== current) { tracked = current; lastSteps.clear(); }
    let withPoints = 0;
    for (const run of current.runs) {
      const n = current.historyLength(metric, run.id);
      if (n === 0 || isHidden(run.id)) continue;
      withPoints++;
      const last = current.history(metric, run.id)?.steps[n - 1];
      if (last !== undefined && Number.isFinite(last) && last > (lastSteps.get(run.id) ?? -Infinity)) lastSteps.set(run.id, last);
    }
    const card = document.querySelector<HTMLElement>(`.chart-card[data-metric="${CSS.escape(metric)}"]`);
    if (card) card.dataset.seriesDrawn = String(withPoints);
    writeLegend();
  });

  return { reapply: writeLegend };
}
