// The layer rules of ../shared/STYLE.md, kept apart from the rest of the lint config so a unit
// test can run exactly these rules against deliberate wrong-layer imports.
const vscode = { name: 'vscode', message: 'Only src/extension (and its tests) may import vscode.' };
const nodeIo = ['fs', 'node:fs', 'child_process', 'node:child_process'].map(
  (name) => ({ name, message: 'src/core is pure: file and process access belongs in src/node.' }),
);
const nodeIoPatterns = [{ group: ['fs/*', 'node:fs/*'], message: 'src/core is pure: file access belongs in src/node.' }];
const upward = (layers) => layers.map((layer) => ({
  group: [`**/${layer}/**`, `**/${layer}`],
  message: `Imports point down the layers (core ← node ← cli/extension); this one points up to ${layer}.`,
}));

export const layerRules = [
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [vscode, ...nodeIo],
        patterns: [...nodeIoPatterns, ...upward(['node', 'cli', 'extension'])],
      }],
    },
  },
  {
    files: ['src/node/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [vscode], patterns: upward(['cli', 'extension']) }] },
  },
  {
    files: ['src/cli/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [vscode], patterns: upward(['extension']) }] },
  },
  {
    files: ['webview-ui/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [vscode, ...nodeIo],
        patterns: [{ group: ['**/src/node/**', '**/src/extension/**', '**/src/cli/**'], message: 'Webview code imports only its panel protocol and browser code.' }],
      }],
    },
  },
];
