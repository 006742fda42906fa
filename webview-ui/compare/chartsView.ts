// The Charts tab: toolbar (x axis, log scale, smoothing, reset, exports), the shared run legend,
// and one MetricChart per metric. Live points are applied once per animation frame.

import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import type { PanelContext } from './context';
import { exportFileName, toCsv } from './csv';
import { custom, h } from '../shared/dom';
import { MetricChart, type ChartEvents, type ChartSource, type HoverValue } from './metricChart';
import { MAX_SMOOTHING, type XAxisMode } from './protocol';
import { formatNumber } from './tables';

const CHART_HEIGHT = 260;
const TOOLTIP_ROWS = 10;
/** Charts this far below the viewport are created early, so scrolling does not show blanks. */
const LAZY_MARGIN_PX = 300;

interface Card {
  metric: string;
  root: HTMLElement;
  plot: HTMLElement;
  tooltip: HTMLElement;
  chart: MetricChart;
}

export class ChartsView {
  readonly root: HTMLElement;
  private readonly grid: HTMLElement;
  private readonly legend: HTMLElement;
  private controls: HTMLElement | undefined;
  private readonly controlsSlot: HTMLElement;
  private legendEntries: { button: HTMLButtonElement; value: HTMLElement }[] = [];
  private cards: Card[] = [];
  private readonly byChart = new Map<MetricChart, Card>();
  private readonly lazy: IntersectionObserver;
  private readonly resize: ResizeObserver;
  private dirty = new Set<string>();
  private frame = 0;
  private hover: { chart: MetricChart; x: number } | null = null;
  private hoverFrame = 0;
  private smoothingFrame = 0;
  private visible = false;
  private readonly source: ChartSource;
  private readonly events: ChartEvents;

  constructor(private readonly ctx: PanelContext) {
    this.source = {
      runs: () => ctx.model.runs,
      history: (metric, runId) => ctx.model.history(metric, runId),
      historyLength: (metric, runId) => ctx.model.historyLength(metric, runId),
      timeOrigin: (runId) => ctx.model.timeOrigin(runId),
      isHidden: (runId) => ctx.hidden.has(runId),
      settings: () => ({ xAxis: ctx.ui.xAxis, smoothing: ctx.ui.smoothing, logScale: ctx.ui.logScale }),
      theme: () => ctx.theme(),
    };
    this.events = {
      hover: (chart, x) => this.onHover(chart, x),
      zoom: (chart, window) => {
        for (const card of this.cards) {
          if (card.chart === chart) continue;
          if (window) card.chart.zoomTo(window[0], window[1], false); else card.chart.resetZoom(false);
        }
      },
      drawn: (chart, first) => {
        if (first) performance.mark('mlops.compare.firstDraw', { detail: chart.metric });
        // Benchmarks and e2e tests listen for this; nothing in the panel does.
        document.dispatchEvent(new CustomEvent('mlops-compare-drawn', { detail: { metric: chart.metric, first } }));
      },
    };
    this.legend = h('div', { class: 'legend', role: 'group', 'aria-label': 'Runs: click to hide or show, Alt+click to show only one' });
    this.grid = h('div', { class: 'chart-grid' });
    // Holds the toolbar's height until attachControls() (see App.init for why it waits).
    this.controlsSlot = h('div', { class: 'toolbar-slot' });
    this.root = h('div', { class: 'charts-view' }, this.controlsSlot, this.legend, this.grid);
    this.lazy = new IntersectionObserver((entries) => {
      for (const e of entries) {
        if (!e.isIntersecting) continue;
        const card = this.cards.find((c) => c.root === e.target);
        if (card) this.ensureCreated(card);
      }
    }, { rootMargin: `${LAZY_MARGIN_PX}px` });
    this.resize = new ResizeObserver(() => {
      for (const card of this.cards) if (card.chart.created) card.chart.setSize(this.plotWidth(card), CHART_HEIGHT);
    });
    this.resize.observe(this.grid);
  }

  private toolbar(): HTMLElement {
    const ui = this.ctx.ui;
    const xAxis = custom('vscode-single-select', { 'aria-label': 'X axis', class: 'x-axis' },
      ...([['step', 'Step'], ['relative', 'Relative time'], ['wall', 'Wall time']] as const).map(([value, label]) =>
        custom('vscode-option', { value, selected: ui.xAxis === value }, label)));
    xAxis.addEventListener('change', () => {
      const value = (xAxis as HTMLElement & { value: string }).value as XAxisMode;
      if (value === ui.xAxis) return;
      ui.xAxis = value;
      this.ctx.saveUi();
      this.recreateCharts(true);
    });
    const log = custom('vscode-checkbox', { checked: ui.logScale, label: 'Log scale' });
    log.addEventListener('change', () => {
      ui.logScale = (log as HTMLElement & { checked: boolean }).checked;
      this.ctx.saveUi();
      this.recreateCharts(false);
    });
    const smoothingValue = h('output', { class: 'smoothing-value', for: 'smoothing' }, ui.smoothing.toFixed(2));
    const smoothing = h('input', {
      id: 'smoothing', type: 'range', min: 0, max: MAX_SMOOTHING, step: 0.01, value: ui.smoothing,
      'aria-label': 'Smoothing (exponential moving average weight)',
    });
    smoothing.addEventListener('input', () => {
      ui.smoothing = Math.min(MAX_SMOOTHING, Math.max(0, Number(smoothing.value) || 0));
      smoothingValue.textContent = ui.smoothing.toFixed(2);
      // Dragging the slider fires faster than a redraw of a million points; one rebuild per frame.
      if (this.smoothingFrame) return;
      this.smoothingFrame = requestAnimationFrame(() => {
        this.smoothingFrame = 0;
        this.ctx.saveUi();
        for (const card of this.cards) card.chart.rebuild();
      });
    });
    const reset = custom('vscode-button', { secondary: true, title: 'Show the whole x range of every chart (double-click a chart or press Escape on it)' }, 'Reset zoom');
    reset.addEventListener('click', () => { for (const card of this.cards) card.chart.resetZoom(false); });
    const png = custom('vscode-button', { secondary: true, title: 'Save the charts as one PNG image' }, 'Export PNG');
    png.addEventListener('click', () => this.exportPng());
    const csv = custom('vscode-button', { secondary: true, title: 'Save the visible runs’ metric histories as CSV' }, 'Export CSV');
    csv.addEventListener('click', () => this.exportCsv());
    return h('div', { class: 'toolbar', role: 'toolbar', 'aria-label': 'Chart options' },
      h('label', { class: 'field' }, h('span', {}, 'X axis'), xAxis),
      log,
      h('label', { class: 'field smoothing' }, h('span', {}, 'Smoothing'), smoothing, smoothingValue),
      h('span', { class: 'spacer' }),
      reset, png, csv);
  }

  /**
   * Builds the toolbar (web components) and puts it into the page, once the first charts are on
   * screen. Not earlier: Lit renders a component in a microtask as soon as it is created, even
   * detached, and those renders would run before uPlot's first draw (also a microtask).
   */
  attachControls(): void {
    this.controls ??= this.toolbar();
    if (!this.controls.isConnected) this.controlsSlot.append(this.controls);
  }

  /** Builds the legend and one card per metric, creating the charts in (or near) the viewport now. */
  render(): void {
    this.renderLegend();
    for (const card of this.cards) card.chart.destroy();
    this.lazy.disconnect();
    this.cards = [];
    this.byChart.clear();
    this.grid.replaceChildren();
    const { model } = this.ctx;
    if (model.metrics.length === 0) {
      this.grid.append(h('p', { class: 'empty-note' }, 'These runs have not logged any metrics yet. Charts appear here as soon as they do.'));
      return;
    }
    for (const metric of model.metrics) this.addCard(metric);
    this.createVisibleCharts();
  }

  private addCard(metric: string): Card {
    const goal = this.ctx.model.goal(metric);
    const tooltip = h('div', { class: 'chart-tooltip', role: 'status', hidden: true });
    const plot = h('div', {
      class: 'chart-plot', tabindex: 0, role: 'img',
      'aria-label': this.plotLabel(metric),
    });
    const root = h('section', { class: 'chart-card', 'data-metric': metric },
      h('h3', { class: 'chart-title' }, metric,
        h('span', { class: 'goal', title: goal === 'maximize' ? 'Higher is better' : 'Lower is better' }, goal === 'maximize' ? '↑' : '↓')),
      h('div', { class: 'chart-body' }, plot, tooltip));
    const chart = new MetricChart(metric, plot, this.source, this.events);
    const card: Card = { metric, root, plot, tooltip, chart };
    plot.addEventListener('keydown', (e) => { if (chart.handleKey(e.key)) e.preventDefault(); });
    plot.addEventListener('mouseleave', () => this.onHover(chart, null));
    this.cards.push(card);
    this.byChart.set(chart, card);
    this.grid.append(root);
    return card;
  }

  private axisName(): string {
    return this.ctx.ui.xAxis === 'step' ? 'step' : this.ctx.ui.xAxis === 'relative' ? 'time since the run started' : 'wall time';
  }

  private createVisibleCharts(): void {
    if (!this.visible) return;
    const limit = window.innerHeight + LAZY_MARGIN_PX;
    for (const card of this.cards) {
      if (card.chart.created) continue;
      if (card.root.getBoundingClientRect().top < limit) this.ensureCreated(card);
      else this.lazy.observe(card.root);
    }
  }

  private ensureCreated(card: Card): void {
    this.lazy.unobserve(card.root);
    if (card.chart.created) return;
    card.chart.create(this.plotWidth(card), CHART_HEIGHT);
  }

  private plotWidth(card: Card): number {
    return Math.max(200, Math.floor(card.plot.clientWidth || this.grid.clientWidth || 600));
  }

  /** Called when the Charts tab becomes visible (charts cannot size themselves while hidden). */
  show(): void {
    this.visible = true;
    this.createVisibleCharts();
    for (const card of this.cards) if (card.chart.created) card.chart.setSize(this.plotWidth(card), CHART_HEIGHT);
  }

  hide(): void {
    this.visible = false;
  }

  /** Settings that change scales or series (axis mode, log scale, theme) need new uPlot instances. */
  recreateCharts(forgetZoom: boolean): void {
    for (const card of this.cards) {
      card.plot.setAttribute('aria-label', this.plotLabel(card.metric));
      if (forgetZoom) card.chart.forgetZoom();
      if (card.chart.created) card.chart.create(this.plotWidth(card), CHART_HEIGHT);
    }
  }

  private plotLabel(metric: string): string {
    return `${metric} over ${this.axisName()} for every shown run. Drag to zoom, Shift+drag or arrow keys to pan, plus and minus to zoom, Escape or double-click to reset.`;
  }

  renderLegend(): void {
    const { model, hidden } = this.ctx;
    this.legendEntries = model.runs.map((run, i) => {
      const value = h('span', { class: 'legend-value' });
      const swatch = h('span', { class: 'swatch', 'aria-hidden': 'true' });
      swatch.style.backgroundColor = run.colour; // CSSOM, not a style attribute: allowed by the CSP
      const button = h('button', {
        class: `legend-entry status-${run.status}`, type: 'button', 'aria-pressed': String(!hidden.has(run.id)),
        title: `${run.name} (${run.experiment}, ${run.status}). Click to hide or show; Alt+click to show only this run.`,
        'data-run-id': run.id,
      }, swatch, h('span', { class: 'legend-name' }, run.name), value);
      button.addEventListener('click', (e) => this.onLegendClick(run.id, e.altKey));
      button.addEventListener('mouseenter', () => this.highlight(i));
      button.addEventListener('focus', () => this.highlight(i));
      button.addEventListener('mouseleave', () => this.highlight(null));
      button.addEventListener('blur', () => this.highlight(null));
      return { button, value };
    });
    const showAll = h('button', { class: 'link-button', type: 'button' }, 'Show all');
    showAll.addEventListener('click', () => this.ctx.setRunsHidden(new Map([...this.ctx.hidden].map((id) => [id, false]))));
    this.legend.replaceChildren(...this.legendEntries.map((e) => e.button), showAll);
  }

  private onLegendClick(runId: string, only: boolean): void {
    const { model, hidden } = this.ctx;
    if (only) {
      this.ctx.setRunsHidden(new Map(model.runs.map((r) => [r.id, r.id !== runId])));
      return;
    }
    this.ctx.setRunsHidden(new Map([[runId, !hidden.has(runId)]]));
  }

  private highlight(runIndex: number | null): void {
    for (const card of this.cards) card.chart.highlight(runIndex);
  }

  /** Runs were hidden or shown (legend, or another view). */
  applyVisibility(runIds: readonly string[]): void {
    const indexes = runIds.map((id) => this.ctx.model.indexOf(id)).filter((i) => i >= 0);
    for (const i of indexes) {
      const run = this.ctx.model.runs[i];
      this.legendEntries[i]?.button.setAttribute('aria-pressed', String(run !== undefined && !this.ctx.hidden.has(run.id)));
    }
    for (const card of this.cards) card.chart.applyVisibility(indexes);
  }

  /** Live points arrived for a metric: redraw its chart on the next frame, with everything else that arrived. */
  markDirty(metric: string, isNewMetric: boolean): void {
    if (isNewMetric) {
      if (this.cards.length === 0) this.grid.replaceChildren();
      this.addCard(metric);
      this.createVisibleCharts();
      return;
    }
    this.dirty.add(metric);
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      const metrics = this.dirty;
      this.dirty = new Set();
      for (const card of this.cards) if (metrics.has(card.metric)) card.chart.refresh();
    });
  }

  /** A run's name, colour or status changed. */
  runUpdated(): void {
    this.renderLegend();
    this.recreateCharts(false);
  }

  private onHover(chart: MetricChart, x: number | null): void {
    if (x === null) {
      if (this.hover && this.hover.chart !== chart) return;
      this.hover = null;
    } else {
      this.hover = { chart, x };
    }
    if (this.hoverFrame) return;
    this.hoverFrame = requestAnimationFrame(() => {
      this.hoverFrame = 0;
      this.renderHover();
    });
  }

  private renderHover(): void {
    const hover = this.hover;
    for (const card of this.cards) {
      if (hover && card.chart === hover.chart) continue;
      card.tooltip.hidden = true;
      card.chart.syncCursor(hover ? hover.x : null);
    }
    const values = hover ? hover.chart.valuesAt(hover.x) : [];
    const byRun = new Map(values.map((v) => [v.runIndex, v]));
    this.legendEntries.forEach((entry, i) => {
      const v = byRun.get(i);
      entry.value.textContent = v && v.y !== null ? formatNumber(v.y) : '';
    });
    if (!hover) return;
    const card = this.byChart.get(hover.chart);
    if (card) this.renderTooltip(card, hover.x, values);
  }

  private renderTooltip(card: Card, x: number, values: HoverValue[]): void {
    const pos = card.chart.cursorPosition();
    const tooltip = card.tooltip;
    if (!pos || values.length === 0) { tooltip.hidden = true; return; }
    const goal = this.ctx.model.goal(card.metric);
    const sorted = values.filter((v) => v.y !== null)
      .sort((a, b) => (goal === 'maximize' ? (b.y as number) - (a.y as number) : (a.y as number) - (b.y as number)));
    const runs = this.ctx.model.runs;
    const smoothing = this.ctx.ui.smoothing > 0;
    const rows = sorted.slice(0, TOOLTIP_ROWS).map((v) => {
      const run = runs[v.runIndex];
      const swatch = h('span', { class: 'swatch', 'aria-hidden': 'true' });
      swatch.style.backgroundColor = run?.colour ?? 'transparent';
      return h('div', { class: 'tooltip-row' }, swatch, h('span', { class: 'tooltip-name' }, run?.name ?? ''),
        h('span', { class: 'tooltip-value' }, formatNumber(v.y as number),
          smoothing && v.raw !== null ? h('span', { class: 'tooltip-raw' }, ` (${formatNumber(v.raw)})`) : null));
    });
    const more = sorted.length - rows.length;
    // Head with the x of the nearest logged point (the cursor itself sits between points).
    const nearest = values.reduce((best, v) => (Math.abs(v.x - x) < Math.abs(best.x - x) ? v : best));
    tooltip.replaceChildren(h('div', { class: 'tooltip-head' }, card.chart.formatX(nearest.x)), ...rows);
    if (more > 0) tooltip.append(h('div', { class: 'tooltip-more' }, `+${more} more — values for every run are in the legend`));
    tooltip.hidden = false;
    // Beside the cursor, flipped to its left near the right edge so it never leaves the card.
    const width = tooltip.offsetWidth;
    const left = pos.plotLeft + pos.left + 16;
    tooltip.style.left = `${left + width > pos.plotLeft + pos.width ? Math.max(0, pos.plotLeft + pos.left - width - 16) : left}px`;
    tooltip.style.top = `${pos.plotTop + 8}px`;
  }

  private exportCsv(): void {
    const { model, hidden } = this.ctx;
    const runs = model.runs.filter((r) => !hidden.has(r.id));
    const csv = toCsv(runs, model.metrics, (metric, runId) => model.history(metric, runId));
    this.ctx.post({ type: 'exportCsv', csv, suggestedName: exportFileName('csv', new Date()) });
  }

  /** One image: every chart (created on demand) stacked with its title, then the legend of shown runs. */
  private exportPng(): void {
    const missing = this.cards.filter((c) => !c.chart.created);
    for (const card of missing) this.ensureCreated(card);
    // Charts created just now draw in their next frame; compose after it.
    if (missing.length > 0) requestAnimationFrame(() => this.composePng());
    else this.composePng();
  }

  private composePng(): void {
    const theme = this.ctx.theme();
    const ratio = window.devicePixelRatio || 1;
    const canvases = this.cards.map((c) => ({ metric: c.metric, canvas: c.chart.canvas })).filter((c) => c.canvas !== undefined);
    if (canvases.length === 0) return;
    const pad = 12 * ratio, titleH = 22 * ratio, rowH = 20 * ratio;
    const width = Math.max(...canvases.map((c) => c.canvas?.width ?? 0)) + 2 * pad;
    const shown = this.ctx.model.runs.filter((r) => !this.ctx.hidden.has(r.id));
    const measure = document.createElement('canvas').getContext('2d');
    const labelFont = `${12 * ratio}px ${theme.fontFamily}`;
    // Lay the legend out first: it decides the image height.
    const legend: { x: number; y: number; colour: string; name: string }[] = [];
    let lx = pad, ly = 0;
    if (measure) measure.font = labelFont;
    for (const r of shown) {
      const w = 18 * ratio + (measure?.measureText(r.name).width ?? r.name.length * 7 * ratio) + 16 * ratio;
      if (lx + w > width - pad && lx > pad) { lx = pad; ly += rowH; }
      legend.push({ x: lx, y: ly, colour: r.colour, name: r.name });
      lx += w;
    }
    const chartsH = canvases.reduce((sum, c) => sum + titleH + (c.canvas?.height ?? 0) + pad, pad);
    const out = document.createElement('canvas');
    out.width = width;
    out.height = chartsH + ly + rowH + pad;
    const g = out.getContext('2d');
    if (!g) return;
    g.fillStyle = theme.background;
    g.fillRect(0, 0, out.width, out.height);
    g.textBaseline = 'middle';
    let y = pad;
    for (const { metric, canvas } of canvases) {
      if (!canvas) continue;
      g.fillStyle = theme.foreground;
      g.font = `600 ${13 * ratio}px ${theme.fontFamily}`;
      g.fillText(metric, pad, y + titleH / 2);
      y += titleH;
      g.drawImage(canvas, pad, y);
      y += canvas.height + pad;
    }
    g.font = labelFont;
    for (const item of legend) {
      g.fillStyle = item.colour;
      g.fillRect(item.x, y + item.y + rowH / 2 - 5 * ratio, 12 * ratio, 10 * ratio);
      g.fillStyle = theme.foreground;
      g.fillText(item.name, item.x + 18 * ratio, y + item.y + rowH / 2);
    }
    this.ctx.post({ type: 'exportPng', dataUrl: out.toDataURL('image/png'), suggestedName: exportFileName('png', new Date()) });
  }

  destroy(): void {
    cancelAnimationFrame(this.frame);
    cancelAnimationFrame(this.hoverFrame);
    cancelAnimationFrame(this.smoothingFrame);
    this.lazy.disconnect();
    this.resize.disconnect();
    for (const card of this.cards) card.chart.destroy();
  }
}
