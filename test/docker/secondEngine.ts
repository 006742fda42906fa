import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before } from 'node:test';
import { freePort, waitFor } from './dockerTestKit';

export interface SecondEngine {
  port: number;
  /** Its temp folder: data and exec roots, pid file, log, and whatever the caller puts there. */
  root: string;
}

/**
 * A second dockerd on loopback tcp for the current describe(): its own data and exec roots, pid
 * file and bridge; started in before() (ready when its log says it listens), killed by pid and
 * removed in after(). `extraArgs` gets the root folder (for TLS files written there first).
 */
export function useSecondEngine(extraArgs: (root: string) => string[] = () => []): SecondEngine {
  const engine: SecondEngine = { port: 0, root: '' };
  let bridge = '';
  before(async () => {
    engine.port = await freePort();
    engine.root = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-dockerd-'));
    // Its own (empty) bridge: `--bridge none` makes dockerd delete the host's docker0, which
    // breaks every build and bridged container of the machine's real engine.
    bridge = `mlopsbr${engine.port}`;
    execFileSync('ip', ['link', 'add', 'name', bridge, 'type', 'bridge']);
    execFileSync('ip', ['addr', 'add', `10.213.${engine.port % 250}.1/24`, 'dev', bridge]);
    const logFile = path.join(engine.root, 'dockerd.log');
    const log = fs.openSync(logFile, 'w');
    const daemon = spawn('dockerd', [
      '-H', `tcp://127.0.0.1:${engine.port}`, '--data-root', path.join(engine.root, 'data'), '--exec-root', path.join(engine.root, 'exec'),
      '--pidfile', path.join(engine.root, 'd.pid'), '--bridge', bridge, '--iptables=false', '--ip-masq=false',
      ...extraArgs(engine.root),
    ], { stdio: ['ignore', log, log], detached: true });
    daemon.unref();
    fs.closeSync(log);
    await waitFor(`the second dockerd to listen on port ${engine.port} (log: ${logFile})`,
      () => fs.readFileSync(logFile, 'utf8').includes(`API listen on 127.0.0.1:${engine.port}`), 60_000);
  });

  after(async () => {
    const pidFile = path.join(engine.root, 'd.pid');
    if (engine.root && fs.existsSync(pidFile)) {
      const pid = Number(fs.readFileSync(pidFile, 'utf8'));
      process.kill(pid, 'SIGTERM');
      await waitFor('the second dockerd to exit', () => !fs.existsSync(pidFile), 30_000).catch(() => process.kill(pid, 'SIGKILL'));
    }
    if (engine.root) fs.rmSync(engine.root, { recursive: true, force: true });
    if (bridge) execFileSync('ip', ['link', 'del', bridge]);
  });
  return engine;
}
