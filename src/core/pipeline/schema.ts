// The pipeline schema (schemas/pipeline.schema.json), the one source of truth for validation,
// completion, hover and docs, and the few lookups over it that those features share.
import schemaJson from '../../../schemas/pipeline.schema.json';

/** The subset of JSON Schema 2020-12 the pipeline schema uses (a unit test keeps it that way). */
export interface SchemaNode {
  $schema?: string;
  $id?: string;
  $ref?: string;
  $defs?: Record<string, SchemaNode>;
  title?: string;
  description?: string;
  examples?: unknown[];
  default?: unknown;
  type?: SchemaType | SchemaType[];
  enum?: unknown[];
  const?: unknown;
  pattern?: string;
  minLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  minItems?: number;
  uniqueItems?: boolean;
  items?: SchemaNode;
  properties?: Record<string, SchemaNode>;
  additionalProperties?: boolean | SchemaNode;
  patternProperties?: Record<string, SchemaNode>;
  propertyNames?: SchemaNode;
  minProperties?: number;
  required?: string[];
  oneOf?: SchemaNode[];
  not?: SchemaNode;
}

export type SchemaType = 'object' | 'array' | 'string' | 'number' | 'integer' | 'boolean' | 'null';

/** Every keyword the validator understands; the schema may use no other. */
export const SUPPORTED_KEYWORDS: readonly string[] = [
  '$schema', '$id', '$ref', '$defs', 'title', 'description', 'examples', 'default', 'type', 'enum', 'const',
  'pattern', 'minLength', 'minimum', 'maximum', 'exclusiveMinimum', 'minItems', 'uniqueItems', 'items',
  'properties', 'patternProperties', 'additionalProperties', 'propertyNames', 'minProperties', 'required', 'oneOf', 'not',
];

export const pipelineSchema = schemaJson as unknown as SchemaNode;

const resolved = new WeakMap<SchemaNode, SchemaNode>();

/**
 * The schema with its `$ref` followed; keywords beside the `$ref` (a property's own description
 * and examples) win over the referenced definition's.
 */
export function resolveSchema(schema: SchemaNode): SchemaNode {
  if (schema.$ref === undefined) return schema;
  let result = resolved.get(schema);
  if (!result) {
    const name = schema.$ref.replace(/^#\/\$defs\//, '');
    const target = pipelineSchema.$defs?.[name];
    if (!target) throw new Error(`pipeline schema: unknown $ref ${schema.$ref}`);
    const { $ref: _ref, ...siblings } = schema;
    result = { ...resolveSchema(target), ...siblings };
    resolved.set(schema, result);
  }
  return result;
}

export function stageSchema(): SchemaNode {
  return resolveSchema({ $ref: '#/$defs/stage' });
}

/** The schema for the value of `key` in a mapping described by `schema`, if any. */
export function propertySchema(schema: SchemaNode, key: string): SchemaNode | undefined {
  const s = resolveSchema(schema);
  const own = s.properties && Object.prototype.hasOwnProperty.call(s.properties, key) ? s.properties[key] : undefined;
  if (own) return resolveSchema(own);
  if (typeof s.additionalProperties === 'object') return resolveSchema(s.additionalProperties);
  if (s.oneOf) {
    for (const branch of s.oneOf) {
      const found = propertySchema(branch, key);
      if (found) return found;
    }
  }
  return undefined;
}

/** The property names a mapping may have, with their schemas (merging oneOf branches). */
export function knownProperties(schema: SchemaNode): Map<string, SchemaNode> {
  const s = resolveSchema(schema);
  const out = new Map<string, SchemaNode>();
  for (const [key, value] of Object.entries(s.properties ?? {})) out.set(key, resolveSchema(value));
  for (const branch of s.oneOf ?? []) for (const [key, value] of knownProperties(branch)) if (!out.has(key)) out.set(key, value);
  return out;
}

/** The schema of the items of a list described by `schema` (the first array branch of a oneOf). */
export function itemSchema(schema: SchemaNode): SchemaNode | undefined {
  const s = resolveSchema(schema);
  if (s.items) return resolveSchema(s.items);
  for (const branch of s.oneOf ?? []) {
    const found = itemSchema(branch);
    if (found) return found;
  }
  return undefined;
}

/** The schema at a path of keys (numbers for list items) from the root, if the schema knows it. */
export function schemaAtPath(path: readonly (string | number)[]): SchemaNode | undefined {
  let schema: SchemaNode | undefined = pipelineSchema;
  for (const segment of path) {
    if (!schema) return undefined;
    schema = typeof segment === 'number' ? itemSchema(schema) : propertySchema(schema, segment);
  }
  return schema ? resolveSchema(schema) : undefined;
}

const typesOf = new WeakMap<SchemaNode, SchemaType[]>();

/** The JSON types a schema accepts ([] when it does not say); memoised, it runs per node. */
export function schemaTypes(schema: SchemaNode): SchemaType[] {
  let types = typesOf.get(schema);
  if (!types) {
    types = computeTypes(schema);
    typesOf.set(schema, types);
  }
  return types;
}

function computeTypes(schema: SchemaNode): SchemaType[] {
  const s = resolveSchema(schema);
  if (s.type !== undefined) return Array.isArray(s.type) ? s.type : [s.type];
  if (s.oneOf) return [...new Set(s.oneOf.flatMap(schemaTypes))];
  if (s.enum) return [...new Set(s.enum.map((v) => (v === null ? 'null' : typeof v === 'number' ? 'number' : typeof v === 'boolean' ? 'boolean' : 'string') as SchemaType))];
  return [];
}

/** "a string", "a list of strings", "a string or a list of strings", ... */
export function describeExpected(schema: SchemaNode): string {
  const s = resolveSchema(schema);
  if (s.oneOf) return joinOr(s.oneOf.map(describeExpected));
  if (s.enum) return `one of ${s.enum.map((v) => JSON.stringify(v)).join(', ')}`;
  const types = schemaTypes(s);
  return joinOr(types.map((t) => {
    if (t === 'array') {
      const items = s.items ? resolveSchema(s.items) : undefined;
      const itemTypes = items ? schemaTypes(items) : [];
      return itemTypes.length === 1 ? `a list of ${plural(itemTypes[0]!)}` : 'a list';
    }
    return article(t);
  }));
}

function article(type: SchemaType): string {
  switch (type) {
    case 'object': return 'a mapping';
    case 'array': return 'a list';
    case 'integer': return 'an integer';
    case 'null': return 'empty';
    default: return `a ${type}`;
  }
}

function plural(type: SchemaType): string {
  switch (type) {
    case 'object': return 'mappings';
    case 'array': return 'lists';
    default: return `${type}s`;
  }
}

function joinOr(parts: string[]): string {
  const unique = [...new Set(parts)];
  if (unique.length <= 1) return unique[0] ?? 'a value';
  return `${unique.slice(0, -1).join(', ')} or ${unique[unique.length - 1]!}`;
}
