// Chart colours and fonts, read from the --vscode-* variables VS Code sets on the webview's
// <html>, so canvases follow dark, light and high-contrast themes like the rest of the panel.

export type ThemeKind = 'light' | 'dark' | 'high-contrast' | 'high-contrast-light';

export interface Theme {
  kind: ThemeKind;
  foreground: string;
  muted: string;
  background: string;
  grid: string;
  border: string;
  focus: string;
  font: string;
  fontFamily: string;
  fontSize: number;
}

function cssVar(style: CSSStyleDeclaration, name: string, fallback: string): string {
  const v = style.getPropertyValue(name).trim();
  return v === '' ? fallback : v;
}

function themeKind(): ThemeKind {
  const c = document.body.classList;
  if (c.contains('vscode-high-contrast-light')) return 'high-contrast-light';
  if (c.contains('vscode-high-contrast')) return 'high-contrast';
  if (c.contains('vscode-light')) return 'light';
  return 'dark';
}

export function readTheme(): Theme {
  const style = getComputedStyle(document.documentElement);
  const kind = themeKind();
  const light = kind === 'light' || kind === 'high-contrast-light';
  const hc = kind.startsWith('high-contrast');
  const foreground = cssVar(style, '--vscode-foreground', light ? '#3b3b3b' : '#cccccc');
  const fontFamily = cssVar(style, '--vscode-font-family', 'system-ui, sans-serif');
  const fontSize = Number.parseFloat(cssVar(style, '--vscode-font-size', '13px')) || 13;
  return {
    kind,
    foreground,
    muted: cssVar(style, '--vscode-descriptionForeground', foreground),
    background: cssVar(style, '--vscode-editor-background', light ? '#ffffff' : '#1e1e1e'),
    // High contrast themes want solid lines; charts.lines is a translucent grey elsewhere.
    grid: hc ? cssVar(style, '--vscode-contrastBorder', foreground) : cssVar(style, '--vscode-charts-lines', 'rgba(128,128,128,0.35)'),
    border: cssVar(style, '--vscode-panel-border', 'rgba(128,128,128,0.35)'),
    focus: cssVar(style, '--vscode-focusBorder', '#007fd4'),
    font: `${Math.max(10, fontSize - 2)}px ${fontFamily}`,
    fontFamily,
    fontSize,
  };
}

/** Calls back when VS Code switches theme: it rewrites body's class and html's style then. */
export function watchTheme(onChange: () => void): () => void {
  let pending = false;
  const observer = new MutationObserver(() => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => { pending = false; onChange(); });
  });
  observer.observe(document.body, { attributes: true, attributeFilter: ['class'] });
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['style', 'class'] });
  return () => observer.disconnect();
}
