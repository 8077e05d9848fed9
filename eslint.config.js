import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import markwatch from './eslint/plugin.js';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'var/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-control-regex': 'off',
      'no-misleading-character-class': 'off',
    },
  },
  {
    // The layering of src/ (eslint/layers.js) and no import cycles: a back-reach fails `npm run check`.
    files: ['src/**/*.ts', 'src/**/*.tsx', 'src/**/*.js'],
    plugins: { markwatch },
    rules: { 'markwatch/layers': 'error', 'markwatch/no-cycle': 'error' },
  },
  {
    // Browser-side scripts served by the sample marketplace run in Chromium, not Node.
    files: ['src/marketplace/**/client/**/*.js', 'src/web/static/**/*.js'],
    languageOptions: { globals: { ...globals.browser } },
  },
);
