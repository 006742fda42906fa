import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../harness/browser';

// The Compare panel strokes each run's line from at most four vertices per pixel column
// (webview-ui/compare/linePath.ts). Here the real canvas of Debian's Chromium draws both that
// path and the path through every point, the way uPlot strokes a series (1 px line on pixel
// centres, round joins, clipped to the plot), and the sets of pixels they touch must be the same.

const linePathJs = path.join(__dirname, '..', '..', 'webview-ui', 'compare', 'linePath.js');

let browser: Browser;
let page: Page;

before(async () => {
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1300, height: 400 }, deviceScaleFactor: 1 });
  await page.setContent('<canvas width="1241" height="260"></canvas>');
  // The compiled module is CommonJS without imports: give it an `exports` object.
  await page.addScriptTag({ content: `(() => { const exports = {}; ${fs.readFileSync(linePathJs, 'utf8')}\nwindow.linePath = exports; })();` });
});

after(async () => {
  await browser?.close();
});

/** Drawn in the page: how many pixels one path touches and the other does not, per line. */
const compare = (colour: string) => page.evaluate<{ name: string; differ: number; drawn: number }[]>(`(() => {
  const colour = ${JSON.stringify(colour)};
  const N = 10000, LEFT = 50, TOP = 10, W = 1180, H = 230;
  let seed = 7;
  const rnd = () => { seed = (seed * 16807) % 2147483647; return seed / 2147483647; };
  const xs = Float64Array.from({ length: N }, (_, i) => i);
  const lines = [
    ['noisy loss curve', (i) => 2.3 * Math.exp(-i / 2500) + 0.1 + (rnd() - 0.5) * 0.06],
    ['very noisy curve with gaps', (i) => (rnd() < 0.003 ? NaN : 1.2 + Math.sin(i / 300) + (rnd() - 0.5) * 0.8)],
    ['one-point spikes', (i) => (i % 1999 === 0 ? 2.4 : 0.5 + (rnd() - 0.5) * 0.01)],
  ];
  const scale = { left: LEFT, xMin: 0, kx: W / (N - 1), width: W, bottom: TOP + H, yMin: 0, ky: H / 2.5, log: false };
  const everyPoint = (ys, p) => {
    let pen = false;
    for (let i = 0; i < N; i++) {
      const v = ys[i];
      if (!Number.isFinite(v)) { pen = false; continue; }
      const x = Math.round(LEFT + xs[i] * scale.kx), y = Math.round(TOP + H - v * scale.ky);
      if (pen) p.lineTo(x, y); else { p.moveTo(x, y); pen = true; }
    }
  };
  const ctx = document.querySelector('canvas').getContext('2d');
  const draw = (build, ys) => {
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, 1241, 260);
    ctx.translate(0.5, 0.5);
    ctx.lineWidth = 1; ctx.lineJoin = 'round'; ctx.lineCap = 'butt'; ctx.strokeStyle = colour;
    const clip = new Path2D();
    clip.rect(LEFT - 0.5, TOP - 0.5, W + 1, H + 1);
    ctx.save(); ctx.clip(clip);
    const p = new Path2D(); build(ys, p); ctx.stroke(p);
    ctx.restore();
    return ctx.getImageData(0, 0, 1241, 260).data;
  };
  return lines.map(([name, f]) => {
    const ys = Float64Array.from({ length: N }, (_, i) => f(i));
    const full = draw(everyPoint, ys);
    const ours = draw((y, p) => window.linePath.traceLine(xs, y, scale, p), ys);
    let differ = 0, drawn = 0;
    for (let i = 3; i < full.length; i += 4) {
      if (full[i] > 0) drawn++;
      if ((full[i] > 0) !== (ours[i] > 0)) differ++;
    }
    return { name, differ, drawn };
  });
})()`);

describe('chart lines in a real canvas', () => {
  for (const [label, colour] of [['opaque', '#3a85e0'], ['translucent (raw lines under smoothing)', '#3a85e044']] as const) {
    it(`touch the same pixels as drawing every point: 10,000 points on 1,180 px, ${label}`, async () => {
      for (const { name, differ, drawn } of await compare(colour)) {
        assert.ok(drawn > 1000, `${name}: only ${drawn} pixels drawn (the page did not draw)`);
        assert.equal(differ, 0, `${name}: ${differ} of ${drawn} pixels are drawn by one path and not the other`);
      }
    });
  }
});
