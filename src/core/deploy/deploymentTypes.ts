// A deployment as read back from the engine: a router container and up to two model containers,
// blue and green. Labels cannot change on a container, so roles follow one rule: while two model
// containers run, the labels say which is the canary or shadow; a lone running one is the primary.
import type { Colour, Role, Strategy } from './labels';

/** `State.Health.Status`, plus `none` (no HEALTHCHECK) and `stopped` (not running). */
export type Health = 'healthy' | 'unhealthy' | 'starting' | 'none' | 'stopped';

export interface VersionState {
  containerId: string;
  colour: Colour;
  /** The role it serves now (see the rule above), never `router`. */
  role: Exclude<Role, 'router'>;
  version: string;
  run: string;
  commit?: string;
  image: string;
  /** Host port it listens on. */
  port: number;
  running: boolean;
  health: Health;
  /** Percent of client traffic it answers (a shadow answers none: it gets copies). */
  trafficShare: number;
  /** ISO-8601, while running. */
  startedAt?: string;
  /** Milliseconds since it started, while running. */
  uptimeMs?: number;
  /** Weight label of a canary. */
  weight?: number;
}

export interface RouterState {
  containerId: string;
  running: boolean;
  health: Health;
  port: number;
  startedAt?: string;
}

export interface DeploymentState {
  deployment: string;
  model: string;
  /** The strategy of the latest rollout (the newest model container's label). */
  strategy: Strategy;
  routerPort?: number;
  router?: RouterState;
  /** Running first (primary, then canary/shadow), then stopped ones (rollback candidates). */
  versions: VersionState[];
}
