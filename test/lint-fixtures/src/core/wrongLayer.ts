// A deliberate wrong-layer file: from test/lint-fixtures, `npx eslint --no-ignore -c eslint.layers-only.mjs src`
// reports both imports (the real lint config ignores this folder).
import * as vscode from 'vscode';
import { readFileSync } from 'node:fs';

export const wrong = [vscode, readFileSync];
