// The label keys containers and images carry. The engine is the source of truth: the Deployments
// view and `mlops deployments` rebuild every deployment from these, on any machine.

export const LABEL = {
  managed: 'mlops.managed',
  deployment: 'mlops.deployment',
  model: 'mlops.model',
  version: 'mlops.version',
  run: 'mlops.run',
  commit: 'mlops.commit',
  colour: 'mlops.colour',
  role: 'mlops.role',
  port: 'mlops.port',
  strategy: 'mlops.strategy',
  weight: 'mlops.weight',
} as const;

/** OCI image annotations set on built images, next to the mlops.* labels. */
export const OCI_LABEL = {
  title: 'org.opencontainers.image.title',
  version: 'org.opencontainers.image.version',
  revision: 'org.opencontainers.image.revision',
  created: 'org.opencontainers.image.created',
} as const;

export type Colour = 'blue' | 'green';
export type Role = 'primary' | 'canary' | 'shadow' | 'router';
export type Strategy = 'recreate' | 'blue-green' | 'canary' | 'shadow';

export const COLOURS: readonly Colour[] = ['blue', 'green'];
export const ROLES: readonly Role[] = ['primary', 'canary', 'shadow', 'router'];
export const STRATEGIES: readonly Strategy[] = ['recreate', 'blue-green', 'canary', 'shadow'];

export function otherColour(colour: Colour): Colour {
  return colour === 'blue' ? 'green' : 'blue';
}

/** A filter for dockerode's listContainers: every container MLOps Workbench manages. */
export function managedFilter(deployment?: string): { label: string[] } {
  const label = [`${LABEL.managed}=true`];
  if (deployment !== undefined) label.push(`${LABEL.deployment}=${deployment}`);
  return { label };
}

export function isColour(value: string | undefined): value is Colour {
  return value === 'blue' || value === 'green';
}

export function isRole(value: string | undefined): value is Role {
  return ROLES.includes(value as Role);
}

export function isStrategy(value: string | undefined): value is Strategy {
  return STRATEGIES.includes(value as Strategy);
}
