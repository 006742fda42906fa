// Who an audit entry is by: the repository's git user (name and email), else the OS user.
import { execFileSync } from 'node:child_process';
import * as os from 'node:os';

function gitConfig(dir: string, key: string): string | undefined {
  try {
    const value = execFileSync('git', ['config', '--get', key], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 5000 }).trim();
    return value === '' ? undefined : value;
  } catch {
    return undefined; // no git, no repository, or the key is unset
  }
}

/** `Name <email>` from git config as seen from `dir` (repository, then global); else the OS user name. */
export function whoAmI(dir: string): string {
  const name = gitConfig(dir, 'user.name');
  const email = gitConfig(dir, 'user.email');
  if (name && email) return `${name} <${email}>`;
  if (name || email) return (name ?? email)!;
  try {
    return os.userInfo().username;
  } catch {
    return process.env.USER ?? process.env.USERNAME ?? 'unknown';
  }
}
