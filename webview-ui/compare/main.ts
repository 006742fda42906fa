// Entry of the Compare Runs webview (bundled to dist/webview/compare.js and compare.css).
// The host's HTML provides <main id="compare-root">; see docs/compare-panel.md.

import 'uplot/dist/uPlot.min.css';
import '../shared/base.css';
import './compare.css';
import { App, type WebviewApi } from './app';

declare global {
  /** Injected by VS Code into every webview; callable once. */
  function acquireVsCodeApi(): WebviewApi;
}

const api = acquireVsCodeApi();

const report = (what: string, error: unknown): void => {
  const detail = error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : String(error);
  api.postMessage({ type: 'error', message: `${what}: ${detail}` });
};

function start(): void {
  const root = document.getElementById('compare-root') ?? document.body.appendChild(document.createElement('main'));
  const app = new App(root, api);
  window.addEventListener('message', (event: MessageEvent<unknown>) => {
    try {
      app.receive(event.data);
    } catch (error) {
      report('Compare panel failed to apply a message', error);
    }
  });
  // Only now is the listener in place: the host queues everything until it hears this.
  api.postMessage({ type: 'ready' });
}

window.addEventListener('error', (event) => report('Compare panel error', event.error ?? event.message));
window.addEventListener('unhandledrejection', (event) => report('Compare panel error', event.reason));
// The script normally sits at the end of <body>; if a host puts it in <head>, wait for the body.
if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start, { once: true });
else start();
