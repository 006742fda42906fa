// One feature's overlaid histogram as SVG: reference and live bars on the same bins, coloured by
// CSS classes (theme variables), each bar titled with its range and both shares.

import type { HistogramBars } from './viewModel';
import { percent } from './viewModel';

const SVG = 'http://www.w3.org/2000/svg';
const WIDTH = 360;
const HEIGHT = 96;

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  return el;
}

/** Room under the bars for category names (numeric ranges are named under the chart instead). */
const LABEL_HEIGHT = 16;

export function histogramSvg(bars: HistogramBars, label: string, nameBars: boolean): SVGSVGElement {
  const total = HEIGHT + (nameBars ? LABEL_HEIGHT : 0);
  const root = svg('svg', { class: 'histogram', role: 'img', 'aria-label': label, width: WIDTH, height: total, viewBox: `0 0 ${WIDTH} ${total}` });
  const n = bars.labels.length;
  const step = WIDTH / Math.max(1, n);
  const scale = bars.maxShare > 0 ? (HEIGHT - 4) / bars.maxShare : 0;
  root.appendChild(svg('line', { class: 'axis', x1: 0, x2: WIDTH, y1: HEIGHT - 0.5, y2: HEIGHT - 0.5 }));
  for (let i = 0; i < n; i++) {
    const group = svg('g', { class: 'bin' });
    const title = document.createElementNS(SVG, 'title');
    title.textContent = `${bars.labels[i]}: reference ${percent(bars.reference[i]!)}, live ${percent(bars.live[i]!)}`;
    group.appendChild(title);
    // The reference fills the bin; live is drawn over it, a little narrower, so both stay visible.
    for (const [side, share, inset] of [['reference', bars.reference[i]!, 1], ['live', bars.live[i]!, step * 0.22]] as const) {
      const height = share * scale;
      group.appendChild(svg('rect', { class: side, x: i * step + inset, y: HEIGHT - height, width: Math.max(1, step - 2 * inset), height }));
    }
    if (nameBars) {
      const text = svg('text', { class: 'bar-name', x: i * step + step / 2, y: total - 3, 'text-anchor': 'middle' });
      // About 6 px a character at the label size: cut long names to the bar's width.
      const fits = Math.max(1, Math.floor(step / 6));
      const name = bars.labels[i]!;
      text.textContent = name.length > fits ? `${name.slice(0, Math.max(1, fits - 1))}…` : name;
      group.appendChild(text);
    }
    root.appendChild(group);
  }
  return root;
}
