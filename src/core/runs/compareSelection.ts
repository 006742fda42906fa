// Which runs the Compare Runs panel shows for a selection, and which runs join it while it is
// open. A sweep's parent run logs no metrics of its own (its children train), so comparing it
// means comparing its children.

import type { RunRecord } from './runModel';

type Run = Pick<RunRecord, 'id' | 'parentId' | 'tags' | 'experiment' | 'createdAt'>;

/** The tag the runner puts on a sweep's parent run (src/node/runner/pipelineRunner.ts). */
const SWEEP_LABEL = 'sweep';

function childrenByParent(runs: readonly Run[]): Map<string, Run[]> {
  const map = new Map<string, Run[]>();
  for (const run of runs) {
    if (run.parentId === undefined) continue;
    map.set(run.parentId, [...(map.get(run.parentId) ?? []), run]);
  }
  // Creation order, as the sweep started them (and as their colours are given).
  for (const list of map.values()) list.sort((a, b) => a.createdAt - b.createdAt);
  return map;
}

/** A sweep's parent: it has children, or it carries the runner's `sweep` label before they exist. */
function isSweepParent(run: Run, children: ReadonlyMap<string, readonly Run[]>): boolean {
  return (children.get(run.id)?.length ?? 0) > 0 || (run.parentId === undefined && run.tags[SWEEP_LABEL] === '');
}

/**
 * The runs to compare for the selected ids: a sweep parent stands for its children; one whose
 * children do not exist yet stays (there is nothing else to show for it). Selection order is
 * kept and duplicates are dropped; ids not in `runs` stay as they are (the caller looks them up).
 */
export function expandSweepParents(ids: readonly string[], runs: readonly Run[]): string[] {
  const children = childrenByParent(runs);
  const out = new Set<string>();
  for (const id of ids) {
    const kids = children.get(id) ?? [];
    if (kids.length > 0) for (const kid of kids) out.add(kid.id);
    else out.add(id);
  }
  return [...out];
}

/**
 * Runs that join an open comparison: runs created since it opened in the experiments it shows,
 * and children of sweeps it shows. A sweep parent never joins itself (it would be a legend entry
 * without a curve); its children do, as they start.
 */
export function runsJoiningComparison(shownIds: readonly string[], runs: readonly Run[], openedAt: number): string[] {
  const shown = new Set(shownIds);
  const children = childrenByParent(runs);
  const experiments = new Set(runs.filter((r) => shown.has(r.id)).map((r) => r.experiment));
  return runs
    .filter((r) => !shown.has(r.id) && !isSweepParent(r, children))
    .filter((r) => (r.createdAt >= openedAt && experiments.has(r.experiment)) || (r.parentId !== undefined && shown.has(r.parentId)))
    .sort((a, b) => a.createdAt - b.createdAt)
    .map((r) => r.id);
}
