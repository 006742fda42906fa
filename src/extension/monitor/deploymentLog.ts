import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { DeploymentState } from '../../core/deploy/deploymentTypes';
import { dockerBundle } from '../docker/dockerBundle';
import { readDockerSettings } from '../docker/dockerSettings';

/** The folder of the serving container's request log (docs/serving.md#the-request-log). */
export const REQUEST_LOG_DIR = '/tmp/mlops';
const LOG_NAME = /^requests\.jsonl(?:\.(\d+))?$/;

/**
 * Copies the request logs of a deployment's versions that answer clients (not a shadow, which
 * gets copies of the same requests) out of their containers into one file, each version's
 * rotated logs oldest first. Returns the rows' byte count (0: nothing logged yet).
 */
export async function copyDeploymentLog(d: DeploymentState, target: string, signal?: AbortSignal): Promise<{ bytes: number; versions: number }> {
  const versions = d.versions.filter((v) => v.running && v.role !== 'shadow');
  if (versions.length === 0) throw new Error(`${d.deployment} has no running version to read requests from; deploy it again.`);
  const bundle = dockerBundle();
  const dockerEngine = bundle.openEngine({ override: readDockerSettings().host });
  const scratch = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'mlops-drift-'));
  try {
    await fs.promises.mkdir(path.dirname(target), { recursive: true });
    const out = fs.createWriteStream(target);
    const closed = new Promise<void>((resolve, reject) => { out.once('close', resolve); out.once('error', reject); });
    try {
      for (const v of versions) {
        const dir = path.join(scratch, v.containerId);
        await fs.promises.mkdir(dir);
        let names: string[];
        try {
          names = await bundle.copyFilesOutOfContainer(dockerEngine, v.containerId, REQUEST_LOG_DIR, dir, { timeoutMs: 120_000, ...(signal ? { signal } : {}) });
        } catch (error) {
          // No log folder yet: this version has answered no request.
          if ((error as { code?: string }).code === 'not-found') continue;
          throw error;
        }
        const ordered = names.map((n) => ({ n, m: LOG_NAME.exec(n) })).filter((x) => x.m)
          .sort((a, b) => Number(b.m![1] ?? 0) - Number(a.m![1] ?? 0)).map((x) => x.n);
        for (const name of ordered) await pipeline(fs.createReadStream(path.join(dir, name)), out, { end: false });
      }
    } finally {
      out.end();
    }
    await closed;
    return { bytes: (await fs.promises.stat(target)).size, versions: versions.length };
  } finally {
    await fs.promises.rm(scratch, { recursive: true, force: true });
  }
}
