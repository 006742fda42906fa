import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { serverMain } from './paths';

export interface ServerOptions {
  /** Folder the workbench opens. */
  workspace: string;
  /** Loads the extension from this folder instead of from extensionsDir (integration tier). */
  extensionDevelopmentPath?: string;
  /** A module exporting run(); VS Code runs it in the extension host, then exits that host. */
  extensionTestsPath?: string;
  /** Installed extensions (the e2e tier installs the .vsix here). A fresh temp dir by default. */
  extensionsDir?: string;
  /** User settings for the test profile. */
  settings?: Record<string, unknown>;
  /** Extra environment for the server and its extension host. */
  env?: Record<string, string>;
  /** A fixed port (`npm start`); a free one by default. */
  port?: number;
  /** A lasting profile folder (`npm start`); a temp one, removed on stop, by default. */
  userDataDir?: string;
  /** Tests trust their scratch folders; `npm start` leaves the trust prompt to the user. */
  trustWorkspace?: boolean;
}

export interface RunningServer {
  readonly port: number;
  /** The workbench URL, with the development paths in its payload when given. */
  readonly url: string;
  readonly userDataDir: string;
  /** Everything the server printed, for diagnosing a failed test. */
  output(): string;
  stop(): Promise<void>;
}

const defaultSettings = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
};

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function waitForHttp(url: string, timeoutMs: number, server: ChildProcess): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`VS Code server exited with code ${server.exitCode}`);
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`VS Code server did not answer at ${url} within ${timeoutMs} ms`);
}

/** Installs a packaged extension into extensionsDir with the server's own CLI, as a user would. */
export function installVsix(vsix: string, extensionsDir: string): string {
  const result = spawnSync(process.execPath, [serverMain, '--install-extension', vsix, '--extensions-dir', extensionsDir, '--force'], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`installing ${vsix} failed:\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

export function listExtensions(extensionsDir: string): string[] {
  const result = spawnSync(process.execPath, [serverMain, '--list-extensions', '--show-versions', '--extensions-dir', extensionsDir], { encoding: 'utf8' });
  return result.stdout.split('\n').map((l) => l.trim()).filter(Boolean);
}

/** Starts the real VS Code server (from the code-server package) on a free loopback port. */
export async function startVscodeServer(options: ServerOptions): Promise<RunningServer> {
  if (!fs.existsSync(serverMain)) throw new Error(`VS Code server missing at ${serverMain}; run scripts/setup-vscode-server.sh`);
  const port = options.port ?? await freePort();
  const trust = options.trustWorkspace ?? true;
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-vscode-'));
  const userDataDir = options.userDataDir ?? path.join(scratch, 'user-data');
  const extensionsDir = options.extensionsDir ?? path.join(scratch, 'extensions');
  const settings = JSON.stringify({ ...defaultSettings, 'security.workspace.trust.enabled': !trust, ...options.settings }, null, 2);
  // The server reads machine settings; the web client keeps user settings on the server too
  // (code-server's patch), under User/. Write both so the profile is the same either way.
  for (const dir of [path.join(userDataDir, 'User'), path.join(userDataDir, 'Machine'), path.join(userDataDir, 'data', 'Machine')]) {
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, 'settings.json');
    if (!options.userDataDir || !fs.existsSync(file)) fs.writeFileSync(file, settings);
  }
  fs.mkdirSync(extensionsDir, { recursive: true });

  const args = [
    serverMain, '--host', '127.0.0.1', '--port', String(port), '--without-connection-token',
    '--accept-server-license-terms', '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir,
    '--disable-telemetry',
  ];
  if (trust) args.push('--disable-workspace-trust');
  if (options.extensionDevelopmentPath) args.push(`--extensionDevelopmentPath=${options.extensionDevelopmentPath}`);
  if (options.extensionTestsPath) args.push(`--extensionTestsPath=${options.extensionTestsPath}`);

  let output = '';
  const server = spawn(process.execPath, args, {
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // its own process group, so stop() also ends the extension hosts it spawned
  });
  server.stdout?.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  server.stderr?.on('data', (chunk: Buffer) => { output += chunk.toString(); });

  const origin = `http://127.0.0.1:${port}`;
  await waitForHttp(`${origin}/version`, 60_000, server).catch((error: unknown) => {
    throw new Error(`${String(error)}\n${output}`);
  });

  const payload: [string, string][] = [];
  const remote = (p: string) => `vscode-remote://127.0.0.1:${port}${p}`;
  if (options.extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', remote(options.extensionDevelopmentPath)]);
  if (options.extensionTestsPath) payload.push(['extensionTestsPath', remote(options.extensionTestsPath)]);
  let url = `${origin}/?folder=${encodeURIComponent(options.workspace)}`;
  if (payload.length > 0) url += `&payload=${encodeURIComponent(JSON.stringify(payload))}`;

  return {
    port,
    url,
    userDataDir,
    output: () => output,
    async stop() {
      if (server.exitCode === null && server.pid !== undefined) {
        const exited = new Promise((r) => server.once('exit', r));
        try { process.kill(-server.pid, 'SIGTERM'); } catch { /* already gone */ }
        const timer = setTimeout(() => { try { process.kill(-server.pid!, 'SIGKILL'); } catch { /* gone */ } }, 5000);
        await exited;
        clearTimeout(timer);
      }
      fs.rmSync(scratch, { recursive: true, force: true, maxRetries: 3 });
    },
  };
}
