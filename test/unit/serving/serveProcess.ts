// Starts the real python/mlops_serve.py for the serving tests (not a test file itself).
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** The repository: above the compiled tests (out/test/unit/serving), else the working folder. */
export const repoRoot = ((): string => {
  for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'python', 'mlops_serve.py'))) return dir;
  }
  return process.cwd();
})();

export const fixtures = path.join(repoRoot, 'test', 'fixtures', 'serving');
export const serverScript = path.join(repoRoot, 'python', 'mlops_serve.py');

/** The linear fixture model: score = 0.5 + 1·sepal_length + 10·sepal_width + 100·petal_length + 1000·petal_width. */
export const linearEnv = (): Record<string, string> => ({
  MLOPS_MODEL_MODULE: path.join(fixtures, 'linear_flavor.py'),
  MLOPS_MODEL_PATH: path.join(fixtures, 'linear_model.json'),
});

export const tempDir = (): string => fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-serve-'));

export interface Served {
  url: string;
  proc: ChildProcess;
  /** Everything the server wrote to stderr so far. */
  stderr(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill(): void;
}

const DEADLINE_MS = 20_000;

async function until<T>(what: string, served: { stderr(): string }, probe: () => Promise<T | undefined> | T | undefined): Promise<T> {
  const end = Date.now() + DEADLINE_MS;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > end) {
      const last = served.stderr().trim().split('\n').pop() ?? '';
      throw new Error(`mlops_serve: ${what} within ${DEADLINE_MS / 1000} s (last stderr line: ${JSON.stringify(last)})`);
    }
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Starts the server on a free 127.0.0.1 port (it picks one and prints it) and, unless told not to, waits for /ping to answer 200. */
export async function startServer(env: Record<string, string>, options: { waitReady?: boolean } = {}): Promise<Served> {
  const proc = spawn('python3', [serverScript], {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', MLOPS_HOST: '127.0.0.1', MLOPS_PORT: '0', MLOPS_REQUEST_LOG: '', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  proc.stderr?.on('data', (chunk: Buffer) => { err += chunk.toString(); });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => proc.on('exit', (code, signal) => resolve({ code, signal })));
  let gone = false;
  void exited.then(() => { gone = true; });
  const served = { stderr: () => err };
  const port = await until('printed no "listening on" line', served, () => {
    if (gone) throw new Error(`mlops_serve exited before listening: ${err.trim().split('\n').pop() ?? ''}`);
    return /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(err)?.[1];
  });
  const result: Served = { url: `http://127.0.0.1:${port}`, proc, stderr: () => err, exited, kill: () => { if (!gone) proc.kill('SIGKILL'); } };
  if (options.waitReady !== false) {
    await until('did not answer /ping with 200', served, async () => {
      if (gone) throw new Error(`mlops_serve exited while loading: ${err.trim().split('\n').pop() ?? ''}`);
      const response = await fetch(`${result.url}/ping`).catch(() => undefined);
      return response?.status === 200 ? true : undefined;
    });
  }
  return result;
}

/** Waits until `probe` returns a value, failing in one line after the deadline. */
export const waitFor = <T>(what: string, served: Served, probe: () => Promise<T | undefined> | T | undefined): Promise<T> => until(what, served, probe);

export interface Answer { status: number; body: { predictions?: unknown; error_code?: string; message?: string }; text: string; headers: Headers }

/** POSTs to /invocations; a string body is sent as is with the given content type, anything else as JSON. */
export async function invoke(served: Served, body: unknown, contentType = 'application/json', headers: Record<string, string> = {}): Promise<Answer> {
  const response = await fetch(`${served.url}/invocations`, {
    method: 'POST',
    headers: { 'Content-Type': contentType, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let parsed: Answer['body'] = {};
  try {
    parsed = JSON.parse(text) as Answer['body'];
  } catch {
    // left empty: the assertion on status or text says what was wrong
  }
  return { status: response.status, body: parsed, text, headers: response.headers };
}
