// The Sweep tab: parallel coordinates (every param that differs → a metric) drawn on a canvas,
// and a scatter of one param against one metric drawn with uPlot. Hover a line or point to see
// the run; click it (or Enter on the focused canvas) to open the run.

import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import uPlot from 'uplot';
import type { PanelContext } from './context';
import { custom, h } from '../shared/dom';
import type { RunInfo } from './protocol';
import { axisTickLabels, distanceToRun, fitText, metricAxis, paramAxis, parallelAxes, type SweepAxis } from './sweepLayout';
import { formatNumber, paramColumns } from './tables';

const PARALLEL_HEIGHT = 320;
const SCATTER_HEIGHT = 300;
const HIT_PX = 8;
const LABEL_LINE_HEIGHT = 14;

export class SweepView {
  readonly root: HTMLElement;
  private readonly parallelControls: HTMLElement;
  private readonly scatterControls: HTMLElement;
  private readonly canvas: HTMLCanvasElement;
  private readonly parallelTip: HTMLElement;
  private readonly scatterBody: HTMLElement;
  private readonly scatterTip: HTMLElement;
  private readonly message: HTMLElement;
  private readonly sections: HTMLElement;
  private axes: SweepAxis[] = [];
  private axisX: number[] = [];
  private shown: RunInfo[] = [];
  private hovered: string | null = null;
  private scatter: uPlot | undefined;
  private scatterRuns: RunInfo[] = [];
  private visible = false;
  private stale = true;
  /** False while the tab shows an empty-state sentence instead of the plots: nothing to draw then. */
  private drawable = false;
  private readonly resize: ResizeObserver;

  constructor(private readonly ctx: PanelContext) {
    this.canvas = h('canvas', {
      class: 'parallel-canvas', tabindex: 0, role: 'img',
      'aria-label': 'Parallel coordinates of params and the chosen metric. Arrow keys move between runs, Enter opens the highlighted run.',
    });
    this.parallelTip = h('div', { class: 'chart-tooltip', role: 'status', hidden: true });
    this.scatterTip = h('div', { class: 'chart-tooltip', role: 'status', hidden: true });
    this.scatterBody = h('div', { class: 'scatter-plot', role: 'img' });
    this.parallelControls = h('div', { class: 'toolbar' });
    this.scatterControls = h('div', { class: 'toolbar' });
    this.message = h('p', { class: 'empty-note', hidden: true });
    this.sections = h('div', { class: 'sweep-sections' },
      h('section', { class: 'sweep-section' },
        h('h3', {}, 'Parallel coordinates'), this.parallelControls,
        h('div', { class: 'chart-body' }, this.canvas, this.parallelTip)),
      h('section', { class: 'sweep-section' },
        h('h3', {}, 'Param vs metric'), this.scatterControls,
        h('div', { class: 'chart-body' }, this.scatterBody, this.scatterTip)));
    this.root = h('div', { class: 'sweep-view' }, this.message, this.sections);
    this.canvas.addEventListener('mousemove', (e) => this.onParallelMove(e));
    this.canvas.addEventListener('mouseleave', () => this.setHovered(null));
    this.canvas.addEventListener('click', () => { if (this.hovered) ctx.post({ type: 'openRun', runId: this.hovered }); });
    this.canvas.addEventListener('keydown', (e) => this.onParallelKey(e));
    this.resize = new ResizeObserver(() => { if (this.visible && !this.stale && this.drawable) this.draw(); });
    this.resize.observe(this.root);
  }

  show(): void {
    this.visible = true;
    if (this.stale) this.render();
  }

  hide(): void {
    this.visible = false;
  }

  /** Data or visibility changed: redraw now if shown, else on the next show(). */
  invalidate(): void {
    this.stale = true;
    if (this.visible) this.render();
  }

  private render(): void {
    this.stale = false;
    const { model, hidden, ui } = this.ctx;
    this.shown = model.runs.filter((r) => !hidden.has(r.id));
    const params = paramColumns(this.shown, model.paramNames(), false);
    const metrics = model.finalMetricNames();
    const reason = this.shown.length < 2 ? 'A sweep view needs at least two shown runs that differ in a param.'
      : metrics.length === 0 ? 'The sweep views need final metric values; these runs have none yet.'
        : params.length === 0 ? 'The shown runs all have the same params, so there is nothing to plot against the metric.' : '';
    this.message.textContent = reason;
    this.message.hidden = reason === '';
    this.sections.hidden = reason !== '';
    this.drawable = reason === '';
    if (reason) { this.destroyScatter(); return; }
    const pick = (wanted: string | null, options: string[]): string =>
      wanted !== null && options.includes(wanted) ? wanted : options[0] ?? '';
    const preferred = model.primaryMetric !== null && metrics.includes(model.primaryMetric) ? model.primaryMetric : null;
    const parallelMetric = pick(ui.parallelMetric ?? preferred, metrics);
    const scatterMetric = pick(ui.scatterMetric ?? preferred, metrics);
    const scatterParam = pick(ui.scatterParam, params);
    this.parallelControls.replaceChildren(this.select('Metric', metrics, parallelMetric, (v) => { ui.parallelMetric = v; }));
    this.scatterControls.replaceChildren(
      this.select('Param', params, scatterParam, (v) => { ui.scatterParam = v; }),
      this.select('Metric', metrics, scatterMetric, (v) => { ui.scatterMetric = v; }));
    this.axes = parallelAxes(this.shown, params, parallelMetric, model.goal(parallelMetric));
    this.scatterSpec = { param: scatterParam, metric: scatterMetric };
    this.draw();
  }

  private scatterSpec = { param: '', metric: '' };

  private select(label: string, options: string[], value: string, onChange: (v: string) => void): HTMLElement {
    const select = custom('vscode-single-select', { 'aria-label': label },
      ...options.map((o) => custom('vscode-option', { value: o, selected: o === value }, o)));
    select.addEventListener('change', () => {
      onChange((select as HTMLElement & { value: string }).value);
      this.ctx.saveUi();
      this.render();
    });
    return h('label', { class: 'field' }, h('span', {}, label), select);
  }

  private draw(): void {
    this.drawParallel();
    this.drawScatter();
  }

  private drawParallel(): void {
    const theme = this.ctx.theme();
    const ratio = window.devicePixelRatio || 1;
    const cssWidth = Math.max(300, this.canvas.parentElement?.clientWidth ?? 600);
    this.canvas.width = Math.round(cssWidth * ratio);
    this.canvas.height = Math.round(PARALLEL_HEIGHT * ratio);
    this.canvas.style.width = `${cssWidth}px`;
    this.canvas.style.height = `${PARALLEL_HEIGHT}px`;
    const g = this.canvas.getContext('2d');
    if (!g) return;
    g.setTransform(ratio, 0, 0, ratio, 0, 0);
    g.clearRect(0, 0, cssWidth, PARALLEL_HEIGHT);
    const left = 70, right = 70, top = 40, bottom = 24;
    const height = PARALLEL_HEIGHT - top - bottom;
    const n = this.axes.length;
    this.axisX = this.axes.map((_, i) => (n === 1 ? cssWidth / 2 : left + (i * (cssWidth - left - right)) / (n - 1)));
    const yOf = (t: number): number => top + (1 - t) * height;
    // Lines first, the hovered run last so it sits on top.
    const order = [...this.shown].sort((a, b) => Number(a.id === this.hovered) - Number(b.id === this.hovered));
    for (const run of order) {
      const isHovered = run.id === this.hovered;
      g.globalAlpha = this.hovered === null || isHovered ? 0.9 : 0.2;
      g.strokeStyle = run.colour;
      g.lineWidth = isHovered ? 3 : 1.5;
      g.beginPath();
      let drawing = false;
      this.axes.forEach((axis, i) => {
        const t = axis.positions.get(run.id);
        if (t === undefined) { drawing = false; return; }
        const x = this.axisX[i] as number, y = yOf(t);
        if (drawing) g.lineTo(x, y); else g.moveTo(x, y);
        drawing = true;
      });
      g.stroke();
    }
    g.globalAlpha = 1;
    g.font = theme.font;
    const measure = (text: string): number => g.measureText(text).width;
    this.axes.forEach((axis, i) => {
      const x = this.axisX[i] as number;
      g.strokeStyle = theme.muted;
      g.lineWidth = 1;
      g.beginPath(); g.moveTo(x, top); g.lineTo(x, top + height); g.stroke();
      g.fillStyle = axis.kind === 'metric' ? theme.foreground : theme.muted;
      g.textAlign = 'center';
      g.textBaseline = 'bottom';
      const spacing = n > 1 ? (cssWidth - left - right) / (n - 1) : cssWidth;
      g.fillText(fitText(axis.kind === 'metric' ? `${axis.key} ${this.ctx.model.goal(axis.key) === 'maximize' ? '↑' : '↓'}` : axis.key, spacing - 8, measure), x, top - 14);
      g.textAlign = 'right';
      g.textBaseline = 'middle';
      // Labels sit on boxes of the editor background, drawn after the run lines: lines pass under them.
      for (const label of axisTickLabels(axis.ticks, x, top, height, measure, LABEL_LINE_HEIGHT, 60)) {
        g.globalAlpha = 0.85;
        g.fillStyle = theme.background;
        g.fillRect(label.box.x, label.box.y, label.box.width, label.box.height);
        g.globalAlpha = 1;
        g.fillStyle = theme.muted;
        g.fillText(label.text, label.textX, label.textY);
      }
    });
  }

  private onParallelMove(e: MouseEvent): void {
    const rect = this.canvas.getBoundingClientRect();
    const px = e.clientX - rect.left, py = e.clientY - rect.top;
    let best: string | null = null, bestD = HIT_PX;
    for (const run of this.shown) {
      const d = distanceToRun(this.axes, run.id, this.axisX, 40, PARALLEL_HEIGHT - 64, px, py);
      if (d < bestD) { bestD = d; best = run.id; }
    }
    this.setHovered(best, px, py);
  }

  private onParallelKey(e: KeyboardEvent): void {
    if (e.key === 'Enter' && this.hovered) { this.ctx.post({ type: 'openRun', runId: this.hovered }); return; }
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp' && e.key !== 'Escape') return;
    e.preventDefault();
    if (e.key === 'Escape') { this.setHovered(null); return; }
    const i = this.shown.findIndex((r) => r.id === this.hovered);
    const next = e.key === 'ArrowDown' ? i + 1 : (i < 0 ? this.shown.length : i) - 1;
    const run = this.shown[(next + this.shown.length) % this.shown.length];
    this.setHovered(run?.id ?? null, 8, 8);
  }

  private setHovered(runId: string | null, px = 0, py = 0): void {
    if (runId !== this.hovered) {
      this.hovered = runId;
      this.drawParallel();
    }
    const run = runId === null ? undefined : this.ctx.model.run(runId);
    if (!run) { this.parallelTip.hidden = true; return; }
    this.parallelTip.replaceChildren(tooltipHead(run),
      ...this.axes.map((a) => h('div', { class: 'tooltip-row' }, h('span', { class: 'tooltip-name' }, a.key),
        h('span', { class: 'tooltip-value' }, a.labels.get(run.id) ?? '—'))));
    this.parallelTip.hidden = false;
    placeTooltip(this.parallelTip, px, py, this.canvas.clientWidth);
  }

  private destroyScatter(): void {
    this.scatter?.destroy();
    this.scatter = undefined;
  }

  private drawScatter(): void {
    this.destroyScatter();
    const { param, metric } = this.scatterSpec;
    const theme = this.ctx.theme();
    const xAxis = paramAxis(this.shown, param);
    const yAxis = metricAxis(this.shown, metric, this.ctx.model.goal(metric));
    this.scatterRuns = this.shown.filter((r) => xAxis.labels.has(r.id) && yAxis.labels.has(r.id));
    if (this.scatterRuns.length === 0) {
      // uPlot cannot build a scatter without a single series; say why the plot is empty instead.
      this.scatterBody.removeAttribute('aria-label');
      this.scatterBody.replaceChildren(h('p', { class: 'empty-note' }, `No shown run has both ${param} and a final ${metric}.`));
      return;
    }
    this.scatterBody.replaceChildren();
    // The ticks are drawn on a canvas; screen readers (and tests) read them here.
    this.scatterBody.setAttribute('aria-label', `${metric} against ${param}. ${xAxis.scale === 'category'
      ? `x axis ticks: ${xAxis.categories.join(', ')}.`
      : `x axis from ${formatNumber(Math.min(...this.scatterRuns.map((r) => Number(r.params[param]))))} to ${formatNumber(Math.max(...this.scatterRuns.map((r) => Number(r.params[param]))))}.`}`);
    const xOf = (r: RunInfo): number => (xAxis.scale === 'category'
      ? xAxis.categories.indexOf(xAxis.labels.get(r.id) ?? '')
      : Number(r.params[param]));
    const points = this.scatterRuns.map((r) => [[xOf(r)], [r.finalMetrics[metric] ?? null]]);
    const axis = (): uPlot.Axis => ({ stroke: theme.muted, font: theme.font, grid: { stroke: theme.grid, width: 1 }, ticks: { stroke: theme.grid, width: 1 } });
    const xAxisOpts: uPlot.Axis = axis();
    if (xAxis.scale === 'category') {
      xAxisOpts.splits = () => xAxis.categories.map((_, i) => i);
      xAxisOpts.values = (_u, splits) => splits.map((s) => xAxis.categories[s] ?? '');
    }
    const width = Math.max(300, this.scatterBody.clientWidth || 600);
    this.scatter = new uPlot({
      mode: 2,
      width,
      height: SCATTER_HEIGHT,
      legend: { show: false },
      cursor: { drag: { x: false, y: false }, points: { show: false }, x: false, y: false },
      scales: {
        x: {
          time: false, distr: xAxis.scale === 'log' ? 3 : 1, log: 10,
          range: xAxis.scale === 'category'
            ? (): uPlot.Range.MinMax => [-0.5, Math.max(0.5, xAxis.categories.length - 0.5)]
            : (_u, min, max) => padRange(min, max, xAxis.scale === 'log'),
        },
        y: { range: (_u, min, max) => padRange(min, max, false) },
      },
      axes: [xAxisOpts, axis()],
      series: [{}, ...this.scatterRuns.map((r): uPlot.Series => ({
        label: r.name, stroke: r.colour, fill: r.colour, width: 1, paths: dotPaths, points: { show: false },
        facets: [{ scale: 'x', auto: true }, { scale: 'y', auto: true }],
      }))],
      hooks: { setCursor: [(u) => this.onScatterCursor(u)] },
    }, [null, ...points] as unknown as uPlot.AlignedData, this.scatterBody);
    this.scatter.over.addEventListener('click', () => {
      const id = this.scatterTip.hidden ? undefined : this.scatterTip.dataset.runId;
      if (id) this.ctx.post({ type: 'openRun', runId: id });
    });
  }

  private onScatterCursor(u: uPlot): void {
    const left = u.cursor.left ?? -1, top = u.cursor.top ?? -1;
    if (left < 0) { this.scatterTip.hidden = true; return; }
    let best: number | undefined, bestD = HIT_PX * 1.5;
    u.data.forEach((facet, i) => {
      if (i === 0 || !facet) return;
      const [xs, ys] = facet as unknown as [number[], (number | null)[]];
      const x = xs[0], y = ys[0];
      if (x === undefined || y === null || y === undefined) return;
      const d = Math.hypot(u.valToPos(x, 'x') - left, u.valToPos(y, 'y') - top);
      if (d < bestD) { bestD = d; best = i - 1; }
    });
    const run = best === undefined ? undefined : this.scatterRuns[best];
    if (!run) { this.scatterTip.hidden = true; return; }
    const { param, metric } = this.scatterSpec;
    const v = run.finalMetrics[metric];
    this.scatterTip.dataset.runId = run.id;
    this.scatterTip.replaceChildren(tooltipHead(run),
      h('div', { class: 'tooltip-row' }, h('span', { class: 'tooltip-name' }, param), h('span', { class: 'tooltip-value' }, String(run.params[param]))),
      h('div', { class: 'tooltip-row' }, h('span', { class: 'tooltip-name' }, metric), h('span', { class: 'tooltip-value' }, v === null || v === undefined ? '—' : formatNumber(v))));
    this.scatterTip.hidden = false;
    placeTooltip(this.scatterTip, left + u.over.offsetLeft, top + u.over.offsetTop, this.scatterBody.clientWidth);
  }

  destroy(): void {
    this.resize.disconnect();
    this.destroyScatter();
  }
}

/** One dot per point. uPlot's own point drawing needs a line path builder, which a scatter does not have. */
const dotPaths: uPlot.Series.PathBuilder = (u, seriesIdx) => {
  const facet = (u.data as unknown as ([number[], (number | null)[]] | null)[])[seriesIdx];
  if (!facet) return null;
  const [xs, ys] = facet;
  const r = 4.5 * uPlot.pxRatio;
  const path = new Path2D();
  xs.forEach((x, i) => {
    const y = ys[i];
    if (y === null || y === undefined) return;
    const px = u.valToPos(x, 'x', true), py = u.valToPos(y, 'y', true);
    path.moveTo(px + r, py);
    path.arc(px, py, r, 0, 2 * Math.PI);
  });
  return { stroke: path, fill: path, clip: null, band: null, flags: 0 };
};

function tooltipHead(run: RunInfo): HTMLElement {
  const swatch = h('span', { class: 'swatch', 'aria-hidden': 'true' });
  swatch.style.backgroundColor = run.colour;
  return h('div', { class: 'tooltip-head' }, swatch, ` ${run.name}`);
}

function placeTooltip(tip: HTMLElement, x: number, y: number, width: number): void {
  const w = tip.offsetWidth;
  tip.style.left = `${x + 16 + w > width ? Math.max(0, x - w - 16) : x + 16}px`;
  tip.style.top = `${Math.max(0, y - 8)}px`;
}

function padRange(min: number | null, max: number | null, log: boolean): uPlot.Range.MinMax {
  if (min === null || max === null) return [0, 1];
  if (log) return uPlot.rangeLog(min, max, 10, false);
  if (min === max) { const pad = Math.abs(min) * 0.1 || 1; return [min - pad, max + pad]; }
  return uPlot.rangeNum(min, max, 0.1, true);
}
