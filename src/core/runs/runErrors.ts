/** Why a store, importer, hashing or git operation failed; callers branch on `code`. */
export type RunStoreErrorCode =
  | 'not-found'
  | 'read-only'
  | 'invalid-id'
  | 'bad-state'
  | 'locked'
  | 'corrupt'
  | 'git-failed'
  | 'patch-failed'
  | 'not-a-repo';

export class RunStoreError extends Error {
  constructor(readonly code: RunStoreErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RunStoreError';
  }
}
