// Deterministic synthetic comparisons for the chart bench and the manual harness: loss and
// accuracy curves with noise, sweep params, a time per step. Classic script (no modules) so
// the pages can load it under the webview CSP with a nonce. Exposes window.compareData.
(() => {
  function mulberry32(seed) {
    let a = seed >>> 0;
    return () => {
      a = (a + 0x6d2b79f5) >>> 0;
      let t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  // Same palette rule as webview-ui/compare/palette.ts (the host's runColour); a fixed table keeps
  // this page independent of the bundle.
  const COLOURS = ['#3a85e0', '#c96a00', '#2e9a4f', '#c248b8', '#8a8c00', '#d9433d', '#1997a6', '#7b6be8', '#b8731f', '#2f9c2f'];

  const curve = {
    loss: (t, r, rnd) => 2.3 * Math.exp(-t / (0.15 + 0.2 * r)) + 0.05 + 0.1 * r + (rnd() - 0.5) * 0.06,
    val_loss: (t, r, rnd) => 2.3 * Math.exp(-t / (0.17 + 0.2 * r)) + 0.09 + 0.12 * r + (rnd() - 0.5) * 0.1,
    accuracy: (t, r, rnd) => Math.min(1, 0.1 + (0.85 - 0.2 * r) * (1 - Math.exp(-t / (0.12 + 0.2 * r))) + (rnd() - 0.5) * 0.03),
    lr: (t, r) => 0.1 * (r + 0.05) * 0.5 * (1 + Math.cos(Math.PI * t)),
  };

  /**
   * A CompareState: `runs` runs × `steps` points of each metric in `metrics`.
   * The first `running` runs are still training (fewer points); `live` marks every run as running
   * without cutting points. `stepEvery` varies the logging interval per run (different step grids).
   */
  function makeState({ runs = 6, steps = 200, metrics = ['loss'], seed = 1, running = 0, live = false, stepEvery = false, start = Date.UTC(2025, 0, 15, 9, 0, 0) } = {}) {
    const rnd = mulberry32(seed);
    const lrs = [0.1, 0.03, 0.01, 0.003, 0.001];
    const batches = [32, 64, 128];
    const optimizers = ['adam', 'sgd', 'adamw'];
    const state = { runs: [], metrics: [...metrics], histories: {}, primaryMetric: metrics.includes('val_loss') ? 'val_loss' : metrics[0] ?? null, goals: {} };
    for (const m of metrics) state.histories[m] = {};
    for (let r = 0; r < runs; r++) {
      const id = `run-${String(r).padStart(3, '0')}`;
      const quality = rnd();
      const every = stepEvery ? 1 + (r % 3) : 1;
      const msPerStep = 80 + Math.floor(rnd() * 200);
      const runStart = start + r * 60_000;
      const finalMetrics = {};
      for (const m of metrics) {
        const n = running > r ? Math.floor(steps * 0.6) : steps;
        const count = Math.floor(n / every);
        const s = new Float64Array(count), v = new Float64Array(count), ts = new Float64Array(count);
        for (let i = 0; i < count; i++) {
          const step = i * every;
          s[i] = step;
          v[i] = curve[m] ? curve[m](step / steps, quality, rnd) : Math.sin(step / 50 + r) + (rnd() - 0.5) * 0.2;
          ts[i] = runStart + step * msPerStep;
        }
        state.histories[m][id] = { steps: s, values: v, timestamps: ts };
        finalMetrics[m] = count > 0 ? v[count - 1] : null;
      }
      state.runs.push({
        id, name: `${optimizers[r % 3]}-lr${lrs[r % 5]}-bs${batches[r % 3]}${runs > 15 ? `-${r}` : ''}`,
        experiment: 'iris-sweep', colour: COLOURS[r % COLOURS.length], status: live || running > r ? 'running' : 'finished',
        params: { lr: String(lrs[r % 5]), batch_size: batches[r % 3], optimizer: optimizers[r % 3], seed: 42, epochs: '20' },
        finalMetrics, isSweepChild: true, parentId: 'sweep-1', startTime: runStart,
      });
    }
    return state;
  }

  /**
   * Histories packed as the host sends them (protocol.ts PackedHistories): one ArrayBuffer, each
   * series' steps, values and timestamps one after the other, offsets in Float64 elements.
   * `entries`: [{ runId, metric, history }].
   */
  function packHistories(entries) {
    const total = entries.reduce((n, e) => n + 3 * e.history.steps.length, 0);
    const data = new Float64Array(total);
    const series = [];
    let offset = 0;
    for (const { runId, metric, history } of entries) {
      const length = history.steps.length;
      data.set(history.steps, offset);
      data.set(history.values, offset + length);
      data.set(history.timestamps, offset + 2 * length);
      series.push({ runId, metric, offset, length });
      offset += 3 * length;
    }
    return { series, data: data.buffer };
  }

  /** The `init` message for a state: the summary as JSON, every history in one buffer. */
  function initMessage(state) {
    const entries = Object.entries(state.histories).flatMap(([metric, byRun]) =>
      Object.entries(byRun).map(([runId, history]) => ({ runId, metric, history })));
    const { runs, metrics, primaryMetric, goals } = state;
    return { type: 'init', state: { runs, metrics, primaryMetric, goals }, histories: packHistories(entries) };
  }

  /** The next `count` points after a history's last point (harness live mode). */
  function nextPoints(history, count, quality = 0.5, total = 1000, metric = 'loss', seed = 7) {
    const rnd = mulberry32(seed + history.steps.length);
    const last = history.steps.length ? history.steps[history.steps.length - 1] : -1;
    const lastT = history.timestamps.length ? history.timestamps[history.timestamps.length - 1] : Date.now();
    const steps = new Float64Array(count), values = new Float64Array(count), timestamps = new Float64Array(count);
    for (let i = 0; i < count; i++) {
      steps[i] = last + i + 1;
      values[i] = curve[metric] ? curve[metric]((last + i + 1) / total, quality, rnd) : rnd();
      timestamps[i] = lastT + (i + 1) * 150;
    }
    return { steps, values, timestamps };
  }

  window.compareData = { makeState, nextPoints, packHistories, initMessage, mulberry32 };
})();
