import * as fs from 'node:fs';
import * as path from 'node:path';
import ignore from '@balena/dockerignore';

/**
 * Every file under `dir`, relative and '/'-separated, for planBuildContext. A folder the
 * .dockerignore excludes as a whole is not walked (`.git`, `data`, virtualenvs can be large),
 * unless the file has `!` exceptions, which could bring back a file inside it.
 */
export async function listProjectFiles(dir: string, dockerignore: string): Promise<string[]> {
  const lines = dockerignore.split(/\r?\n/);
  const rules = ignore({ ignorecase: false }).add(lines);
  const prune = !lines.some((line) => line.trim().startsWith('!'));
  const files: string[] = [];
  const walk = async (relative: string): Promise<void> => {
    const entries = await fs.promises.readdir(path.join(dir, relative), { withFileTypes: true });
    for (const entry of entries) {
      const rel = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (!(prune && rules.ignores(rel))) await walk(rel);
      } else if (entry.isFile()) {
        files.push(rel);
      }
      // Symlinks and sockets are left out: the context carries regular files only.
    }
  };
  await walk('');
  return files;
}
