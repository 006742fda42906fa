// The chart bench's clock, the same on every page it times (classic script, window.benchClock).
// It starts when the page is handed the data and stops once the frame showing the chart has been
// painted: a requestAnimationFrame callback runs at the start of the next frame, before that
// frame's style, layout and paint, and a task posted from it runs after them. So the figure
// includes the page's own layout and paint, not only its scripts. The task is user-blocking, so
// it runs ahead of ordinary tasks that the page queued for after its first frame (the panel
// builds its toolbar then) instead of timing them too. The performance marks bench.t0 / bench.t1
// let `bench/charts.mjs --profile` find the same window in a trace.
(() => {
  const afterFrame = (task) => (window.scheduler?.postTask
    ? window.scheduler.postTask(task, { priority: 'user-blocking' })
    : setTimeout(task, 0));
  window.benchClock = {
    start() {
      performance.mark('bench.t0');
      return performance.now();
    },
    /** Resolves with performance.now() after the next frame has been painted. */
    painted() {
      return new Promise((resolve) => requestAnimationFrame(() => {
        afterFrame(() => { performance.mark('bench.t1'); resolve(performance.now()); });
      }));
    },
  };
})();
