import { HashCache } from './hashCache';
import { hashPath, type PathHash } from './sha256';

/**
 * What the runner and the store hash deps and outs with: hashPath plus the store's hash cache,
 * saved after each call that learned something (cheap: one atomic write of a small file).
 */
export class PathHasher {
  constructor(readonly cache?: HashCache) {}

  static forStore(storeDir: string): PathHasher {
    return new PathHasher(HashCache.forStore(storeDir));
  }

  async hashPath(absolutePath: string): Promise<PathHash | null> {
    const result = await hashPath(absolutePath, { cache: this.cache });
    await this.cache?.save();
    return result;
  }

  /** The shape RunnerServices.hashPath wants: the hex hash, or null when the path is missing. */
  async hash(absolutePath: string): Promise<string | null> {
    return (await this.hashPath(absolutePath))?.hash ?? null;
  }
}
