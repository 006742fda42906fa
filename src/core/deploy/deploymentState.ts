// Deployments rebuilt from the engine alone: containers' labels, State.Running, State.Health.Status
// and State.StartedAt (dockerode's inspect shape), so any machine sees the same state.
import type { DeploymentState, Health, RouterState, VersionState } from './deploymentTypes';
import { isColour, isStrategy, LABEL } from './labels';

/** The part of dockerode's ContainerInspectInfo this reads. */
export interface InspectedContainer {
  Id: string;
  Config?: { Image?: string; Labels?: Record<string, string> | null };
  State?: { Running?: boolean; StartedAt?: string; Health?: { Status?: string } | null };
}

/** Every managed deployment, by name; `now` in ms since the epoch (for uptime). */
export function rebuildDeployments(containers: readonly InspectedContainer[], now: number): DeploymentState[] {
  const groups = new Map<string, InspectedContainer[]>();
  for (const c of containers) {
    const labels = c.Config?.Labels ?? {};
    const name = labels[LABEL.deployment];
    if (labels[LABEL.managed] !== 'true' || !name) continue;
    groups.set(name, [...(groups.get(name) ?? []), c]);
  }
  return [...groups.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([name, group]) => rebuild(name, group, now));
}

function rebuild(deployment: string, group: InspectedContainer[], now: number): DeploymentState {
  let router: RouterState | undefined;
  const byColour = new Map<string, InspectedContainer>();
  for (const c of group) {
    const labels = c.Config?.Labels ?? {};
    if (labels[LABEL.role] === 'router') {
      if (!router || (isRunning(c) && !router.running)) router = { containerId: c.Id, running: isRunning(c), health: healthOf(c), port: Number(labels[LABEL.port]), startedAt: startedAt(c) };
      continue;
    }
    const colour = labels[LABEL.colour];
    if (!isColour(colour)) continue;
    const seen = byColour.get(colour);
    // One container per colour; if an interrupted rollout left two, the running or newer one counts.
    if (!seen || rank(c) > rank(seen)) byColour.set(colour, c);
  }
  const models = [...byColour.values()];
  const live = models.filter(isRunning).sort((a, b) => rank(a) - rank(b));
  const versions = models.map((c) => version(c, now));
  const at = (c: InspectedContainer): VersionState => versions[models.indexOf(c)]!;
  if (live.length === 1) {
    // A lone running version is the primary, whatever role it started with (promoted).
    Object.assign(at(live[0]!), { role: 'primary', trafficShare: 100 });
  } else if (live.length === 2) {
    const [older, newer] = [at(live[0]!), at(live[1]!)];
    // The newer one's label wins: a promoted canary keeps its `canary` label while it serves alone,
    // so next to a newer canary or shadow it is the primary.
    const candidate = [newer, older].find((v) => v.role !== 'primary');
    const primary = candidate ? [older, newer].find((v) => v !== candidate)! : newer;
    const other = primary === newer ? older : newer;
    primary.role = 'primary';
    if (candidate?.role === 'canary') {
      const weight = Math.min(100, Math.max(0, candidate.weight ?? 0));
      candidate.trafficShare = weight;
      primary.trafficShare = 100 - weight;
    } else {
      // A shadow answers no client; two primaries mean a switch is draining the older one.
      primary.trafficShare = 100;
      other.trafficShare = 0;
    }
  }
  const order = (v: VersionState): number => (v.running ? (v.role === 'primary' ? 0 : 1) : 2);
  versions.sort((a, b) => order(a) - order(b) || a.colour.localeCompare(b.colour));
  const newest = [...models].sort((a, b) => rank(b) - rank(a))[0];
  const newestLabels = newest?.Config?.Labels ?? {};
  const strategy = newestLabels[LABEL.strategy];
  const labelsOfAny = (router ? group : models)[0]?.Config?.Labels ?? {};
  const routerPort = router?.port;
  return {
    deployment,
    model: newestLabels[LABEL.model] ?? labelsOfAny[LABEL.model] ?? deployment,
    strategy: isStrategy(strategy) ? strategy : 'recreate',
    ...(routerPort !== undefined && Number.isFinite(routerPort) ? { routerPort } : {}),
    ...(router ? { router } : {}),
    versions,
  };
}

function version(c: InspectedContainer, now: number): VersionState {
  const labels = c.Config?.Labels ?? {};
  const role = labels[LABEL.role];
  const running = isRunning(c);
  const started = startedAt(c);
  const v: VersionState = {
    containerId: c.Id,
    colour: labels[LABEL.colour] === 'green' ? 'green' : 'blue',
    role: role === 'canary' || role === 'shadow' ? role : 'primary',
    version: labels[LABEL.version] ?? '?',
    run: labels[LABEL.run] ?? '',
    image: c.Config?.Image ?? '',
    port: Number(labels[LABEL.port]),
    running,
    health: healthOf(c),
    trafficShare: 0,
  };
  if (labels[LABEL.commit]) v.commit = labels[LABEL.commit];
  if (labels[LABEL.weight] !== undefined && Number.isFinite(Number(labels[LABEL.weight]))) v.weight = Number(labels[LABEL.weight]);
  if (running && started) {
    v.startedAt = started;
    v.uptimeMs = Math.max(0, now - Date.parse(started));
  }
  return v;
}

function isRunning(c: InspectedContainer): boolean {
  return c.State?.Running === true;
}

function healthOf(c: InspectedContainer): Health {
  if (!isRunning(c)) return 'stopped';
  const status = c.State?.Health?.Status;
  return status === 'healthy' || status === 'unhealthy' || status === 'starting' ? status : 'none';
}

/** Docker's zero time for a container that never started. */
function startedAt(c: InspectedContainer): string | undefined {
  const s = c.State?.StartedAt;
  return s && !s.startsWith('0001-') ? s : undefined;
}

/** Running beats stopped; then the later start wins. */
function rank(c: InspectedContainer): number {
  const t = Date.parse(startedAt(c) ?? '') || 0;
  return (isRunning(c) ? 1e15 : 0) + t;
}

export type DeploymentHealth = 'healthy' | 'unhealthy' | 'starting' | 'stopped';

/** One word for the whole deployment: its router and the versions that answer clients. */
export function deploymentHealth(d: DeploymentState): DeploymentHealth {
  const serving = d.versions.filter((v) => v.running && v.trafficShare > 0);
  if (!d.router?.running && serving.length === 0) return 'stopped';
  if (!d.router?.running || serving.length === 0 || serving.some((v) => v.health === 'unhealthy')) return 'unhealthy';
  if (serving.some((v) => v.health === 'starting')) return 'starting';
  return 'healthy';
}

/** What can be done now; commands check these, menus use the context values. */
export function deploymentActions(d: DeploymentState): { promote: boolean; rollback: boolean; stop: boolean } {
  const live = d.versions.filter((v) => v.running);
  return {
    promote: live.some((v) => v.role !== 'primary'),
    rollback: live.some((v) => v.role !== 'primary') || d.versions.some((v) => !v.running),
    stop: d.router !== undefined || d.versions.length > 0,
  };
}

/** Tree item context value of a deployment: `deployment.<health>`, e.g. `deployment.healthy`. */
export function deploymentContextValue(d: DeploymentState): string {
  return `deployment.${deploymentHealth(d)}`;
}

/** Tree item context value of one version: `version.<role>.<health>`, e.g. `version.canary.healthy`. */
export function versionContextValue(v: VersionState): string {
  return `version.${v.running ? v.role : 'previous'}.${v.health}`;
}
