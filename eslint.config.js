// One linter for the whole tree; the import rules keep each process in its lane.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const nodeBuiltins = { group: ['node:*'], message: 'The renderer is a web page: no Node built-ins.' };
const forbid = (patterns, message) => ({ group: patterns, message });

export default tseslint.config(
  { ignores: ['node_modules/', 'out/', 'dist/', '.tsbuild/', '.cache/', 'artifacts/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'The renderer talks to main only through the bridge.' }],
          patterns: [
            forbid(['**/core', '**/core/**'], 'The renderer never imports the engine; use the bridge.'),
            forbid(
              ['**/main', '**/main/**', '**/preload/**', '**/cli/**'],
              'The renderer imports only contract/.',
            ),
            nodeBuiltins,
          ],
        },
      ],
    },
  },
  {
    files: ['core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'core/ is plain Node: it never imports electron.' }],
          patterns: [
            forbid(
              ['**/main/**', '**/renderer/**', '**/preload/**', '**/cli/**'],
              'core/ imports only contract/.',
            ),
          ],
        },
      ],
    },
  },
  {
    files: ['contract/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'contract/ is types and schemas only.' }],
          patterns: [
            forbid(['node:*'], 'contract/ imports no runtime.'),
            forbid(
              ['**/core/**', '**/main/**', '**/renderer/**', '**/preload/**', '**/cli/**'],
              'contract/ imports nothing of ours.',
            ),
          ],
        },
      ],
    },
  },
  {
    files: ['preload/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            forbid(
              ['**/core/**', '**/main/**', '**/renderer/**', '**/cli/**'],
              'preload/ imports only contract/.',
            ),
          ],
        },
      ],
    },
  },
);
