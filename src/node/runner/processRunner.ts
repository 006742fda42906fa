import { spawn } from 'node:child_process';

export interface ProcessResult {
  /** null when the process was ended by a signal. */
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly cancelled: boolean;
  /** The last lines the process wrote to stderr, for the failure message. */
  readonly lastStderr: string[];
  readonly durationMs: number;
  /** Set when the command could not be started at all (e.g. the program does not exist). */
  readonly spawnError?: string;
}

export interface ProcessOptions {
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  readonly signal?: AbortSignal;
  /** Every chunk of output as it arrives, for the terminal and the saved log. */
  readonly onOutput?: (text: string, stream: 'stdout' | 'stderr') => void;
  /** How long a cancelled process gets between SIGTERM and SIGKILL. */
  readonly killGraceMs?: number;
}

const keptStderrLines = 20;

/**
 * Runs argv[0] with argv[1..] (never through a shell unless argv says `sh -c`), in its own
 * process group so cancelling ends the whole tree: a training script's data-loader workers too.
 */
export function runProcess(argv: readonly string[], options: ProcessOptions): Promise<ProcessResult> {
  const started = performance.now();
  const [program, ...args] = argv;
  return new Promise((resolve) => {
    if (program === undefined) {
      resolve({ exitCode: null, signal: null, cancelled: false, lastStderr: [], durationMs: 0, spawnError: 'the command is empty' });
      return;
    }
    if (options.signal?.aborted) {
      resolve({ exitCode: null, signal: null, cancelled: true, lastStderr: [], durationMs: 0 });
      return;
    }
    const child = spawn(program, args, { cwd: options.cwd, env: options.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderrTail = '';
    let cancelled = false;
    let killTimer: NodeJS.Timeout | undefined;
    let spawnError: string | undefined;

    const killTree = (signal: NodeJS.Signals) => {
      if (child.pid === undefined) return;
      try { process.kill(-child.pid, signal); } catch { /* the group is gone already */ }
    };
    const onAbort = () => {
      cancelled = true;
      killTree('SIGTERM');
      killTimer = setTimeout(() => killTree('SIGKILL'), options.killGraceMs ?? 3000);
    };
    options.signal?.addEventListener('abort', onAbort, { once: true });

    child.stdout.setEncoding('utf8').on('data', (text: string) => options.onOutput?.(text, 'stdout'));
    child.stderr.setEncoding('utf8').on('data', (text: string) => {
      options.onOutput?.(text, 'stderr');
      // Keep a bounded tail: a chatty process must not grow memory without limit.
      stderrTail = (stderrTail + text).slice(-16_384);
    });
    child.on('error', (error: NodeJS.ErrnoException) => {
      spawnError = error.code === 'ENOENT' ? `'${program}' was not found on PATH` : error.message;
    });
    child.on('close', (exitCode, signal) => {
      clearTimeout(killTimer);
      options.signal?.removeEventListener('abort', onAbort);
      // Whatever the stage left running in its group (background jobs) goes with it.
      if (!cancelled) killTree('SIGKILL');
      const lastStderr = stderrTail.split('\n').filter((l) => l.trim() !== '').slice(-keptStderrLines);
      resolve({ exitCode, signal, cancelled, lastStderr, durationMs: performance.now() - started, ...(spawnError ? { spawnError } : {}) });
    });
  });
}
