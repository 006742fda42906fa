// Run colours, shared by the host (tree swatches, RunInfo.colour) and the webview, so a run has
// the same colour everywhere. DOM-free so the extension host can import it.

/** Relative luminance band readable on both VS Code's dark (#1e1e1e) and light (#ffffff) editors:
 * at most 0.30 keeps 3:1 contrast against white, at least 0.14 keeps 3:1 against #1e1e1e. */
const LUMINANCE_TARGETS = [0.2, 0.15, 0.27];
const GOLDEN_ANGLE = 137.50776405;
const FIRST_HUE = 212; // a blue first, like VS Code's own charts

/** The colour of the index-th run of a comparison, '#rrggbb'. Deterministic and unbounded. */
export function runColour(index: number): string {
  const i = Math.max(0, Math.floor(index));
  // Golden-angle steps keep consecutive hues far apart however many runs there are; cycling the
  // luminance separates the (inevitable) near-hue pairs once there are more than a dozen.
  const hue = (FIRST_HUE + i * GOLDEN_ANGLE) % 360;
  const target = LUMINANCE_TARGETS[i % LUMINANCE_TARGETS.length] ?? 0.2;
  const saturation = 0.75;
  let lo = 0, hi = 1;
  for (let k = 0; k < 24; k++) {
    const mid = (lo + hi) / 2;
    if (relativeLuminance(hslToRgb(hue, saturation, mid)) < target) lo = mid; else hi = mid;
  }
  return toHex(hslToRgb(hue, saturation, (lo + hi) / 2));
}

type Rgb = [number, number, number];

function hslToRgb(h: number, s: number, l: number): Rgb {
  const c = (1 - Math.abs(2 * l - 1)) * s;
  const x = c * (1 - Math.abs(((h / 60) % 2) - 1));
  const m = l - c / 2;
  const [r, g, b]: Rgb = h < 60 ? [c, x, 0] : h < 120 ? [x, c, 0] : h < 180 ? [0, c, x]
    : h < 240 ? [0, x, c] : h < 300 ? [x, 0, c] : [c, 0, x];
  return [Math.round((r + m) * 255), Math.round((g + m) * 255), Math.round((b + m) * 255)];
}

/** WCAG 2 relative luminance of an sRGB colour with 0–255 channels. */
export function relativeLuminance([r, g, b]: Rgb): number {
  const lin = (v: number): number => {
    const c = v / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

/** '#rrggbb' → [r, g, b]; undefined for anything else. */
export function parseHex(colour: string): Rgb | undefined {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(colour);
  return m ? [parseInt(m[1] ?? '0', 16), parseInt(m[2] ?? '0', 16), parseInt(m[3] ?? '0', 16)] : undefined;
}

function toHex([r, g, b]: Rgb): string {
  return `#${[r, g, b].map((v) => v.toString(16).padStart(2, '0')).join('')}`;
}
