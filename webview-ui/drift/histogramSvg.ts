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

export function histogramSvg(bars: HistogramBars, label: string): SVGSVGElement {
  const root = svg('svg', { class: 'histogram', role: 'img', 'aria-label': label, width: WIDTH, height: HEIGHT, viewBox: `0 0 ${WIDTH} ${HEIGHT}` });
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
    root.appendChild(group);
  }
  return root;
}
