import { RunnerError } from './runnerErrors';
import type { RunnableStage } from './runnableStage';

function normalise(path: string): string {
  return path.replace(/\\/g, '/').replace(/^\.\//, '').replace(/\/+$/, '');
}

/** True when `dep` is `out` or lies inside the folder `out`. */
function reads(dep: string, out: string): boolean {
  const d = normalise(dep);
  const o = normalise(out);
  return d === o || d.startsWith(`${o}/`);
}

/** Each stage's direct upstream stages: its `needs`, and the stages whose outs it reads. */
export function upstreamOf(stages: readonly RunnableStage[]): Map<string, Set<string>> {
  const upstream = new Map<string, Set<string>>();
  const byName = new Set(stages.map((s) => s.name));
  for (const stage of stages) {
    const set = new Set<string>();
    for (const need of stage.needs) {
      if (!byName.has(need)) throw new RunnerError('unknown-stage', `stage ${stage.name} needs ${need}, which is not a stage`);
      set.add(need);
    }
    for (const other of stages) {
      if (other !== stage && stage.deps.some((dep) => other.outs.some((out) => reads(dep, out)))) set.add(other.name);
    }
    upstream.set(stage.name, set);
  }
  return upstream;
}

/** Stage names in an order where every stage comes after its upstream; throws on a cycle. */
export function topologicalOrder(stages: readonly RunnableStage[]): string[] {
  const upstream = upstreamOf(stages);
  const order: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (name: string, trail: string[]): void => {
    if (state.get(name) === 'done') return;
    if (state.get(name) === 'visiting') {
      const cycle = [...trail.slice(trail.indexOf(name)), name];
      throw new RunnerError('cycle', `the stages form a cycle: ${cycle.join(' → ')}`);
    }
    state.set(name, 'visiting');
    for (const up of upstream.get(name) ?? []) visit(up, [...trail, name]);
    state.set(name, 'done');
    order.push(name);
  };
  for (const stage of stages) visit(stage.name, []);
  return order;
}

/** A stage and everything upstream of it, in run order. */
export function withUpstream(stages: readonly RunnableStage[], target: string): string[] {
  if (!stages.some((s) => s.name === target)) throw new RunnerError('unknown-stage', `there is no stage named ${target}`);
  const upstream = upstreamOf(stages);
  const wanted = new Set<string>();
  const collect = (name: string): void => {
    if (wanted.has(name)) return;
    wanted.add(name);
    for (const up of upstream.get(name) ?? []) collect(up);
  };
  collect(target);
  return topologicalOrder(stages).filter((name) => wanted.has(name));
}
