// The chart bench's clock, the same on every page it times (classic script, window.benchClock).
// It starts when the page is handed the data and stops once the frame showing the chart has been
// painted: a requestAnimationFrame callback runs at the start of the next frame, before that
// frame's style, layout and paint, and a message posted from it is handled after them. So the
// figure includes the page's own layout and paint, not only its scripts. The performance marks
// bench.t0 / bench.t1 let `bench/charts.mjs --profile` find the same window in a trace.
(() => {
  const channel = new MessageChannel();
  const waiting = [];
  channel.port1.onmessage = () => waiting.shift()?.();
  window.benchClock = {
    start() {
      performance.mark('bench.t0');
      return performance.now();
    },
    /** Resolves with performance.now() after the next frame has been painted. */
    painted() {
      return new Promise((resolve) => requestAnimationFrame(() => {
        waiting.push(() => { performance.mark('bench.t1'); resolve(performance.now()); });
        channel.port2.postMessage(0);
      }));
    },
  };
})();
