import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { DIAGNOSTIC_CODES } from '../../../src/core/pipeline/analyze';
import { SUPPORTED_KEYWORDS } from '../../../src/core/pipeline/schema';
import { documentedCodes, repoRoot } from './pipelineTestKit';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
const schema = JSON.parse(fs.readFileSync(path.join(repoRoot, 'schemas', 'pipeline.schema.json'), 'utf8')) as { [key: string]: Json };

/** Every schema object in the document, with its JSON pointer. */
function schemas(node: Json, pointer: string, out: { pointer: string; node: { [key: string]: Json } }[] = []): typeof out {
  if (node === null || typeof node !== 'object' || Array.isArray(node)) return out;
  out.push({ pointer, node });
  const children = (key: string): void => {
    const value = node[key];
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      for (const [k, v] of Object.entries(value)) schemas(v, `${pointer}/${key}/${k}`, out);
    }
  };
  children('properties');
  children('patternProperties');
  children('$defs');
  for (const key of ['items', 'additionalProperties', 'propertyNames', 'not']) if (node[key] && typeof node[key] === 'object') schemas(node[key], `${pointer}/${key}`, out);
  const oneOf = node['oneOf'];
  if (Array.isArray(oneOf)) oneOf.forEach((s, i) => schemas(s, `${pointer}/oneOf/${i}`, out));
  return out;
}

describe('schemas/pipeline.schema.json', () => {
  const all = schemas(schema, '#');

  it('is JSON Schema 2020-12', () => {
    assert.equal(schema['$schema'], 'https://json-schema.org/draft/2020-12/schema');
  });

  it('uses only the keywords the validator implements', () => {
    for (const { pointer, node } of all) {
      for (const key of Object.keys(node)) assert.ok(SUPPORTED_KEYWORDS.includes(key), `${pointer} uses '${key}'`);
    }
  });

  it('gives every property a description and examples', () => {
    const properties = all.filter(({ pointer }) => /\/(properties|patternProperties)\/[^/]+$/.test(pointer));
    assert.ok(properties.length > 40);
    for (const { pointer, node } of properties) {
      assert.equal(typeof node['description'], 'string', `${pointer} has no description`);
      assert.ok(Array.isArray(node['examples']) && node['examples'].length > 0, `${pointer} has no examples`);
    }
  });

  it('resolves every $ref', () => {
    const defs = schema['$defs'] as { [key: string]: Json };
    for (const { pointer, node } of all) {
      const ref = node['$ref'];
      if (typeof ref === 'string') assert.ok(defs[ref.replace('#/$defs/', '')], `${pointer}: ${ref}`);
    }
  });

  it('has examples that are valid for their own enum and type', () => {
    for (const { pointer, node } of all) {
      const examples = node['examples'];
      const values = node['enum'];
      if (!Array.isArray(examples)) continue;
      if (Array.isArray(values)) for (const e of examples) assert.ok(values.includes(e), `${pointer}: example ${JSON.stringify(e)}`);
      const type = node['type'];
      if (type === 'string') for (const e of examples) assert.equal(typeof e, 'string', pointer);
      if (type === 'integer') for (const e of examples) assert.ok(Number.isInteger(e), pointer);
      if (type === 'array') for (const e of examples) assert.ok(Array.isArray(e), pointer);
    }
  });
});

describe('docs/pipeline.md', () => {
  const docs = fs.readFileSync(path.join(repoRoot, 'docs', 'pipeline.md'), 'utf8');

  it('has one row per diagnostic code in its Diagnostics table, and no other', () => {
    assert.equal(new Set(DIAGNOSTIC_CODES).size, DIAGNOSTIC_CODES.length, 'DIAGNOSTIC_CODES lists a code twice');
    for (const code of DIAGNOSTIC_CODES) assert.match(code, /^[a-z]+(-[a-z]+)*$/);
    const documented = documentedCodes();
    for (const code of DIAGNOSTIC_CODES) assert.ok(documented.has(code), `the Diagnostics table of docs/pipeline.md has no row for \`${code}\``);
    for (const code of documented.keys()) assert.ok(DIAGNOSTIC_CODES.includes(code), `docs/pipeline.md documents \`${code}\`, which DIAGNOSTIC_CODES does not list`);
    for (const [code, severity] of documented) assert.match(severity, /^(error|warning|info)$/, `the severity of \`${code}\` in docs/pipeline.md`);
  });

  it('documents every top-level key and stage key', () => {
    const top = Object.keys(schema['properties'] as object);
    const stage = Object.keys(((schema['$defs'] as { [k: string]: { [k: string]: Json } })['stage']!['properties']) as object);
    for (const key of [...top, ...stage]) assert.ok(docs.includes(`\`${key}\``), key);
  });
});
