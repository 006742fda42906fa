// One metric's chart: a uPlot canvas with one line per compared run, drag-to-zoom on x, shift+drag
// or arrow keys to pan, double-click / Escape to reset, and hover reporting the x under the cursor.
//
// uPlot runs in its per-series mode (2): every run brings its own x array (see series.ts). uPlot
// gets the full-resolution lines (no copies) and strokes what linePath.ts builds from them: at
// most four vertices per pixel column, covering exactly the pixels every point would. The chart
// computes both scale ranges itself (series `auto: false`), so a zoom fits y to the points inside
// the x window and hidden runs drop out of the ranges; uPlot never scans the data.

import uPlot from 'uplot';
import type { MetricHistory, RunInfo } from './protocol';
import type { FacetOptions } from './series';
import { traceLine } from './linePath';
import { buildFacet, formatDuration, logTicks, nearestIndexWithin, xExtent, yExtent, type Facet } from './series';
import { formatNumber } from './tables';
import type { Theme } from './theme';

export interface ChartSource {
  runs(): readonly RunInfo[];
  history(metric: string, runId: string): MetricHistory | undefined;
  historyLength(metric: string, runId: string): number;
  timeOrigin(runId: string): number;
  isHidden(runId: string): boolean;
  settings(): Omit<FacetOptions, 'origin'>;
  theme(): Theme;
}

export interface ChartEvents {
  /** x under the cursor in axis units, or null when the cursor left the plot. */
  hover(chart: MetricChart, x: number | null): void;
  /** The user zoomed or panned (window) or reset (null); the view applies it to the other charts. */
  zoom(chart: MetricChart, window: [number, number] | null): void;
  drawn(chart: MetricChart, first: boolean): void;
}

export interface HoverValue {
  runIndex: number;
  x: number;
  y: number | null;
  raw: number | null;
}

const EMPTY: Facet = { xs: new Float64Array(0), ys: new Float64Array(0) };
/** A drag narrower than this is a click, not a zoom. */
const MIN_ZOOM_PX = 5;

export class MetricChart {
  private u: uPlot | undefined;
  /** Full-resolution lines per run (drawn and hovered), and the raw lines under smoothed ones. */
  private lines: Facet[] = [];
  private raws: Facet[] = [];
  /** Lowest and highest finite y of each line and raw line: the y range when not zoomed. */
  private lineExtents: ([number, number] | undefined)[] = [];
  private rawExtents: ([number, number] | undefined)[] = [];
  /** History length each facet was built from: a longer history means live points arrived. */
  private builtLengths: number[] = [];
  private xWindow: [number, number] | null = null;
  private drawnOnce = false;
  private withRaw = false;
  private panFrame = 0;

  constructor(
    readonly metric: string,
    private readonly target: HTMLElement,
    private readonly source: ChartSource,
    private readonly events: ChartEvents,
  ) {}

  get created(): boolean {
    return this.u !== undefined;
  }

  get zoomed(): boolean {
    return this.xWindow !== null;
  }

  /** The canvas with axes and lines (for PNG export). */
  get canvas(): HTMLCanvasElement | undefined {
    return this.u?.ctx.canvas;
  }

  /** (Re)creates the uPlot instance, e.g. after a setting that changes its scales or series. */
  create(width: number, height: number): void {
    this.u?.destroy();
    this.u = undefined;
    this.buildAllFacets();
    const runs = this.source.runs();
    const { xAxis, logScale } = this.source.settings();
    const theme = this.source.theme();
    const lineSeries = runs.map((r, i): uPlot.Series => this.seriesOptions(r, i, r.colour, 1));
    // Raw lines first, so the smoothed ones draw on top of them (TensorBoard's look).
    const rawSeries = this.withRaw ? runs.map((r, i): uPlot.Series => this.seriesOptions(r, i, `${r.colour}44`, 1)) : [];
    const axis = (values?: uPlot.Axis.Values): uPlot.Axis => ({
      stroke: theme.muted,
      font: theme.font,
      grid: { stroke: theme.grid, width: 1 },
      ticks: { stroke: theme.grid, width: 1 },
      ...(values ? { values } : {}),
    });
    const yAxis = axis();
    if (logScale) {
      // uPlot's log axis draws and labels every 1..9 × 10^k: a dense grid and "0" labels below 0.001.
      yAxis.splits = (_u, _i, min, max) => logTicks(min, max);
      yAxis.filter = (_u, splits) => splits; // already sparse: keep every label
      yAxis.values = (_u, splits) => splits.map((v) => (v === null || v === undefined ? '' : formatNumber(v)));
    }
    // Fit the y axis to its widest label so 0.000123 or 12,345,678 are not clipped.
    yAxis.size = (u, values) => {
      if (!values || values.length === 0) return 40;
      u.ctx.font = theme.font;
      const widest = Math.max(...values.map((v) => u.ctx.measureText(String(v)).width));
      return Math.ceil(widest / uPlot.pxRatio) + 16;
    };
    const opts: uPlot.Options = {
      mode: 2,
      width,
      height,
      ms: 1, // wall-time x values are epoch milliseconds
      legend: { show: false },
      focus: { alpha: 0.15 },
      cursor: {
        y: false,
        points: { show: false },
        drag: { x: true, y: false, setScale: false },
        bind: {
          dblclick: () => () => { this.resetZoom(true); return null; },
          mousedown: (_u, _targ, handler) => (e: MouseEvent) => {
            if (e.shiftKey && e.button === 0) { this.startPan(e); return null; }
            return handler(e);
          },
        },
      },
      scales: {
        x: { time: xAxis === 'wall', auto: true, range: (u) => this.xRange(u) },
        y: { distr: logScale ? 3 : 1, log: 10, auto: true, range: () => this.yRange() },
      },
      axes: [axis(xAxis === 'relative' ? (_u, splits) => splits.map(formatDuration) : undefined), yAxis],
      series: [{}, ...rawSeries, ...lineSeries],
      hooks: {
        draw: [() => {
          const first = !this.drawnOnce;
          this.drawnOnce = true;
          this.events.drawn(this, first);
        }],
        setSelect: [(u) => this.onSelect(u)],
        setCursor: [(u) => {
          const left = u.cursor.left;
          this.events.hover(this, left === undefined || left < 0 ? null : u.posToVal(left, 'x'));
        }],
      },
    };
    this.u = new uPlot(opts, this.data(), this.target);
  }

  private seriesOptions(run: RunInfo, i: number, stroke: string, width: number): uPlot.Series {
    return {
      label: run.name,
      stroke,
      width,
      show: this.isShown(i),
      auto: false,
      spanGaps: false,
      points: { show: false },
      paths: linePaths,
      facets: [{ scale: 'x', auto: false, sorted: 1 }, { scale: 'y', auto: false }],
    };
  }

  private isShown(i: number): boolean {
    const run = this.source.runs()[i];
    return run !== undefined && !this.source.isHidden(run.id) && (this.lines[i]?.xs.length ?? 0) > 0;
  }

  destroy(): void {
    cancelAnimationFrame(this.panFrame);
    this.u?.destroy();
    this.u = undefined;
  }

  setSize(width: number, height: number): void {
    const u = this.u;
    if (!u || (u.width === width && u.height === height)) return;
    u.setSize({ width, height });
  }

  private buildAllFacets(): void {
    const settings = this.source.settings();
    this.withRaw = settings.smoothing > 0;
    const runs = this.source.runs();
    this.lines = new Array<Facet>(runs.length);
    this.raws = new Array<Facet>(runs.length);
    this.lineExtents = new Array<[number, number] | undefined>(runs.length);
    this.rawExtents = new Array<[number, number] | undefined>(runs.length);
    this.builtLengths = new Array<number>(runs.length);
    runs.forEach((_, i) => this.buildFacet(i));
  }

  private buildFacet(i: number): void {
    const run = this.source.runs()[i];
    const history = run ? this.source.history(this.metric, run.id) : undefined;
    if (!run || !history) {
      this.lines[i] = EMPTY; this.raws[i] = EMPTY; this.builtLengths[i] = 0;
      this.lineExtents[i] = undefined; this.rawExtents[i] = undefined;
      return;
    }
    const { line, raw, lineExtent, rawExtent } = buildFacet(history, { ...this.source.settings(), origin: this.source.timeOrigin(run.id) });
    this.lines[i] = line;
    this.raws[i] = raw;
    this.lineExtents[i] = lineExtent;
    this.rawExtents[i] = rawExtent;
    this.builtLengths[i] = history.steps.length;
  }

  private data(): uPlot.AlignedData {
    // Mode 2 data is [null, [xs, ys] per series]; uPlot's typings only describe mode 1.
    const facets = this.withRaw ? [...this.raws, ...this.lines] : this.lines;
    return [null, ...facets.map((f) => [f.xs, f.ys])] as unknown as uPlot.AlignedData;
  }

  /** Picks up points appended to the histories since the last build; true when any arrived. */
  refresh(): boolean {
    if (!this.u) return false;
    const runs = this.source.runs();
    let changed = false;
    runs.forEach((run, i) => {
      const n = this.source.historyLength(this.metric, run.id);
      if (n === this.builtLengths[i]) return;
      const wasEmpty = (this.lines[i]?.xs.length ?? 0) === 0;
      this.buildFacet(i);
      changed = true;
      if (wasEmpty) this.applyVisibility([i]);
    });
    if (changed) this.u.setData(this.data());
    return changed;
  }

  /** Rebuilds every line from the histories (smoothing changed) and redraws, keeping the zoom. */
  rebuild(): void {
    if (!this.u) return;
    const hadRaw = this.withRaw;
    this.buildAllFacets();
    if (hadRaw !== this.withRaw) {
      // Raw lines come and go with smoothing: that changes the series list, so start over.
      this.create(this.u.width, this.u.height);
      return;
    }
    this.u.setData(this.data());
  }

  /** Shows or hides runs' lines after the user toggled them (one redraw for any number of runs). */
  applyVisibility(runIndexes: readonly number[]): void {
    const u = this.u;
    if (!u || runIndexes.length === 0) return;
    const n = this.source.runs().length;
    u.batch(() => {
      for (const i of runIndexes) {
        const show = this.isShown(i);
        u.setSeries(this.lineIndex(i, n), { show });
        if (this.withRaw) u.setSeries(1 + i, { show });
      }
      // The full x range may change with the set of shown runs.
      u.setData(this.data(), this.xWindow === null);
    });
  }

  /** Fades every line but this run's (legend hover), or restores them all (null). */
  highlight(runIndex: number | null): void {
    if (!this.u) return;
    this.u.setSeries(runIndex === null ? null : this.lineIndex(runIndex, this.source.runs().length), { focus: true });
  }

  private lineIndex(runIndex: number, runCount: number): number {
    return 1 + runIndex + (this.withRaw ? runCount : 0);
  }

  /** Every shown run's value at the point nearest to x (runs whose range does not cover x are left out). */
  valuesAt(x: number): HoverValue[] {
    const out: HoverValue[] = [];
    this.lines.forEach((line, i) => {
      if (!this.isShown(i)) return;
      const idx = nearestIndexWithin(line.xs, x);
      if (idx < 0) return;
      out.push({ runIndex: i, x: line.xs[idx] as number, y: finiteOrNull(line.ys[idx]), raw: finiteOrNull(this.raws[i]?.ys[idx]) });
    });
    return out;
  }

  /** Cursor position in CSS px relative to the plot area, for placing the tooltip. */
  cursorPosition(): { left: number; top: number; width: number; height: number; plotLeft: number; plotTop: number } | undefined {
    const u = this.u;
    if (!u || u.cursor.left === undefined || u.cursor.left < 0) return undefined;
    const over = u.over;
    return {
      left: u.cursor.left, top: u.cursor.top ?? 0, width: over.clientWidth, height: over.clientHeight,
      plotLeft: over.offsetLeft, plotTop: over.offsetTop,
    };
  }

  /** Shows the cursor line at x (another chart is hovered), or hides it (null). */
  syncCursor(x: number | null): void {
    const u = this.u;
    if (!u) return;
    if (x === null) u.setCursor({ left: -10, top: -10 }, false);
    else u.setCursor({ left: u.valToPos(x, 'x'), top: 0 }, false);
  }

  formatX(x: number): string {
    const { xAxis } = this.source.settings();
    if (xAxis === 'relative') return formatDuration(x);
    if (xAxis === 'wall') return new Date(x).toLocaleString();
    return `step ${x}`;
  }

  /** Facets of the shown runs (with their raw lines when smoothing). */
  private shownFacets(): Facet[] {
    const out: Facet[] = [];
    this.lines.forEach((line, i) => {
      if (!this.isShown(i)) return;
      out.push(line);
      if (this.withRaw) out.push(this.raws[i] ?? EMPTY);
    });
    return out;
  }

  /** y extent of the shown lines over all their points, from the extents kept per line. */
  private fullYExtent(): [number, number] | undefined {
    let min = Infinity, max = -Infinity;
    this.lines.forEach((_, i) => {
      if (!this.isShown(i)) return;
      for (const ext of this.withRaw ? [this.lineExtents[i], this.rawExtents[i]] : [this.lineExtents[i]]) {
        if (!ext) continue;
        if (ext[0] < min) min = ext[0];
        if (ext[1] > max) max = ext[1];
      }
    });
    return min <= max ? [min, max] : undefined;
  }

  private fullXRange(): [number, number] {
    const ext = xExtent(this.shownFacets());
    if (!ext) return [0, 1];
    return ext[0] === ext[1] ? [ext[0] - 1, ext[1] + 1] : ext;
  }

  private xRange(_u: uPlot): uPlot.Range.MinMax {
    return this.xWindow ?? this.fullXRange();
  }

  private yRange(): uPlot.Range.MinMax {
    const ext = this.xWindow ? yExtent(this.shownFacets(), this.xWindow[0], this.xWindow[1]) : this.fullYExtent();
    if (this.source.settings().logScale) {
      if (!ext) return [1, 10];
      return uPlot.rangeLog(ext[0], ext[1], 10, false);
    }
    if (!ext) return [0, 1];
    if (ext[0] === ext[1]) {
      const pad = Math.abs(ext[0]) * 0.1 || 1;
      return [ext[0] - pad, ext[1] + pad];
    }
    return uPlot.rangeNum(ext[0], ext[1], 0.1, true);
  }

  private onSelect(u: uPlot): void {
    const { left, width } = u.select;
    if (width >= MIN_ZOOM_PX) this.zoomTo(u.posToVal(left, 'x'), u.posToVal(left + width, 'x'), true);
    u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
  }

  /** Shows x in [min, max]; `user` tells the view to apply the same window to the other charts. */
  zoomTo(min: number, max: number, user: boolean): void {
    if (!(max > min)) return;
    this.xWindow = [min, max];
    this.showWindow(min, max);
    if (user) this.events.zoom(this, this.xWindow);
  }

  /** Redraws once for the window (data and x scale in one batch: every path is rebuilt for it). */
  private showWindow(min: number, max: number): void {
    const u = this.u;
    if (!u) return;
    u.batch(() => {
      u.setData(this.data(), false);
      u.setScale('x', { min, max });
    });
  }

  /** Drops the zoom window without redrawing (its units are about to change). */
  forgetZoom(): void {
    this.xWindow = null;
  }

  resetZoom(user: boolean): void {
    this.xWindow = null;
    const [min, max] = this.fullXRange();
    this.showWindow(min, max);
    if (user) this.events.zoom(this, null);
  }

  private currentWindow(): [number, number] {
    const sc = this.u?.scales.x;
    return sc && sc.min !== undefined && sc.max !== undefined ? [sc.min, sc.max] : this.fullXRange();
  }

  private startPan(e: MouseEvent): void {
    const u = this.u;
    if (!u) return;
    const [min, max] = this.currentWindow();
    const width = u.over.clientWidth || 1;
    const startX = e.clientX;
    let lastX = startX;
    const move = (ev: MouseEvent): void => {
      lastX = ev.clientX;
      if (this.panFrame) return;
      // One scale change per frame however fast the mouse moves.
      this.panFrame = requestAnimationFrame(() => {
        this.panFrame = 0;
        const shift = ((startX - lastX) / width) * (max - min);
        this.zoomTo(min + shift, max + shift, true);
      });
    };
    const up = (): void => {
      window.removeEventListener('mousemove', move);
      window.removeEventListener('mouseup', up);
    };
    window.addEventListener('mousemove', move);
    window.addEventListener('mouseup', up);
    e.preventDefault();
  }

  /** Keyboard zoom and pan for the focused chart; true when the key was handled. */
  handleKey(key: string): boolean {
    if (!this.u) return false;
    const [min, max] = this.currentWindow();
    const span = max - min;
    switch (key) {
      case 'ArrowLeft': this.zoomTo(min - span * 0.1, max - span * 0.1, true); return true;
      case 'ArrowRight': this.zoomTo(min + span * 0.1, max + span * 0.1, true); return true;
      case '+': case '=': this.zoomTo(min + span * 0.125, max - span * 0.125, true); return true;
      case '-': case '_': this.zoomTo(min - span * 0.25, max + span * 0.25, true); return true;
      case '0': case 'Escape': case 'Home':
        if (!this.zoomed) return false;
        this.resetZoom(true);
        return true;
      default: return false;
    }
  }
}

function finiteOrNull(v: number | undefined): number | null {
  return v !== undefined && Number.isFinite(v) ? v : null;
}

/**
 * Builds a run's line for uPlot: linePath.ts's path through the full-resolution points (at most
 * four vertices per pixel column, the same pixels as every point), with the scale maths inlined
 * instead of uPlot's per-point scale closures.
 */
const linePaths: uPlot.Series.PathBuilder = (u, seriesIdx) => {
  const facet = (u.data as unknown as ([Float64Array, Float64Array] | null)[])[seriesIdx];
  const sx = u.scales.x, sy = u.scales.y;
  if (!facet || !sx || !sy || sx.min == null || sx.max == null || sy.min == null || sy.max == null) return null;
  const { left, top, width, height } = u.bbox; // canvas pixels
  const log = sy.distr === (3 as uPlot.Scale.Distr); // 3: logarithmic
  const yMin = log ? Math.log10(sy.min) : sy.min;
  const stroke = new Path2D();
  traceLine(facet[0], facet[1], {
    left, xMin: sx.min, kx: width / (sx.max - sx.min), width,
    bottom: top + height, yMin, ky: height / ((log ? Math.log10(sy.max) : sy.max) - yMin), log,
  }, stroke);
  return { stroke, fill: null, clip: null, band: null, flags: 0 };
};
