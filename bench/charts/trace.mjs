// Where the time of one timed first paint goes, from a Chromium performance trace taken over CDP
// (the same trace DevTools' Performance panel records): the renderer main thread's self time by
// kind of work between the page's `bench.t0` and `bench.t1` marks, the garbage collections in
// that window, and optionally the JavaScript functions with the most self time (CPU profile).
// Used by `node bench/charts.mjs --profile`.

const CATEGORIES = 'devtools.timeline,disabled-by-default-devtools.timeline,v8,v8.execute,disabled-by-default-v8.gc,blink.user_timing,blink,toplevel';

/** What a trace event's self time counts as; events not named here count as their parent does. */
function kindOf(name) {
  if (/^(MinorGC|MajorGC|V8\.GC|BlinkGC|V8\.GCScavenger|V8\.GCFinalizeMC)/.test(name)) return 'gc';
  if (/^(UpdateLayoutTree|Layout|Document::UpdateStyleAndLayout|Document::updateStyle|Document::recalcStyle|Document::rebuildLayoutTree|LocalFrameView::layout|LocalFrameView::UpdateStyleAndLayout|Blink\.Style|Blink\.Layout|InlineNode::)/.test(name)) return 'style + layout';
  if (/^CanvasRenderingContext2D::FinalizeFrame|Canvas2DLayerBridge|CanvasResource/.test(name)) return 'canvas raster';
  if (/^(Paint|PrePaint|Commit|Layerize|PaintImage|LocalFrameView::RunPaintLifecyclePhase|Blink\.Paint|Blink\.PrePaint|Blink\.Compositing)/.test(name)) return 'paint';
  // The bench drives bare uPlot and Chart.js through CDP (page.evaluate): their constructors run as
  // the self time of the mojo message that carries the call.
  if (name === 'Receive mojo message') return 'script';
  if (/^(FunctionCall|EvaluateScript|v8\.|V8\.|RunMicrotasks|TimerFire|FireAnimationFrame|EventDispatch|HandlePostMessage|ParseHTML|v8.compile|v8.run)/.test(name)) return 'script';
  return undefined;
}

/**
 * Runs `timed()` (which must put `bench.t0`/`bench.t1` performance marks around what it times)
 * under a trace; resolves with its result and the breakdown.
 */
export async function traceTimed(context, page, timed, { cpuProfile = false } = {}) {
  const cdp = await context.newCDPSession(page);
  const events = [];
  cdp.on('Tracing.dataCollected', (e) => { for (const ev of e.value) events.push(ev); });
  if (cpuProfile) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  }
  await cdp.send('Tracing.start', { categories: CATEGORIES, transferMode: 'ReportEvents' });
  if (cpuProfile) await cdp.send('Profiler.start');
  const result = await timed();
  const profile = cpuProfile ? (await cdp.send('Profiler.stop')).profile : undefined;
  const complete = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
  await cdp.send('Tracing.end');
  await complete;
  await cdp.detach();
  const summary = breakdown(events);
  return { result, breakdown: summary, functions: profile ? topFunctions(profile, summary.window) : undefined };
}

function breakdown(events) {
  const mark = (name) => events.find((e) => e.name === name && e.cat.includes('blink.user_timing'));
  const t0 = mark('bench.t0'), t1 = mark('bench.t1');
  if (!t0 || !t1) return { error: 'no bench.t0/bench.t1 marks in the trace' };
  const { pid, tid } = t0;
  const slices = events.filter((e) => e.ph === 'X' && e.pid === pid && e.tid === tid && e.ts + (e.dur ?? 0) > t0.ts && e.ts < t1.ts)
    .sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  const clip = (e) => Math.max(0, Math.min(e.ts + (e.dur ?? 0), t1.ts) - Math.max(e.ts, t0.ts));
  const self = new Map();
  const selfCpu = new Map();
  const stack = [];
  const add = (kind, us) => self.set(kind, (self.get(kind) ?? 0) + us);
  // Thread time of a slice, scaled to the part inside the window.
  const cpuOf = (e) => (e.tdur === undefined ? 0 : e.tdur * (clip(e) / Math.max(1, e.dur ?? 0)));
  // Self time = own clipped duration minus the clipped durations of direct children.
  const nodes = slices.map((e) => ({ e, kind: kindOf(e.name), children: 0, childrenCpu: 0 }));
  for (const node of nodes) {
    while (stack.length && stack[stack.length - 1].e.ts + (stack[stack.length - 1].e.dur ?? 0) <= node.e.ts) stack.pop();
    const parent = stack[stack.length - 1];
    node.kind ??= parent?.kind ?? 'other';
    if (parent) { parent.children += clip(node.e); parent.childrenCpu += cpuOf(node.e); } else node.top = true;
    stack.push(node);
  }
  for (const node of nodes) {
    add(node.kind, clip(node.e) - node.children);
    if (node.e.tdur !== undefined) selfCpu.set(node.kind, (selfCpu.get(node.kind) ?? 0) + Math.max(0, cpuOf(node.e) - node.childrenCpu));
  }

  // Thread (CPU) time of the top-level slices: what the main thread actually ran, without the
  // time it waited for a core (the machine may be shared).
  const cpu = nodes.filter((node) => node.top).reduce((sum, node) => sum + cpuOf(node.e), 0);
  const gcs = slices.filter((e) => e.name === 'MinorGC' || e.name === 'MajorGC');
  const busy = [...self.values()].reduce((a, b) => a + b, 0);
  return {
    window: [t0.ts, t1.ts],
    windowMs: (t1.ts - t0.ts) / 1000,
    busyMs: busy / 1000,
    cpuMs: cpu / 1000,
    byKind: Object.fromEntries([...self].sort((a, b) => b[1] - a[1]).map(([k, us]) => [k, us / 1000])),
    cpuByKind: Object.fromEntries([...selfCpu].sort((a, b) => b[1] - a[1]).map(([k, us]) => [k, us / 1000])),
    gc: { minor: gcs.filter((e) => e.name === 'MinorGC').length, major: gcs.filter((e) => e.name === 'MajorGC').length, ms: gcs.reduce((n, e) => n + clip(e), 0) / 1000 },
  };
}

/**
 * The functions with the most self time in a CPU profile, as "name file:line", counting only the
 * samples inside `window` (trace timestamps: the profile's clock is the trace's).
 */
function topFunctions(profile, window, count = 15) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  let t = profile.startTime;
  profile.samples.forEach((id, i) => {
    t += profile.timeDeltas[i] ?? 0;
    if (window && (t < window[0] || t > window[1])) return;
    const f = byId.get(id).callFrame;
    if (f.functionName === '(idle)') return;
    const key = `${f.functionName || '(anonymous)'} ${f.url ? `${f.url.split('/').pop()}:${f.lineNumber + 1}` : ''}`.trim();
    self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[i + 1] ?? 0) / 1000);
  });
  return [...self].sort((a, b) => b[1] - a[1]).slice(0, count);
}
