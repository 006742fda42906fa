import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { ESLint } from 'eslint';

const root = path.resolve(__dirname, '..', '..', '..', '..');

/** Lints a snippet as if it were the file at `file`, with exactly the layer rules of eslint.layers.mjs. */
async function layerErrors(file: string, code: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: root, overrideConfigFile: path.join(root, 'test', 'lint-fixtures', 'eslint.layers-only.mjs') });
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return (result?.messages ?? []).map((m) => `${m.ruleId ?? 'parse'}: ${m.message}`);
}

describe('layer rule (eslint no-restricted-imports)', () => {
  it('fails on vscode imported outside src/extension', async () => {
    for (const file of ['src/core/pipeline/x.ts', 'src/node/x.ts', 'src/cli/x.ts', 'webview-ui/compare/x.ts']) {
      const errors = await layerErrors(file, "import * as vscode from 'vscode';\nexport const v = vscode;\n");
      assert.equal(errors.length, 1, `${file}: ${errors.join('; ')}`);
      assert.match(errors[0]!, /^no-restricted-imports: .*Only src\/extension/);
    }
  });

  it('fails on fs and child_process inside src/core, in every spelling', async () => {
    for (const spec of ['fs', 'node:fs', 'fs/promises', 'node:fs/promises', 'child_process', 'node:child_process']) {
      const errors = await layerErrors('src/core/runs/x.ts', `import * as m from '${spec}';\nexport const v = m;\n`);
      assert.equal(errors.length, 1, `${spec}: ${errors.join('; ')}`);
      assert.match(errors[0]!, /src\/core is pure/);
    }
  });

  it('fails on an upward import from core into node or extension', async () => {
    const errors = await layerErrors('src/core/runs/x.ts', "import { a } from '../../node/store';\nimport { b } from '../../extension/extension';\nexport const v = [a, b];\n");
    assert.equal(errors.length, 2, errors.join('; '));
  });

  it('reports both wrong imports in the committed fixture file test/lint-fixtures/src/core/wrongLayer.ts', async () => {
    const fixtures = path.join(root, 'test', 'lint-fixtures');
    const eslint = new ESLint({ cwd: fixtures, ignore: false, overrideConfigFile: path.join(fixtures, 'eslint.layers-only.mjs') });
    const [result] = await eslint.lintFiles(['src/core/wrongLayer.ts']);
    assert.deepEqual(result?.messages.map((m) => [m.line, m.ruleId]), [[3, 'no-restricted-imports'], [4, 'no-restricted-imports']]);
  });

  it('allows the imports each layer is meant to have', async () => {
    assert.deepEqual(await layerErrors('src/extension/x.ts', "import * as vscode from 'vscode';\nimport * as fs from 'node:fs';\nexport const v = [vscode, fs];\n"), []);
    assert.deepEqual(await layerErrors('src/node/x.ts', "import * as cp from 'node:child_process';\nimport { a } from '../core/pipeline/a';\nexport const v = [cp, a];\n"), []);
    assert.deepEqual(await layerErrors('src/core/runs/x.ts', "import { a } from '../pipeline/a';\nexport const v = a;\n"), []);
  });
});
