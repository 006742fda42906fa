// A run row's icon: the run's status glyph with its colour swatch beside it, as one small SVG.
// A tree item has one icon and a FileDecoration colours the whole label, so the swatch lives
// in the icon and the label keeps the theme's colour: status alone decides how a row reads.
// No `vscode` here, so the drawing is unit-tested.
import type { RunStatus } from '../../core/runs/runModel';

export type IconTheme = 'light' | 'dark';

/** Status colours: VS Code's default testing / warning / icon colours for each theme kind. */
const statusColours: Record<IconTheme, Record<'passed' | 'failed' | 'warning' | 'neutral', string>> = {
  dark: { passed: '#73c991', failed: '#f14c4c', warning: '#cca700', neutral: '#c5c5c5' },
  light: { passed: '#388a34', failed: '#e51400', warning: '#855f00', neutral: '#424242' },
};

const tone: Record<RunStatus, keyof (typeof statusColours)['dark']> = {
  finished: 'passed', failed: 'failed', killed: 'warning', running: 'neutral', queued: 'neutral', cancelled: 'neutral',
};

// Glyphs drawn in the right 11 px of the 16 px icon, centred on (10.5, 8), shaped like the
// codicons the rest of VS Code uses for the same states (pass, error, warning, clock, …).
const ring = '<circle cx="10.5" cy="8" r="5" fill="none"/>';
const glyphs: Record<RunStatus, string> = {
  finished: `${ring}<path d="M8.2 8.1l1.6 1.7 2.9-3.3" fill="none"/>`,
  failed: `${ring}<path d="M8.6 6.1l3.8 3.8M12.4 6.1l-3.8 3.8" fill="none"/>`,
  cancelled: `${ring}<path d="M7 11.5l7-7" fill="none"/>`,
  queued: `${ring}<path d="M10.5 5.2V8h2.3" fill="none"/>`,
  killed: '<path d="M10.5 2.6l5 9.4h-10z" fill="none" stroke-linejoin="round"/><path d="M10.5 6.2v3" fill="none"/><circle cx="10.5" cy="10.6" r=".4"/>',
  // A three-quarter ring that turns, as VS Code's own loading spinner does.
  running: '<path d="M10.5 3a5 5 0 1 1-5 5" fill="none"><animateTransform attributeName="transform" type="rotate" from="0 10.5 8" to="360 10.5 8" dur="1.2s" repeatCount="indefinite"/></path>',
};

/**
 * A run that finished but fails one of the pipeline's gates: a ring with an exclamation mark in
 * the warning colour, apart from a failed run (a red cross) and a killed one (a triangle).
 */
const gateFailedGlyph = `${ring}<path d="M10.5 5.3v3.2" fill="none"/><circle cx="10.5" cy="10.6" r=".5"/>`;

/** The icon's SVG: a rounded swatch bar in the run's colour, then the status glyph. */
export function runIconSvg(status: RunStatus, swatch: string, theme: IconTheme, gatesFailed = false): string {
  const gate = gatesFailed && status === 'finished';
  const colour = statusColours[theme][gate ? 'warning' : tone[status]];
  return '<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16" viewBox="0 0 16 16">'
    + `<rect class="swatch" x="0.5" y="2" width="3.5" height="12" rx="1.2" fill="${swatch}"/>`
    + `<g class="${gate ? 'status gates-failed' : 'status'}" stroke="${colour}" fill="${colour}" stroke-width="1.3" stroke-linecap="round">${gate ? gateFailedGlyph : glyphs[status]}</g>`
    + '</svg>';
}

/** The icon as a data: URI, which tree items accept as an icon path; no files to write. */
export function runIconDataUri(status: RunStatus, swatch: string, theme: IconTheme, gatesFailed = false): string {
  return `data:image/svg+xml;base64,${Buffer.from(runIconSvg(status, swatch, theme, gatesFailed), 'utf8').toString('base64')}`;
}

/** How many colour slots runs cycle through (package.json contributes `mlops.runColour0` … `11`). */
export const colourCount = 12;
