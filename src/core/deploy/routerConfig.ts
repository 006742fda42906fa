// The nginx configuration of one deployment's router. nginx runs as its own container on the host
// network, so deployments keep serving when the editor is closed. Everything nginx writes (pid,
// temp files) goes under one writable folder, so it runs as a non-root user too.

export const ROUTER_STATE_DIR = '/tmp/mlops-router';
export const ROUTER_CONFIG_PATH = '/tmp/mlops-router/nginx.conf';
/** Answers 200 from the router itself: the router's own health check. */
export const ROUTER_HEALTH_PATH = '/_mlops/router';
export const DEFAULT_ROUTER_HOST = '127.0.0.1';

export interface RouterSpec {
  deployment: string;
  /** Address to listen on: 127.0.0.1 (default) or 0.0.0.0 to serve other machines. */
  listenHost?: string;
  listenPort: number;
  maxBodyBytes: number;
  /** Host ports of the model containers (they listen on the same host network). */
  primaryPort: number;
  /** A canary shares the traffic: it gets `weight` percent, the primary the rest. */
  canary?: { port: number; weight: number };
  /** A shadow gets a copy of every request; its answers never reach clients. */
  shadowPort?: number;
  stateDir?: string;
}

/** The nginx.conf text for the router. */
export function planRouterConfig(spec: RouterSpec): string {
  const dir = spec.stateDir ?? ROUTER_STATE_DIR;
  const host = spec.listenHost ?? DEFAULT_ROUTER_HOST;
  const name = spec.deployment.replace(/[^A-Za-z0-9._-]/g, '_');
  const servers = upstreamServers(spec);
  const lines = [
    `# Router of the deployment '${name}', written by MLOps Workbench; rewritten on every rollout.`,
    `# Run: nginx -c <this file> -g 'daemon off;'   Reload: nginx -c <this file> -s reload`,
    'worker_processes 1;',
    `pid ${dir}/nginx.pid;`,
    'error_log stderr warn;',
    'events { worker_connections 1024; }',
    'http {',
    `  client_body_temp_path ${dir}/client_body;`,
    `  proxy_temp_path ${dir}/proxy;`,
    `  fastcgi_temp_path ${dir}/fastcgi;`,
    `  uwsgi_temp_path ${dir}/uwsgi;`,
    `  scgi_temp_path ${dir}/scgi;`,
    '  log_format mlops \'$time_iso8601 $request_id $request_method $request_uri $status $upstream_addr $request_time\';',
    '  access_log /dev/stdout mlops;',
    `  client_max_body_size ${spec.maxBodyBytes};`,
    // Bodies up to 1 MiB stay in memory: the mirror reads the body before both requests go out.
    '  client_body_buffer_size 1m;',
    '  upstream mlops_serving {',
    ...servers.map((s) => `    server 127.0.0.1:${s.port}${s.weight === undefined ? '' : ` weight=${s.weight}`} max_fails=1 fail_timeout=5s;`),
    '    keepalive 16;',
    '  }',
  ];
  if (spec.shadowPort !== undefined) {
    lines.push('  upstream mlops_shadow {', `    server 127.0.0.1:${spec.shadowPort};`, '    keepalive 8;', '  }');
  }
  lines.push(
    '  server {',
    `    listen ${host}:${spec.listenPort};`,
    `    location = ${ROUTER_HEALTH_PATH} {`,
    '      access_log off;',
    '      default_type application/json;',
    `      return 200 '{"router":"ok","deployment":"${name}"}';`,
    '    }',
    '    location / {',
  );
  if (spec.shadowPort !== undefined) lines.push('      mirror /_mlops/shadow;', '      mirror_request_body on;');
  lines.push(
    '      proxy_pass http://mlops_serving;',
    ...proxyCommon('2s', '60s'),
    // A request that could not reach one server is tried on the other: predictions have no side effects.
    '      proxy_next_upstream error timeout http_502 http_503 non_idempotent;',
    '      proxy_next_upstream_tries 2;',
    '    }',
  );
  if (spec.shadowPort !== undefined) {
    lines.push(
      '    location = /_mlops/shadow {',
      '      internal;',
      '      proxy_pass http://mlops_shadow$request_uri;',
      ...proxyCommon('1s', '30s'),
      '    }',
    );
  }
  lines.push('  }', '}', '');
  return lines.join('\n');
}

/** The router container's command: make the writable folder, then nginx in the foreground. */
export function routerCommand(configPath = ROUTER_CONFIG_PATH, stateDir = ROUTER_STATE_DIR): string[] {
  return ['sh', '-c', `mkdir -p ${stateDir} && exec nginx -c ${configPath} -g 'daemon off;'`];
}

/** Graceful reload inside the router container (old workers finish their requests). */
export function routerReloadCommand(configPath = ROUTER_CONFIG_PATH): string[] {
  return ['nginx', '-c', configPath, '-s', 'reload'];
}

/** Weighted servers for a canary (0 and 100 leave one server: nginx has no weight 0). */
function upstreamServers(spec: RouterSpec): { port: number; weight?: number }[] {
  const canary = spec.canary;
  if (!canary) return [{ port: spec.primaryPort }];
  const weight = Math.round(canary.weight);
  if (weight <= 0) return [{ port: spec.primaryPort }];
  if (weight >= 100) return [{ port: canary.port }];
  return [{ port: spec.primaryPort, weight: 100 - weight }, { port: canary.port, weight }];
}

function proxyCommon(connectTimeout: string, readTimeout: string): string[] {
  return [
    '      proxy_http_version 1.1;',
    '      proxy_set_header Connection "";',
    '      proxy_set_header Host $host;',
    '      proxy_set_header X-Request-Id $request_id;',
    '      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;',
    `      proxy_connect_timeout ${connectTimeout};`,
    `      proxy_read_timeout ${readTimeout};`,
  ];
}
