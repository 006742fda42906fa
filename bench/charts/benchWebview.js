// Timing helpers for webview.html (driven by bench/charts.mjs). The clock (clock.js) starts when
// the host's message is posted and stops once the frame after the chart's canvas has drawn is
// painted (the panel fires `mlops-compare-drawn` from uPlot's draw hook).
(() => {
  const nextDraw = (wantFirst) => new Promise((resolve) => {
    const onDrawn = (e) => {
      if (wantFirst && !e.detail.first) return;
      document.removeEventListener('mlops-compare-drawn', onDrawn);
      resolve(window.benchClock.painted());
    };
    document.addEventListener('mlops-compare-drawn', onDrawn);
  });

  let state;
  let tails; // each run's last point, where live points continue from
  window.bench = {
    /** Builds the comparison up front so generating it is not timed; returns the point count. */
    prepare(options) {
      state = window.compareData.makeState(options);
      const metric = state.metrics[0];
      tails = state.runs.map((run) => {
        const h = state.histories[metric][run.id];
        const n = h.steps.length;
        return { runId: run.id, step: h.steps[n - 1], value: h.values[n - 1], timestamp: h.timestamps[n - 1] };
      });
      return state.runs.length * state.metrics.length * (state.histories[metric][state.runs[0].id].steps.length);
    },
    /**
     * Posts `init` and resolves with ms until the chart is on screen. `via`: 'postMessage' goes
     * through window.postMessage with the message's one buffer transferred, as VS Code delivers
     * it; 'dispatch' hands the same object to the listener directly (the panel's work only).
     * Packing is the host's work and is not timed.
     */
    async timeInit(via) {
      const drawn = nextDraw(true);
      const message = window.compareData.initMessage(state);
      const t0 = window.benchClock.start();
      if (via === 'dispatch') window.dispatchEvent(new MessageEvent('message', { data: message }));
      else window.postMessage(message, '*', [message.histories.data]);
      const t1 = await drawn;
      return t1 - t0;
    },
    /** One live point for every run, in one append as the host batches them, until redrawn. */
    async timeAppend() {
      // Live points arrive seconds after the panel opened, not in the same frame: let it go idle first.
      await new Promise((resolve) => requestIdleCallback(resolve, { timeout: 1000 }));
      const drawn = nextDraw(false);
      const metric = state.metrics[0];
      const t0 = window.benchClock.start();
      const entries = tails.map((tail) => {
        tail.step += 1; tail.timestamp += 100;
        const history = { steps: Float64Array.of(tail.step), values: Float64Array.of(tail.value), timestamps: Float64Array.of(tail.timestamp) };
        return { runId: tail.runId, metric, history };
      });
      window.postMessage({ type: 'append', points: window.compareData.packHistories(entries) }, '*');
      const t1 = await drawn;
      return t1 - t0;
    },
    chartSize() {
      const canvas = document.querySelector('.chart-plot canvas');
      return canvas ? { width: canvas.clientWidth, height: canvas.clientHeight } : undefined;
    },
  };
})();
