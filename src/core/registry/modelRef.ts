// `model@alias` and `model:version`: how a registered model is named wherever a run is accepted
// (register's output, alias, deploy, dockerize, compare). Pure parsing, no lookup.

/** Model and alias names: a letter or digit first, then letters, digits, `.`, `_`, `-` (64 at most). */
export const safeNamePattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export function isSafeName(name: string): boolean {
  return safeNamePattern.test(name) && name !== '.' && name !== '..';
}

export type ModelRef =
  | { readonly kind: 'alias'; readonly model: string; readonly alias: string }
  | { readonly kind: 'version'; readonly model: string; readonly version: number };

export type ParsedRef = { readonly ok: true; readonly ref: ModelRef } | { readonly ok: false; readonly message: string };

/**
 * Parses `model@alias` or `model:version` (version a positive whole number). Anything else is not
 * a model reference (`ok: false` with one sentence), so a caller can fall back to a run id.
 */
export function parseModelRef(text: string): ParsedRef {
  const trimmed = text.trim();
  const at = trimmed.indexOf('@');
  const colon = trimmed.indexOf(':');
  if (at < 0 && colon < 0) return { ok: false, message: `'${trimmed}' is not a model reference; write model@alias or model:version.` };
  const split = at >= 0 ? at : colon;
  const model = trimmed.slice(0, split);
  const rest = trimmed.slice(split + 1);
  if (!isSafeName(model)) return { ok: false, message: `'${model}' is not a model name (letters, digits, '.', '_', '-').` };
  if (at >= 0) {
    if (!isSafeName(rest)) return { ok: false, message: `'${rest}' is not an alias name (letters, digits, '.', '_', '-').` };
    return { ok: true, ref: { kind: 'alias', model, alias: rest } };
  }
  if (!/^[1-9][0-9]{0,8}$/.test(rest)) return { ok: false, message: `'${rest}' is not a version number; versions are 1, 2, 3…` };
  return { ok: true, ref: { kind: 'version', model, version: Number(rest) } };
}

export function formatModelRef(ref: ModelRef): string {
  return ref.kind === 'alias' ? `${ref.model}@${ref.alias}` : `${ref.model}:${ref.version}`;
}
