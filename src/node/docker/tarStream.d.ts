// The part of tar-stream 2 (a dependency of dockerode, via tar-fs) used here; it ships no types.
declare module 'tar-stream' {
  import type { Readable, Writable } from 'node:stream';

  interface Headers {
    name: string;
    size?: number;
    mode?: number;
    mtime?: Date;
    type?: 'file' | 'directory';
    uid?: number;
    gid?: number;
  }

  interface Pack extends Readable {
    /** A whole entry from a buffer, or a writable for a streamed entry of `size` bytes. */
    entry(headers: Headers, buffer: Buffer | string, callback?: (error?: Error | null) => void): Writable;
    entry(headers: Headers, callback?: (error?: Error | null) => void): Writable;
    finalize(): void;
    destroy(error?: Error): this;
  }

  export function pack(): Pack;

  interface EntryHeaders { name: string; size?: number; type?: string }

  interface Extract extends Writable {
    on(event: 'entry', listener: (headers: EntryHeaders, stream: Readable, next: (error?: unknown) => void) => void): this;
    on(event: string, listener: (...args: unknown[]) => void): this;
  }

  export function extract(): Extract;
}
