// `model@alias` / `model:version` to the registered version it names, in one registry: what
// deploy, dockerize and compare use wherever they accept a run (docs/registry.md).
import { formatModelRef, parseModelRef, type ModelRef } from '../../core/registry/modelRef';
import type { ModelVersion } from '../../core/registry/registryModel';
import { readAliases, readVersions, RegistryError } from './registryStore';

/** Whether the text is meant as a model reference (it has `@` or `:`) rather than a run id. */
export function looksLikeModelRef(text: string): boolean {
  return /[@:]/.test(text.trim());
}

/**
 * The version a reference names. Unknown model, alias or version: a RegistryError (`not-found`)
 * with one sentence naming what there is; a malformed reference: `bad-input`.
 */
export function lookupModelRef(registry: string, text: string): { readonly ref: ModelRef; readonly version: ModelVersion } {
  const parsed = parseModelRef(text);
  if (!parsed.ok) throw new RegistryError('bad-input', parsed.message);
  const { ref } = parsed;
  const versions = readVersions(registry, ref.model);
  if (versions.length === 0) throw new RegistryError('not-found', `There is no registered model '${ref.model}' here; \`mlops models\` lists them.`);
  let number: number;
  if (ref.kind === 'alias') {
    const aliases = readAliases(registry, ref.model);
    const target = aliases[ref.alias];
    if (target === undefined) {
      const names = Object.keys(aliases).sort();
      throw new RegistryError('not-found', `${ref.model} has no alias '${ref.alias}'; ${names.length > 0 ? `its aliases are ${names.join(', ')}` : 'it has no aliases yet'}.`);
    }
    number = target;
  } else {
    number = ref.version;
  }
  const version = versions.find((v) => v.version === number);
  if (!version) throw new RegistryError('not-found', `${formatModelRef(ref)} names version ${number}, which ${ref.model} does not have; its versions are ${versions.map((v) => v.version).join(', ')}.`);
  return { ref, version };
}
