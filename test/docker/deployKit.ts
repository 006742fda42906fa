// Helpers of the deploy tests: small serving images built from the wave-1 pieces, and a loopback
// client that keeps sending requests through a router and records who answered.
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import { planDockerfile } from '../../src/core/docker/dockerfilePlan';
import type { DockerEngine } from '../../src/node/docker/engineClient';
import { buildImage } from '../../src/node/docker/imageBuilder';
import { baseImage } from './dockerTestKit';

const root = path.resolve(__dirname, '..', '..', '..');
export const fixtures = path.join(root, 'test', 'fixtures', 'serving');

/** The linear fixture model with another bias: each version's answers are its own. */
export function linearModel(bias: number): string {
  const model = JSON.parse(fs.readFileSync(path.join(fixtures, 'linear_model.json'), 'utf8')) as { bias: number };
  return JSON.stringify({ ...model, bias });
}

export interface ServingImage {
  tag: string;
  /** Python source of the flavor module (default: the linear fixture). */
  module?: string;
  modelJson: string;
  /** Replaces the server command (an image whose server never comes up). */
  cmd?: string[];
}

/** Builds an image the way dockerize does (planDockerfile + the shipped server), on the local base. */
export async function buildServingImage(engine: DockerEngine, image: ServingImage, labels: Record<string, string>): Promise<void> {
  const plan = planDockerfile({ modelName: 'linear', base: baseImage, port: 8080, modelPath: 'model.json', modelModule: 'flavor.py', maxBodyBytes: 1 << 20 });
  const dockerfile = plan.dockerfile + (image.cmd ? `CMD ${JSON.stringify(image.cmd)}\n` : '');
  await buildImage({
    engine, tag: image.tag, dockerfile, labels,
    contextFiles: [
      { path: 'mlops_serve.py', source: path.join(root, 'python', 'mlops_serve.py') },
      { path: 'flavor.py', contents: image.module ?? fs.readFileSync(path.join(fixtures, 'linear_flavor.py'), 'utf8') },
      { path: 'model.json', contents: image.modelJson },
    ],
  });
}

export const exampleRow = { columns: ['sepal_length', 'sepal_width', 'petal_length', 'petal_width'], data: [[1, 1, 1, 1]] };

const UNANSWERED = ' (connection closed before any answer)';

export interface Answer {
  /** predictions[0], or undefined when the request failed. */
  prediction?: number;
  requestId?: string;
  error?: string;
}

/**
 * Sends requests to `port` without pause on keep-alive connections (`concurrency` at a time)
 * until `stop()` or `count` answers; every answer or failure is recorded in order.
 */
export function loadClient(port: number, options: { concurrency?: number; count?: number } = {}) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.concurrency ?? 1 });
  const answers: Answer[] = [];
  let stopped = false;
  const body = JSON.stringify({ dataframe_split: exampleRow });
  const one = () => new Promise<Answer>((resolve) => {
    let answered = false;
    const request = http.request({ host: '127.0.0.1', port, path: '/invocations', method: 'POST', agent, headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) } }, (response) => {
      answered = true;
      const chunks: Buffer[] = [];
      response.on('data', (c: Buffer) => chunks.push(c));
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString();
        const requestId = response.headers['x-request-id'] as string | undefined;
        if (response.statusCode !== 200) return resolve({ error: `HTTP ${response.statusCode}: ${text.slice(0, 100)}`, requestId });
        try {
          resolve({ prediction: (JSON.parse(text) as { predictions: number[] }).predictions[0], requestId });
        } catch {
          resolve({ error: `not JSON: ${text.slice(0, 100)}` });
        }
      });
      response.on('error', (e) => resolve({ error: e.message }));
    });
    request.setTimeout(30_000, () => request.destroy(new Error('no answer within 30 s')));
    const reset = (e: NodeJS.ErrnoException) => e.code === 'ECONNRESET' || e.message === 'socket hang up';
    request.on('error', (e: NodeJS.ErrnoException) => resolve({ error: `${e.message}${reset(e) && !answered ? UNANSWERED : ''}` }));
    request.end(body);
  });
  let retried = 0;
  let sent = 0;
  const worker = async () => {
    while (!stopped && (options.count === undefined || sent < options.count)) {
      sent++;
      let answer = await one();
      // A router reload closes idle keep-alive connections, and a connection its old worker had just
      // accepted; a request written on one at that instant is reset before any answer (nginx never
      // read it). HTTP clients retry that case (Node's docs on request.reusedSocket, browsers);
      // at most twice, counted, and never any other failure (an error status, a timeout, a reset
      // after the answer began).
      for (let attempt = 0; attempt < 2 && answer.error?.endsWith(UNANSWERED); attempt++) {
        retried++;
        answer = await one();
      }
      answers.push(answer);
    }
  };
  const done = Promise.all(Array.from({ length: options.concurrency ?? 1 }, worker)).then(() => agent.destroy());
  return {
    answers,
    /** Requests sent again after their reused keep-alive connection closed before any answer. */
    get retried() { return retried; },
    async stop(): Promise<Answer[]> {
      stopped = true;
      await done;
      return answers;
    },
    done,
  };
}

/** "2 failed of 300: HTTP 502 …" for an assertion message. */
export function failures(answers: readonly Answer[]): string {
  const failed = answers.filter((a) => a.error !== undefined);
  return `${failed.length} failed of ${answers.length}${failed.length ? `: ${failed[0]!.error}` : ''}`;
}
