import * as fs from 'node:fs';
import * as os from 'node:os';
import type { RunnerState } from '../../core/runs/liveness';
import type { RunnerInfo } from '../../core/runs/runModel';

const host = os.hostname();

/** Fields of /proc/<pid>/stat after the command name: [0] state ... [19] start time in ticks. */
function procStat(pid: number): string[] | undefined {
  try {
    const text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return text.slice(text.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

function startTicks(pid: number): number | undefined {
  const ticks = Number(procStat(pid)?.[19]);
  return Number.isFinite(ticks) ? ticks : undefined;
}

/** This process as a runner: pid, host, and (Linux) its start time, against pid reuse. */
export function currentRunner(): RunnerInfo {
  return { pid: process.pid, host, startTicks: startTicks(process.pid) };
}

/** Whether a runner process still exists; 'unknown' for another host. */
export function probeRunner(runner: RunnerInfo): RunnerState {
  if (runner.host !== host) return 'unknown';
  if (runner.pid === process.pid) return 'alive';
  if (process.platform === 'linux') {
    const stat = procStat(runner.pid);
    if (!stat) return 'dead';
    // A zombie has exited; its parent just has not reaped it yet.
    if (stat[0] === 'Z' || stat[0] === 'X') return 'dead';
    if (runner.startTicks !== undefined && Number(stat[19]) !== runner.startTicks) return 'dead';
    return 'alive';
  }
  try {
    process.kill(runner.pid, 0);
    return 'alive';
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM' ? 'alive' : 'dead';
  }
}

export function hostName(): string {
  return host;
}
