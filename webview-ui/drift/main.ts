// Entry of the drift report webview (bundled to dist/webview/drift.js and drift.css).
// The host's HTML provides <main id="drift-root">.

import '../shared/base.css';
import './drift.css';
import { App, type WebviewApi } from './app';

/** Injected by VS Code into every webview; callable once. (Module-local: the Compare panel declares its own.) */
declare function acquireVsCodeApi(): WebviewApi;

const api = acquireVsCodeApi();

const report = (what: string, error: unknown): void => {
  const detail = error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : String(error);
  api.postMessage({ type: 'error', message: `${what}: ${detail}` });
};

function start(): void {
  const root = document.getElementById('drift-root') ?? document.body.appendChild(document.createElement('main'));
  const app = new App(root, api);
  window.addEventListener('message', (event: MessageEvent<unknown>) => {
    try {
      app.receive(event.data);
    } catch (error) {
      report('Drift panel failed to apply a message', error);
    }
  });
  // Only now is the listener in place: the host holds its messages until it hears this.
  api.postMessage({ type: 'ready' });
}

window.addEventListener('error', (event) => report('Drift panel error', event.error ?? event.message));
window.addEventListener('unhandledrejection', (event) => report('Drift panel error', event.reason));
if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start, { once: true });
else start();
