// Only the layer rules, on the TypeScript parser: what test/unit/layers proves fails the lint.
import tseslint from 'typescript-eslint';
import { layerRules } from '../../eslint.layers.mjs';

export default [
  { files: ['**/*.ts'], languageOptions: { parser: tseslint.parser } },
  ...layerRules,
];
