import * as vscode from 'vscode';

/** The settings of the Docker and deploy areas (package.json `contributes.configuration`). */
export const DockerSettings = {
  host: 'mlops.docker.host',
  defaultBase: 'mlops.docker.defaultBase',
  routerImage: 'mlops.deploy.routerImage',
  bindAddress: 'mlops.deploy.bindAddress',
} as const;

export interface DockerSettingValues {
  /** Blank = reach the engine as the docker CLI does (DOCKER_HOST, then the current context). */
  readonly host: string;
  readonly defaultBase: string;
  readonly routerImage: string;
  readonly bindAddress: string;
}

/** The current values, read on every use so a changed setting applies to the next action. */
export function readDockerSettings(): DockerSettingValues {
  const config = vscode.workspace.getConfiguration();
  const text = (key: string, fallback: string) => config.get<string>(key, fallback).trim() || fallback;
  return {
    host: config.get<string>(DockerSettings.host, '').trim(),
    defaultBase: text(DockerSettings.defaultBase, 'python:3.12-slim'),
    routerImage: text(DockerSettings.routerImage, 'nginx:1.27-alpine'),
    bindAddress: text(DockerSettings.bindAddress, '127.0.0.1'),
  };
}

/** True when a configuration change touches the engine the Deployments view talks to. */
export function affectsEngine(event: vscode.ConfigurationChangeEvent): boolean {
  return event.affectsConfiguration(DockerSettings.host);
}
