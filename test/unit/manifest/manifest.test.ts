import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { runColour } from '../../../webview-ui/compare/palette';

const root = path.resolve(__dirname, '..', '..', '..', '..');
interface Manifest {
  contributes: {
    commands: { command: string; title: string; category?: string }[];
    colors: { id: string; defaults: Record<string, string> }[];
    menus: Record<string, { command: string }[]>;
  };
}
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as Manifest;
const commandIdsSource = fs.readFileSync(path.join(root, 'src', 'extension', 'commandIds.ts'), 'utf8');

describe('package.json manifest', () => {
  it('declares exactly the command ids src/extension/commandIds.ts lists, all under category MLOps', () => {
    const block = commandIdsSource.slice(commandIdsSource.indexOf('export const CommandIds'), commandIdsSource.indexOf('} as const;'));
    const declaredInCode = [...block.matchAll(/'(mlops\.[\w.]+)'/g)].map((m) => m[1]).sort();
    const declaredInManifest = manifest.contributes.commands.map((c) => c.command).sort();
    assert.deepEqual(declaredInManifest, declaredInCode);
    assert.ok(manifest.contributes.commands.every((c) => c.category === 'MLOps'));
  });

  it('names only declared commands in its menus', () => {
    const declared = new Set(manifest.contributes.commands.map((c) => c.command));
    for (const [menu, entries] of Object.entries(manifest.contributes.menus)) {
      for (const entry of entries) assert.ok(declared.has(entry.command), `${menu} names ${entry.command}`);
    }
  });

  it('contributes run colours equal to the charts\' palette, so tree swatches match chart lines', () => {
    const colours = manifest.contributes.colors.filter((c) => c.id.startsWith('mlops.runColour'));
    assert.equal(colours.length, 12);
    colours.forEach((c, i) => {
      assert.equal(c.id, `mlops.runColour${i}`);
      for (const value of Object.values(c.defaults)) assert.equal(value, runColour(i));
    });
  });
});
