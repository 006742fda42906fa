import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';

const root = path.resolve(__dirname, '..', '..', '..', '..');
const vsix = path.join(root, 'dist', 'mlops-workbench.vsix');

describe('the drift report webview in the package', () => {
  it('ships dist/webview/drift.js and drift.css in the .vsix', () => {
    assert.ok(fs.existsSync(vsix), `${vsix} is missing; run \`npm run package\` first`);
    const bytes = fs.readFileSync(vsix);
    // Zip entry names are stored uncompressed in the archive's directory.
    for (const file of ['extension/dist/webview/drift.js', 'extension/dist/webview/drift.css']) assert.ok(bytes.includes(file), `${file} is not in the .vsix`);
  });
});
