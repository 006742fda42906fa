// Plays the host for harness.html: posts init / append / runUpdated / theme the way
// src/extension/compare will, and logs what the webview posts back.
(() => {
  const { makeState, nextPoints, packHistories, initMessage } = window.compareData;
  const log = (text) => { document.getElementById('harness-log').textContent = text; };
  let state;
  let live = 0;
  // The webview says "ready" first; like the host, queue posts until then.
  let ready = false;
  const queue = [];
  const post = (message) => (ready ? window.postMessage(message, '*') : queue.push(message));
  window.addEventListener('vscode-stub-post', (e) => {
    const m = e.detail;
    if (m.type === 'ready') { ready = true; for (const q of queue.splice(0)) window.postMessage(q, '*'); }
    const detail = m.type === 'exportCsv' ? `${m.suggestedName}, ${m.csv.length} chars`
      : m.type === 'exportPng' ? `${m.suggestedName}, ${m.dataUrl.length} chars` : JSON.stringify(m);
    log(`webview → host: ${m.type} ${detail}`);
    if (m.type === 'exportPng') window.lastPng = m.dataUrl;
    if (m.type === 'exportCsv') window.lastCsv = m.csv;
  });

  // initMessage packs a copy of the histories: the panel reads views onto what it gets.
  const init = (options) => { state = makeState(options); post(initMessage(state)); };
  window.harness = { init, post, state: () => state };

  const actions = {
    sample: () => init({ runs: 6, steps: 300, metrics: ['val_loss', 'loss', 'accuracy', 'lr'], running: 1 }),
    grids: () => init({ runs: 8, steps: 600, metrics: ['loss', 'accuracy'], stepEvery: true }),
    big: () => init({ runs: 100, steps: 10000, metrics: ['loss'] }),
    empty: () => { state = makeState({ runs: 0 }); post(initMessage(state)); },
    live: () => {
      if (live) { clearInterval(live); live = 0; log('live stopped'); return; }
      const running = state?.runs.filter((r) => r.status === 'running') ?? [];
      live = setInterval(() => {
        // Like the host: everything new since the last tick in one append.
        const entries = [];
        for (const run of running) {
          for (const metric of state.metrics) {
            const h = state.histories[metric][run.id];
            const points = nextPoints(h, 5, 0.3, 300, metric);
            // Keep the harness' copy current so the next points continue from here.
            state.histories[metric][run.id] = {
              steps: Float64Array.of(...h.steps, ...points.steps),
              values: Float64Array.of(...h.values, ...points.values),
              timestamps: Float64Array.of(...h.timestamps, ...points.timestamps),
            };
            entries.push({ runId: run.id, metric, history: points });
          }
        }
        if (entries.length > 0) post({ type: 'append', points: packHistories(entries) });
      }, 250);
      log('live: 5 points per metric every 250 ms');
    },
    finish: () => {
      const run = state?.runs.find((r) => r.status === 'running');
      if (!run) return;
      run.status = 'finished';
      for (const m of state.metrics) { const h = state.histories[m][run.id]; run.finalMetrics[m] = h.values[h.values.length - 1]; }
      post({ type: 'runUpdated', run: structuredClone(run) });
    },
    reload: () => location.reload(),
  };
  document.addEventListener('click', (e) => {
    const action = e.target instanceof HTMLElement ? e.target.dataset.action : undefined;
    if (action && actions[action]) actions[action]();
  });
  document.addEventListener('change', (e) => {
    if (!(e.target instanceof HTMLSelectElement) || e.target.dataset.action !== 'theme') return;
    const theme = e.target.value;
    document.documentElement.className = `theme-${theme}`;
    document.body.className = theme === 'light' ? 'vscode-light' : theme === 'hc' ? 'vscode-high-contrast' : 'vscode-dark';
    post({ type: 'theme' });
  });
  // Like a host restoring a panel: show the sample straight away.
  actions.sample();
})();
