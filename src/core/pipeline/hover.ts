// Hover: the schema's description, type, allowed values and an example for the key (or value, or
// list item) under the cursor.
import { stringify } from 'yaml';
import { enclosingPath, lineAt } from './lineContext';
import type { PathSegment } from './lineContext';
import { describeExpected, resolveSchema, schemaAtPath } from './schema';
import type { SchemaNode } from './schema';
import type { TextRange } from './types';

export function hoverAt(text: string, offset: number): { markdown: string; range: TextRange } | undefined {
  try {
    return hover(text, Math.max(0, Math.min(offset, text.length)));
  } catch {
    return undefined;
  }
}

function hover(text: string, offset: number): { markdown: string; range: TextRange } | undefined {
  const line = lineAt(text, offset);
  if (line.blank || line.comment) return undefined;
  const key = line.key;
  let path: PathSegment[];
  let range: TextRange;
  if (key && offset >= key.start && offset <= key.colon) {
    path = [...keyParentPath(text, line, key.start), key.key];
    range = { start: key.start, end: key.end };
  } else if (key && offset > key.colon) {
    if (line.valueEmpty) return undefined;
    path = [...keyParentPath(text, line, key.start), key.key];
    range = { start: line.valueStart, end: valueEnd(text, line.valueStart, line.end) };
  } else if (line.dashes.length > 0 && offset > line.dashes[line.dashes.length - 1]!) {
    const dash = line.dashes[line.dashes.length - 1]!;
    path = [...enclosingPath(text, line.start, dash - line.start, true), 0];
    range = { start: line.content, end: valueEnd(text, line.content, line.end) };
  } else {
    return undefined;
  }
  if (range.end <= range.start) return undefined;
  if (path.length === 2 && path[0] === 'stages' && typeof path[1] === 'string') {
    const stage = schemaAtPath(path);
    if (!stage) return undefined;
    return { markdown: `**stage \`${path[1]}\`**\n\n${resolveSchema(stage).description ?? ''}\n\nRun it with the **▶ Run stage** lens above it.`, range };
  }
  const schema = schemaAtPath(path);
  if (!schema) return undefined;
  const last = path[path.length - 1];
  const label = typeof last === 'number' ? `${String(path[path.length - 2] ?? '')} item` : String(last ?? '');
  return { markdown: schemaDocumentation(label, schema, typeof last === 'number'), range };
}

function keyParentPath(text: string, line: ReturnType<typeof lineAt>, keyStart: number): PathSegment[] {
  const path = enclosingPath(text, line.start, keyStart - line.start, false);
  if (line.dashes.length > 0) path.push(...line.dashes.map(() => 0));
  return path;
}

/** The end of a value on its line, before a trailing comment and spaces. */
function valueEnd(text: string, start: number, lineEnd: number): number {
  let end = lineEnd;
  const hash = text.indexOf(' #', start);
  if (hash >= 0 && hash < end) end = hash;
  while (end > start && /\s/.test(text[end - 1]!)) end--;
  return end;
}

/** Markdown for a key: its type, description, allowed values, default and an example. */
export function schemaDocumentation(key: string, schema: SchemaNode, asItem = false): string {
  const s = resolveSchema(schema);
  const parts = [`**${key}** · ${describeExpected(s)}`];
  if (s.description) parts.push(s.description);
  if (s.enum) parts.push(`Allowed: ${s.enum.map((v) => `\`${String(v)}\``).join(' · ')}`);
  if (s.default !== undefined) parts.push(`Default: \`${JSON.stringify(s.default).replace(/^"(.*)"$/, '$1')}\``);
  const example = s.examples?.[0];
  if (example !== undefined) {
    const yaml = asItem ? stringify([example]) : stringify({ [key]: example });
    parts.push(`Example:\n\n\`\`\`yaml\n${yaml.trimEnd()}\n\`\`\``);
  }
  return parts.join('\n\n');
}
