// One linter for the whole tree; the import rules keep each process in its lane.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const nodeBuiltins = { group: ['node:*'], message: 'The renderer is a web page: no Node built-ins.' };
const forbid = (patterns, message) => ({ group: patterns, message });

// Test support lives in `testing/` folders; only tests and other test support may import it.
const testSupport = ['**/*.test.ts', '**/*.test.tsx', '**/*.root-test.ts', '**/testing/**'];
const testingOnly = forbid(
  ['**/testing', '**/testing/**'],
  'testing/ holds test support: only tests and other test support import it.',
);

const coreElectron = { name: 'electron', message: 'core/ is plain Node: it never imports electron.' };
const coreLane = forbid(
  ['**/main/**', '**/renderer/**', '**/preload/**', '**/cli/**'],
  'core/ imports only contract/.',
);

/**
 * One folder's import rule, twice: as given for its tests and test support, and with `testing/` refused
 * for its product files (a later rule for the same file replaces an earlier one, so each carries all).
 */
const lane = (files, { paths = [], patterns = [], product = [] }) => [
  { files, rules: { 'no-restricted-imports': ['error', { paths, patterns }] } },
  {
    files,
    ignores: testSupport,
    rules: {
      'no-restricted-imports': ['error', { paths, patterns: [...patterns, ...product, testingOnly] }],
    },
  },
];

// Layers inside the engine, in the spirit of VS Code's code-layering rule: io <- image <- write.
// A folder's product files import nothing from a layer above it (its tests may use any fixture).
const above = (folders, layer) =>
  forbid(
    folders.flatMap((f) => [`**/${f}`, `**/${f}/**`]),
    `Bad layering: core/${layer}/ does not import ${folders.map((f) => `core/${f}/`).join(', ')}.`,
  );
// Above both: the writer and everything that uses it, and boot, root and channel, which use the composer
// (root importing image/tree/walk.ts is what ended the image <-> root cycle).
const upper = ['write', 'stick', 'workshop', 'service', 'boot', 'root', 'channel'];
const layers = { io: ['image', ...upper], image: upper };

// Renderer subscriptions: named fields (useFields) or a selector returning a value that stays the same.
const wholeStore = [
  {
    selector: "CallExpression[callee.name='useStore'][arguments.length=0]",
    message: 'useStore() with no selector renders on every store change: use useFields(...) or a selector.',
  },
  {
    selector:
      "CallExpression[callee.name='useStore'] > ArrowFunctionExpression[body.type=/^(Object|Array)Expression$/]",
    message: 'A selector returning a new object or array renders on every store change: use useFields(...).',
  },
];

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
      // A component subscribed to the whole store renders on every change of it, each progress event too.
      'no-restricted-syntax': ['error', ...wholeStore],
    },
  },
  ...lane(['renderer/**/*.{ts,tsx}'], {
    paths: [{ name: 'electron', message: 'The renderer talks to main only through the bridge.' }],
    patterns: [
      forbid(['**/core', '**/core/**'], 'The renderer never imports the engine; use the bridge.'),
      forbid(['**/main', '**/main/**', '**/preload/**', '**/cli/**'], 'The renderer imports only contract/.'),
      nodeBuiltins,
    ],
  }),
  ...lane(['core/**/*.ts'], { paths: [coreElectron], patterns: [coreLane] }),
  ...Object.entries(layers).flatMap(([layer, folders]) =>
    lane([`core/${layer}/**/*.ts`], {
      paths: [coreElectron],
      patterns: [coreLane],
      product: [above(folders, layer)],
    }),
  ),
  ...lane(['contract/**/*.ts'], {
    paths: [{ name: 'electron', message: 'contract/ is types and schemas only.' }],
    patterns: [
      forbid(['node:*'], 'contract/ imports no runtime.'),
      forbid(
        ['**/core/**', '**/main/**', '**/renderer/**', '**/preload/**', '**/cli/**'],
        'contract/ imports nothing of ours.',
      ),
    ],
  }),
  ...lane(['preload/**/*.ts'], {
    patterns: [
      forbid(['**/core/**', '**/main/**', '**/renderer/**', '**/cli/**'], 'preload/ imports only contract/.'),
    ],
  }),
  ...lane(['main/**/*.ts', 'cli/**/*.ts'], {}),
);
