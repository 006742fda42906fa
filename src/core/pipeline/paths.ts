// Paths as pipelines write them (relative to the pipeline file's folder), made comparable.

/**
 * A path in canonical form for comparing outputs and deps ("./data//x/" → "data/x"), or undefined
 * for paths that cannot be compared (empty, or with interpolations).
 */
export function normalizePath(path: string): string | undefined {
  if (path.includes('${')) return undefined;
  // Most paths are already canonical: nothing to split and join.
  if (path !== '' && !CANONICAL_BREAKERS.test(path)) return path;
  const parts: string[] = [];
  for (const part of path.replace(/\\/g, '/').split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..' && parts.length > 0 && parts[parts.length - 1] !== '..') parts.pop();
    else parts.push(part);
  }
  const joined = parts.join('/');
  return joined === '' ? (path.trim() === '' ? undefined : '.') : (path.startsWith('/') ? `/${joined}` : joined);
}

/** Anything that makes a path non-canonical: backslashes, '//', '.' or '..' segments, a trailing '/', edge spaces. */
const CANONICAL_BREAKERS = /\\|\/\/|(^|\/)\.\.?(\/|$)|\/$|^\s|\s$/;

