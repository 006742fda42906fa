import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { DEFAULT_DRIFT_SETTINGS, resolveSettings } from '../../../src/core/monitor/driftReport';

const root = path.join(__dirname, '..', '..', '..', '..');
interface KeySchema { enum?: string[]; default?: string | number; minimum?: number; maximum?: number; exclusiveMinimum?: number }
const monitor = (JSON.parse(fs.readFileSync(path.join(root, 'schemas', 'pipeline.schema.json'), 'utf8')) as { properties: { monitor: { required: string[]; properties: Record<string, KeySchema> } } }).properties.monitor;

/** The rows of the table under "### monitor" in docs/pipeline.md: key → [type, default, meaning]. */
function documentedKeys(): Map<string, string[]> {
  const docs = fs.readFileSync(path.join(root, 'docs', 'pipeline.md'), 'utf8');
  const start = docs.indexOf('\n### monitor\n');
  assert.ok(start >= 0, 'docs/pipeline.md has no "### monitor" section');
  const section = docs.slice(start + 1).split(/\n#{2,3} /)[0]!;
  const rows = new Map<string, string[]>();
  for (const line of section.split('\n')) {
    const cells = line.split(/(?<!\\)\|/).slice(1, -1).map((c) => c.trim());
    const key = /^`([A-Za-z]+)`$/.exec(cells[0] ?? '')?.[1];
    if (key) rows.set(key, cells.slice(1));
  }
  return rows;
}

describe('docs/pipeline.md describes every monitor: key as the schema does', () => {
  const rows = documentedKeys();
  it('one row per key of the schema, and no other', () => {
    assert.deepEqual([...rows.keys()].sort(), Object.keys(monitor.properties).sort(), 'the monitor table of docs/pipeline.md and schema monitor.properties list different keys');
  });
  for (const [key, schema] of Object.entries(monitor.properties)) {
    it(`\`${key}\`: its values, default and whether it is required`, () => {
      const [type, fallback] = rows.get(key) ?? ['', ''];
      for (const value of schema.enum ?? []) assert.ok(type!.includes(`\`${value}\``), `the type of \`${key}\` in docs/pipeline.md does not name \`${value}\`: "${type}"`);
      if (schema.default !== undefined) assert.ok(fallback!.includes(`\`${schema.default}\``), `the schema's default of \`${key}\` is ${schema.default}; docs/pipeline.md says "${fallback}"`);
      assert.equal(fallback!.includes('required'), monitor.required.includes(key), `docs/pipeline.md and the schema disagree on whether \`${key}\` is required`);
    });
  }
  it('the defaults the drift check applies are the documented ones', () => {
    const [, threshold] = rows.get('threshold') ?? [];
    assert.match(threshold ?? '', /`0\.2` with `psi`, `0\.1` with `wasserstein`/);
    assert.equal(resolveSettings({ method: 'psi' }).threshold, 0.2);
    assert.equal(resolveSettings({ method: 'wasserstein' }).threshold, 0.1);
    assert.ok(rows.get('pValue')?.[1]?.includes(`\`${DEFAULT_DRIFT_SETTINGS.pValue}\``), 'pValue default');
  });
});
