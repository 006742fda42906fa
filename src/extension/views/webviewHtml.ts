import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

/** What differs between our webview panels' pages. */
export interface WebviewPage {
  /** The bundle's name in dist/webview: `<name>.js` and `<name>.css`. */
  readonly bundle: string;
  readonly title: string;
  /** The id of the element the bundle draws into, and its accessible name. */
  readonly rootId: string;
  readonly rootLabel: string;
  /** Sources beyond the strict default, e.g. `img-src` for canvas exports; the webview's own origin is added. */
  readonly extraSources?: readonly ('img' | 'font')[];
}

/**
 * The page of a webview panel under the strict CSP every panel shares: nothing by default, styles
 * from the extension only, and the one script carrying a fresh nonce (no inline code, no eval).
 */
export function webviewHtml(webview: vscode.Webview, extensionUri: vscode.Uri, page: WebviewPage): string {
  const asset = (file: string) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview', file)).toString();
  const nonce = randomBytes(16).toString('base64');
  const extra = (page.extraSources ?? []).map((kind) => (kind === 'img' ? `img-src ${webview.cspSource} data: blob:` : `font-src ${webview.cspSource}`));
  const csp = ["default-src 'none'", ...extra, `style-src ${webview.cspSource}`, `script-src 'nonce-${nonce}'`].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${asset(`${page.bundle}.css`)}">
<title>${page.title}</title>
</head>
<body>
<main id="${page.rootId}" aria-label="${page.rootLabel}"></main>
<script nonce="${nonce}" src="${asset(`${page.bundle}.js`)}"></script>
</body>
</html>`;
}
