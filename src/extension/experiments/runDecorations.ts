import * as vscode from 'vscode';

/** How many run colours package.json contributes (`mlops.runColour0` … `mlops.runColour11`). */
export const colourCount = 12;
const scheme = 'mlops-run';

/** The URI a run's tree item carries so the decoration provider can paint its swatch. */
export function runDecorationUri(runId: string, colourIndex: number): vscode.Uri {
  return vscode.Uri.from({ scheme, path: `/${runId}`, query: `c=${colourIndex}` });
}

/**
 * Paints a run's colour swatch (a ● badge, and its label) in the colour its curves have in the
 * comparison charts. Theme colours, so a theme can override them like any other colour.
 */
export class RunDecorations implements vscode.FileDecorationProvider {
  provideFileDecoration(uri: vscode.Uri): vscode.FileDecoration | undefined {
    if (uri.scheme !== scheme) return undefined;
    const index = Number(/c=(\d+)/.exec(uri.query)?.[1] ?? 0) % colourCount;
    return { badge: '●', color: new vscode.ThemeColor(`mlops.runColour${index}`), tooltip: 'The run\'s colour in comparison charts', propagate: false };
  }
}
