// Stands in for VS Code's acquireVsCodeApi, in the bench and harness pages ONLY (the real panel
// gets it from VS Code). Records what the webview posts and any CSP violation, keeps setState in
// sessionStorage so a reload of the harness shows state restoration. Exposes window.vscodeStub.
(() => {
  const KEY = 'mlops-compare-state';
  const posts = [];
  const violations = [];
  document.addEventListener('securitypolicyviolation', (e) => {
    violations.push(`${e.violatedDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile || '?'}:${e.lineNumber}`);
  });
  let state = null;
  try { state = JSON.parse(sessionStorage.getItem(KEY) || 'null'); } catch { state = null; }
  let acquired = false;
  window.acquireVsCodeApi = () => {
    if (acquired) throw new Error('acquireVsCodeApi may only be called once');
    acquired = true;
    return {
      postMessage(message) {
        posts.push(message);
        window.dispatchEvent(new CustomEvent('vscode-stub-post', { detail: message }));
      },
      getState: () => state,
      setState(next) {
        state = next;
        try { sessionStorage.setItem(KEY, JSON.stringify(next)); } catch { /* private mode: keep it in memory */ }
      },
    };
  };
  window.vscodeStub = {
    posts,
    violations,
    getState: () => state,
    clearState: () => { state = null; sessionStorage.removeItem(KEY); },
  };
})();
